import Foundation

extension SearchSpace {
    /// Reads a search space written as `name=domain` entries separated by `;`:
    ///
    /// ```text
    /// hidden=[32],[64],[64,32]; learning-rate=loguniform(1e-4,1e-1); l2=loguniform(1e-6,1e-2);
    /// batch-size=16|32|64; activation=relu|tanh; epochs=int(20,200)
    /// ```
    ///
    /// - A list of values separated by `|` or `,`: a value is a word (`relu`, `64`, `1e-3`) or a
    ///   bracketed list that becomes one comma-separated flag value (`[64,32]` → `64,32`,
    ///   `[]` → `none`). Lists make grids; random search draws one value uniformly.
    /// - `uniform(a,b)`: uniform in [a, b); `loguniform(a,b)`: log-uniform, 0 < a;
    ///   `int(a,b)`: an integer in a…b; `logint(a,b)`: an integer with uniform logarithm, 1 ≤ a.
    ///   In each, a < b (a ≤ b for the integers).
    /// - Names are the train flags without `--`; each at most once. Spaces are ignored.
    ///
    /// Throws `SelectionError.invalidSpace` naming the bad token and its 1-based character position.
    public init(parsing text: String) throws {
        var parser = SpaceParser(text: Array(text))
        self.init(try parser.parse())
    }
}

/// A hand-written recursive-descent reader of the search-space language.
private struct SpaceParser {
    let text: [Character]
    var index = 0

    static let functions = ["uniform", "loguniform", "int", "logint"]

    init(text: [Character]) { self.text = text }

    mutating func parse() throws -> [SearchSpace.Parameter] {
        var parameters = [SearchSpace.Parameter]()
        skipSpaces()
        if index == text.count { throw error("the space is empty; write name=values entries separated by ;", token: "") }
        while index < text.count {
            let parameter = try parseParameter()
            if let first = parameters.first(where: { $0.name == parameter.name }) {
                _ = first
                throw error("\"\(parameter.name)\" is given twice; list all its values in one entry", token: parameter.name, at: lastNameStart)
            }
            parameters.append(parameter)
            skipSpaces()
            if index < text.count {
                guard text[index] == ";" else { throw error("expected ; between entries", token: word(at: index)) }
                index += 1
                skipSpaces()
            }
        }
        return parameters
    }

    var lastNameStart = 0

    mutating func parseParameter() throws -> SearchSpace.Parameter {
        let start = index
        lastNameStart = start
        if index + 1 < text.count && text[index] == "-" && text[index + 1] == "-" { index += 2 }
        let nameStart = index
        while index < text.count, text[index].isLetter || text[index].isNumber || text[index] == "-" || text[index] == "_" { index += 1 }
        let name = String(text[nameStart..<index]).lowercased()
        if name.isEmpty {
            throw error("expected a parameter name (a train flag such as learning-rate)", token: word(at: start), at: start)
        }
        skipSpaces()
        guard index < text.count, text[index] == "=" else {
            throw error("expected = after the name \"\(name)\"", token: index < text.count ? word(at: index) : name, at: index < text.count ? index : start)
        }
        index += 1
        skipSpaces()
        guard index < text.count, text[index] != ";" else {
            throw error("\"\(name)\" has no values", token: name + "=", at: start)
        }
        // A distribution: a known word followed by "(".
        let wordStart = index
        var look = index
        while look < text.count, text[look].isLetter { look += 1 }
        var afterWord = look
        while afterWord < text.count, text[afterWord] == " " { afterWord += 1 }
        if look > wordStart, afterWord < text.count, text[afterWord] == "(" {
            let function = String(text[wordStart..<look]).lowercased()
            guard Self.functions.contains(function) else {
                throw error("unknown distribution \"\(function)\"; use \(Self.functions.joined(separator: ", ")) or a list of values", token: function, at: wordStart)
            }
            index = afterWord + 1
            return SearchSpace.Parameter(name: name, domain: try parseFunction(function, start: wordStart))
        }
        return SearchSpace.Parameter(name: name, domain: .choices(try parseChoices(name: name)))
    }

    mutating func parseFunction(_ function: String, start: Int) throws -> SearchSpace.Domain {
        let (lowerText, lowerAt) = try argument(terminator: ",", function: function)
        let (upperText, upperAt) = try argument(terminator: ")", function: function)
        let isInteger = function == "int" || function == "logint"
        if isInteger {
            guard let lower = Int(lowerText) else { throw error("\(function) takes integers", token: lowerText, at: lowerAt) }
            guard let upper = Int(upperText) else { throw error("\(function) takes integers", token: upperText, at: upperAt) }
            guard lower <= upper else { throw error("the lower bound \(lower) is above the upper bound \(upper)", token: lowerText, at: lowerAt) }
            guard upper < Int.max / 2, lower > Int.min / 2 else { throw error("the range is too wide", token: upperText, at: upperAt) }
            if function == "logint" {
                guard lower >= 1 else { throw error("logint needs a lower bound of at least 1", token: lowerText, at: lowerAt) }
                return .logInteger(lower: lower, upper: upper)
            }
            return .integer(lower: lower, upper: upper)
        }
        guard let lower = Double(lowerText), lower.isFinite else { throw error("\(function) takes finite numbers", token: lowerText, at: lowerAt) }
        guard let upper = Double(upperText), upper.isFinite else { throw error("\(function) takes finite numbers", token: upperText, at: upperAt) }
        guard lower < upper else { throw error("the lower bound \(lowerText) must be below the upper bound \(upperText)", token: lowerText, at: lowerAt) }
        if function == "loguniform" {
            guard lower > 0 else { throw error("loguniform needs a lower bound above 0", token: lowerText, at: lowerAt) }
            return .logUniform(lower: lower, upper: upper)
        }
        return .uniform(lower: lower, upper: upper)
    }

    /// The text up to `terminator`, trimmed, and where it starts.
    mutating func argument(terminator: Character, function: String) throws -> (String, Int) {
        skipSpaces()
        let start = index
        while index < text.count, text[index] != terminator, text[index] != ";", text[index] != ")" || terminator == ")" {
            if text[index] == "," && terminator == ")" { break }
            index += 1
        }
        guard index < text.count, text[index] == terminator else {
            let found = index < text.count ? String(text[index]) : "the end"
            throw error("\(function)(a,b) takes two bounds; expected \"\(terminator)\", found \(found)",
                        token: index < text.count ? String(text[index]) : String(text[start..<index]), at: index < text.count ? index : start)
        }
        let value = String(text[start..<index]).trimmingCharacters(in: .whitespaces)
        index += 1
        if value.isEmpty { throw error("a bound of \(function) is missing", token: String(terminator), at: index - 1) }
        return (value, start)
    }

    mutating func parseChoices(name: String) throws -> [String] {
        var values = [String]()
        while true {
            skipSpaces()
            guard index < text.count, text[index] != ";" else {
                var separator = index - 1
                while separator > 0, text[separator].isWhitespace { separator -= 1 }
                throw error("a value is missing after the separator", token: String(text[separator]), at: separator)
            }
            if text[index] == "[" {
                values.append(try parseBracketed())
            } else {
                let start = index
                while index < text.count, !"|,;[]()= ".contains(text[index]) { index += 1 }
                if index == start { throw error("unexpected character", token: String(text[index]), at: index) }
                values.append(String(text[start..<index]))
            }
            skipSpaces()
            if index < text.count, text[index] == "|" || text[index] == "," {
                index += 1
                continue
            }
            if index < text.count, text[index] != ";" {
                throw error("expected | or , between values, or ; before the next entry", token: word(at: index), at: index)
            }
            break
        }
        return values
    }

    /// `[64, 32]` → "64,32"; `[]` → "none".
    mutating func parseBracketed() throws -> String {
        let open = index
        index += 1
        var items = [String]()
        var current = ""
        while index < text.count, text[index] != "]" {
            let character = text[index]
            if "[;|()=".contains(character) {
                throw error("the list opened here is not closed with ]", token: "[", at: open)
            }
            if character == "," {
                let item = current.trimmingCharacters(in: .whitespaces)
                if item.isEmpty { throw error("an empty item in a list", token: ",", at: index) }
                items.append(item)
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        guard index < text.count else { throw error("the list opened here is not closed with ]", token: "[", at: open) }
        index += 1
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { items.append(last) } else if !items.isEmpty {
            throw error("an empty item at the end of a list", token: "]", at: index - 1)
        }
        return items.isEmpty ? "none" : items.joined(separator: ",")
    }

    mutating func skipSpaces() {
        while index < text.count, text[index].isWhitespace { index += 1 }
    }

    /// The run of characters at `position` up to a separator, for messages.
    func word(at position: Int) -> String {
        guard position < text.count else { return "" }
        var end = position
        while end < text.count, !";|, ".contains(text[end]) || end == position { end += 1 }
        return String(text[position..<end])
    }

    func error(_ message: String, token: String, at position: Int? = nil) -> SelectionError {
        .invalidSpace(message: message, token: token, position: (position ?? index) + 1)
    }
}
