// libFuzzer target for the CSV reader and the table loader (built by Fuzz/build.sh).
//
// The first input byte picks the reader's options, the rest is the file:
//   bits 0-2  chunk size: 1, 2, 3, 4, 7, 16, 64 or 4096 bytes (small chunks put record, quote,
//             CRLF and byte-order-mark boundaries across refills);
//   bits 3-4  delimiter: ',', ';', tab or '|';
//   bit 5     a record limit of 64 bytes instead of the default (exercises recordTooLong);
//   bit 6     read the table in blocks of 3 rows instead of all at once;
//   bit 7     declare the first column categorical and the second numeric.
// Every stage may throw a DataError; a crash, a sanitizer report, a hang or unbounded memory is
// a finding.
import Foundation
import Neural

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let control = bytes[0]
    let file = Array(bytes[1...])

    let chunkSizes = [1, 2, 3, 4, 7, 16, 64, 4096]
    let delimiters: [Unicode.Scalar] = [",", ";", "\t", "|"]
    let options = CSVOptions(delimiter: delimiters[Int(control >> 3) & 3],
                             chunkSize: chunkSizes[Int(control) & 7],
                             maxRecordBytes: control & 0x20 != 0 ? 64 : CSVOptions.defaultMaxRecordBytes)

    // 1. Every record as text.
    var header = [String]()
    do {
        let reader = try CSVReader(bytes: file, name: "fuzz.csv", options: options)
        header = reader.header
        var rows = 0
        while let row = try reader.next() {
            precondition(row.fields.count == header.count, "a row passed the field-count check with \(row.fields.count) fields")
            rows += 1
        }
    } catch {
        _ = String(describing: error)
    }

    // 2. The typed table, as training and prediction read it.
    var categorical = Set<String>(), numeric = Set<String>()
    if control & 0x80 != 0 {
        if header.count > 0 { categorical.insert(header[0]) }
        if header.count > 1 { numeric.insert(header[1]) }
    }
    var table: DataTable?
    do {
        let reader = try CSVReader(bytes: file, name: "fuzz.csv", options: options)
        if control & 0x40 != 0 {
            while true {
                let block = try DataTable(reader: reader, categorical: categorical, numeric: numeric, maxRows: 3)
                if block.rowCount == 0 { break }
                table = block
            }
        } else {
            table = try DataTable(reader: reader, categorical: categorical, numeric: numeric)
        }
    } catch {
        _ = String(describing: error)
    }

    // 3. Preparation with the last column as the target, and the fitted preprocessing read back
    //    from its JSON and applied to the same table.
    if let table, let target = table.columnNames.last {
        do {
            let prepared = try PreparedData(table: table, options: PreparationOptions(
                target: target, missingValues: control & 1 == 0 ? .drop : .mean, validationFraction: 0.2))
            let json = try JSONEncoder().encode(prepared.preprocessor)
            let decoded = try JSONDecoder().decode(Preprocessor.self, from: json)
            _ = try decoded.dataset(of: table)
            // 4. The prediction path: the same bytes read again, typed as the fitted preprocessor
            //    expects (declared numeric and categorical columns), in blocks, and transformed.
            let reader = try CSVReader(bytes: file, name: "fuzz.csv", options: options)
            let plan = try decoded.readingPlan(header: reader.header)
            while true {
                let block = try DataTable(reader: reader, columns: plan.columns, categorical: plan.categorical,
                                          numeric: plan.numeric, maxRows: 2)
                if block.rowCount == 0 { break }
                _ = try decoded.features(of: block)
                if plan.hasTarget { _ = try decoded.targets(of: block) }
            }
        } catch {
            _ = String(describing: error)
        }
    }
    return 0
}
