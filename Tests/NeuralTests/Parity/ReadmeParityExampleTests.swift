import Foundation
import Testing
import Neural

/// The "train in PyTorch, run in Neural" example of README.md ("Parity with peers"), kept here
/// with only the file path changed to the committed fixture written by `safetensors.torch.save_file`.
@Suite struct ReadmeParityExampleTests {
    @Test func pytorchExampleRuns() throws {
        let path = try Fixtures.url("pytorch_state_dict.safetensors").path
        let x = Matrix([[0.5, -1, 2, 0], [1, 1, 1, 1]])
        // --- README example start ---
        let weights = try SafeTensorsFile.read(from: URL(fileURLWithPath: path))
        // nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 3))
        let network = try Network(pytorchStateDict: weights, architecture: "4-16-relu-8-tanh-3")
        let logits = network.predict(x)                          // model.eval()(x)
        let probabilities = network.predict(x, link: .softmax)   // torch.softmax(model(x), dim=1)
        // --- README example end ---
        #expect(logits.rows == 2 && logits.columns == 3)
        for row in 0..<2 {
            // Softmax rows sum to 1 (float32 rounding of three terms: 1e-6).
            #expect(abs(probabilities.row(row).reduce(0, +) - 1) < 1e-6)
        }
    }
}
