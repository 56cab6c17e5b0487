import Foundation
import Testing
@testable import Neural

@Suite struct StudyLogTests {
    static func temporaryURL() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID().uuidString).jsonl")
    }

    static func record(_ trial: Int) -> TrialRecord {
        let request = TrialRequest(trial: trial, candidate: trial, iteration: 0,
                                   configuration: Configuration(names: ["x"], values: ["\(trial)"]), seed: 1, epochs: nil)
        let fold = FoldReport(repeatIndex: 0, foldIndex: 0, trainingRows: 4, validationRows: 0, scoredRows: 2, epochs: 3,
                              evaluation: .regression(RegressionReport(mse: 0.1 * Double(trial), rmse: 0, mae: 0, r2: 0.5, samples: 2)))
        return TrialRecord(request: request, measurement: TrialMeasurement(folds: [fold]), seconds: 0.25)
    }

    @Test func recordsAreReadBackAndSettingsChecked() throws {
        let url = Self.temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            let log = try StudyLog(url: url, settings: ["seed": "1", "space": "x=1|2"])
            #expect(!log.resumed)
            try log.append(Self.record(0))
            try log.append(Self.record(1))
            log.close()
        }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"study":{"seed":"1","space":"x=1|2"}}"#)
        let reopened = try StudyLog(url: url, settings: ["seed": "1", "space": "x=1|2"])
        #expect(reopened.resumed)
        #expect(reopened.trials == [Self.record(0), Self.record(1)])
        reopened.close()
        #expect(throws: SelectionError.study(path: url.path, "it was started with other settings (seed: 1 there, 2 now); resume with the same command, or use another --study file.")) {
            try StudyLog(url: url, settings: ["seed": "2", "space": "x=1|2"])
        }
    }

    @Test func aSearchThatFinishesNoTrialLeavesNoFile() throws {
        let url = Self.temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        let log = try StudyLog(url: url, settings: ["seed": "1"])
        #expect(!log.resumed)
        log.close()
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(!FileManager.default.fileExists(atPath: url.path + ".lock"))
        // An empty file that is there already gets its settings with the first trial.
        try Data().write(to: url)
        let again = try StudyLog(url: url, settings: ["seed": "1"])
        again.close()
        #expect(try Data(contentsOf: url).isEmpty)
    }

    @Test func aLineCutShortByAKillIsDropped() throws {
        let url = Self.temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            let log = try StudyLog(url: url, settings: ["seed": "1"])
            try log.append(Self.record(0))
            log.close()
        }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"trial":1,"cand"#.utf8))
        try handle.close()
        let log = try StudyLog(url: url, settings: ["seed": "1"])
        #expect(log.trials == [Self.record(0)])
        try log.append(Self.record(1))
        log.close()
        let again = try StudyLog(url: url, settings: ["seed": "1"])
        #expect(again.trials == [Self.record(0), Self.record(1)])
        again.close()
    }

    @Test func aBrokenLineInTheMiddleIsAnError() throws {
        let url = Self.temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("{\"study\":{\"seed\":\"1\"}}\nnot json\n".utf8).write(to: url)
        #expect(throws: SelectionError.self) { try StudyLog(url: url, settings: ["seed": "1"]) }
        try Data("hello\n".utf8).write(to: url)
        #expect(throws: SelectionError.study(path: url.path, "line 1 is not a study's settings; is this a study log?")) {
            try StudyLog(url: url, settings: ["seed": "1"])
        }
    }

    /// A record edited to a score no model reaches, a negative duration or epoch count is refused
    /// naming the line and the field, instead of being ranked first and refitted; the log is
    /// left as it was.
    @Test(arguments: [
        ("folds", "metrics", "mse", "-1", "line 3 is not a trial record (mse must be a finite number ≥ 0, got -1.0 at folds[0].metrics.mse)."),
        ("folds", "metrics", "r2", "1.5", "line 3 is not a trial record (r2 must be at most 1, got 1.5 at folds[0].metrics.r2)."),
        ("folds", "metrics", "r2", "\"NaN\"", "line 3 is not a trial record (r2 must be a finite number, got nan at folds[0].metrics.r2)."),
        ("folds", "", "epochs", "-4", "line 3 is not a trial record (epochs must be at least 0, got -4 at folds[0].epochs)."),
        ("", "", "seconds", "-7", "line 3 is not a trial record (seconds must be a finite number ≥ 0, got -7.0 at seconds)."),
        ("", "", "epochs", "0", "line 3 is not a trial record (epochs must be at least 1, got 0 at epochs)."),
    ])
    func anEditedRecordIsRefusedNamingTheField(list: String, object: String, field: String, value: String, message: String) throws {
        let url = Self.temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        let log = try StudyLog(url: url, settings: ["seed": "1"])
        try log.append(Self.record(0))
        try log.append(Self.record(1))
        log.close()
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        var record = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        let number = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        if list.isEmpty {
            record[field] = number
        } else {
            var folds = try #require(record[list] as? [[String: Any]])
            if object.isEmpty {
                folds[0][field] = number
            } else {
                var metrics = try #require(folds[0][object] as? [String: Any])
                metrics[field] = number
                folds[0][object] = metrics
            }
            record[list] = folds
        }
        lines[2] = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        let edited = Data((lines.joined(separator: "\n") + "\n").utf8)
        try edited.write(to: url)
        #expect(throws: SelectionError.study(path: url.path, message)) { try StudyLog(url: url, settings: ["seed": "1"]) }
        #expect(try Data(contentsOf: url) == edited)
    }

    @Test func aSecondWriterIsRefusedWithTheHoldersName() throws {
        let url = Self.temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        let first = try StudyLog(url: url, settings: ["seed": "1"])
        // flock locks belong to the open file description, so a second open in this process conflicts too.
        do {
            _ = try StudyLog(url: url, settings: ["seed": "1"])
            Issue.record("a second writer was let in")
        } catch let SelectionError.study(_, message) {
            #expect(message.contains("another search is writing it"))
            #expect(message.contains("process \(getpid())"))
        }
        first.close()
        #expect(!FileManager.default.fileExists(atPath: url.path + ".lock"))
        let second = try StudyLog(url: url, settings: ["seed": "1"])
        second.close()
    }

    @Test func aStaleLockFileIsTakenOver() throws {
        let url = Self.temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        // What a killed holder leaves: the lock file with its name, but no flock held.
        try Data("process 999999 on elsewhere since 2026-01-01T00:00:00Z\n".utf8).write(to: URL(fileURLWithPath: url.path + ".lock"))
        let log = try StudyLog(url: url, settings: ["seed": "1"])
        #expect(log.takenOverFrom == "process 999999 on elsewhere since 2026-01-01T00:00:00Z")
        log.close()
    }
}
