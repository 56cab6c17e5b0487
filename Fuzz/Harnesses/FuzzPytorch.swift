// libFuzzer target for the PyTorch state_dict import (built by Fuzz/build.sh).
//
// The input is three parts, as `neural import weights.safetensors --architecture A
// --layer-names P` receives them: the architecture string up to the first line feed, the
// comma-separated layer prefixes up to the second (an empty line: none given, the natural
// order), and the safetensors file after it. An input without two line feeds is an architecture
// string only. The architecture is parsed (`DenseArchitecture`) and must print back as itself;
// the file is read (`SafeTensorsFile(data:)`), and `Network(pytorchStateDict:architecture:prefixes:)`
// builds the network, which then predicts a row of zeros and becomes a trained model as the command
// line makes it. Every stage may throw; a crash, a sanitizer report, a hang, an allocation the file
// does not justify (the sizes in the architecture string are only numbers) or a network whose shape
// differs from the architecture is a finding.
import Foundation
import Neural

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPytorch(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count)
    let lineFeed = UInt8(ascii: "\n")
    guard let firstEnd = bytes.firstIndex(of: lineFeed) else {
        _ = parse(String(decoding: bytes, as: UTF8.self))
        return 0
    }
    let architectureText = String(decoding: bytes[..<firstEnd], as: UTF8.self)
    guard let architecture = parse(architectureText) else { return 0 }
    guard let secondEnd = bytes[(firstEnd + 1)...].firstIndex(of: lineFeed) else { return 0 }
    let prefixText = String(decoding: bytes[(firstEnd + 1)..<secondEnd], as: UTF8.self)
    // As the command line's --layer-names: comma-separated, trimmed, empty items dropped.
    let prefixes = prefixText.isEmpty ? nil
        : prefixText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }

    let stateDict: SafeTensorsFile
    do {
        stateDict = try SafeTensorsFile(data: Data(bytes[(secondEnd + 1)...]), source: "fuzz.safetensors")
    } catch {
        _ = error.description
        return 0
    }
    let network: Network
    do {
        network = try Network(pytorchStateDict: stateDict, architecture: architecture, prefixes: prefixes)
    } catch {
        _ = error.description
        return 0
    }
    let sizes = [network.inputSize] + network.layers.compactMap { $0.dense?.outputSize }
    let expected = [architecture.layers[0].inputSize] + architecture.layers.map(\.outputSize)
    precondition(sizes == expected, "the network is \(sizes), the architecture \(expected)")
    precondition(network.parameters.values.allSatisfy(\.isFinite), "an imported network holds non-finite parameters")

    let zeros = Matrix(rows: 1, columns: network.inputSize)
    let output = network.predict(zeros, link: architecture.outputLink)
    precondition(output.rows == 1 && output.columns == network.outputSize,
                 "one row gave a \(output.rows)×\(output.columns) output for \(network.outputSize) outputs")
    let columns = (1...network.inputSize).map { "x\($0)" }
    if let trained = try? TrainedModel(importing: network, link: architecture.outputLink, columns: columns,
                                       source: "fuzz.safetensors") {
        precondition(trained.predict(features: zeros).count == 1, "one row did not give one prediction")
    }
    return 0
}

/// The architecture of `text`, or nil when it does not parse; a parsed architecture prints as a
/// string that parses back to it.
private func parse(_ text: String) -> DenseArchitecture? {
    let architecture: DenseArchitecture
    do {
        architecture = try DenseArchitecture(text)
    } catch {
        _ = error.description
        return nil
    }
    do {
        let again = try DenseArchitecture(architecture.description)
        precondition(again == architecture, "\(text) parses to \(architecture), which prints as \(architecture.description) and parses to \(again)")
    } catch {
        preconditionFailure("\(text) parses to \(architecture), whose string form \(architecture.description) does not parse: \(error)")
    }
    return architecture
}
