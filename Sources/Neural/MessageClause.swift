/// `text` (a reason from another error, the operating system or a decoder) as a clause inside a
/// message that ends with its own full stop: without its closing full stop, so the message never
/// ends in "..". An ellipsis is kept.
func clause(_ text: String) -> String {
    guard text.hasSuffix("."), !text.hasSuffix("...") else { return text }
    return String(text.dropLast())
}
