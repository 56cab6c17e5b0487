/// The arguments the running command was given (without the program name), so that a message can
/// repeat the command, for example the one that resumes an interrupted training.
enum CommandArguments {
    @TaskLocal static var current: [String] = []

    /// `arguments` as a shell command line, quoting what the shell would split or expand.
    static func shellLine(_ arguments: [String]) -> String {
        arguments.map(quoted).joined(separator: " ")
    }

    /// The first option given more than once (`--target a --target b`), or nil. Every option
    /// of the command line takes one value or is a switch, so a repetition is a mistake (the
    /// parser would silently keep the last). Words after `--` are not options.
    static func repeatedOption(in arguments: [String]) -> String? {
        var seen: Set<Substring> = []
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--"), argument.count > 2 else { continue }
            let name = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if !seen.insert(name).inserted { return String(name) }
        }
        return nil
    }

    static func quoted(_ argument: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:@%+")
        if !argument.isEmpty && argument.allSatisfy({ safe.contains($0) }) { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
