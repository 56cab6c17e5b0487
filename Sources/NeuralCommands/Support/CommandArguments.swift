/// The arguments the running command was given (without the program name), so that a message can
/// repeat the command, for example the one that resumes an interrupted training.
enum CommandArguments {
    @TaskLocal static var current: [String] = []

    /// `arguments` as a shell command line, quoting what the shell would split or expand.
    static func shellLine(_ arguments: [String]) -> String {
        arguments.map(quoted).joined(separator: " ")
    }

    static func quoted(_ argument: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:@%+")
        if !argument.isEmpty && argument.allSatisfy({ safe.contains($0) }) { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
