/// What a typed text may hold. Control characters (NUL among them) cut a name where it is shown
/// or stored by C code, and bidirectional overrides make "张三" display as something else; neither
/// is ever typed on purpose, so every form refuses them.
public enum TextInput {
    /// The first character in `text` that no form accepts, or nil when the text is clean.
    /// Tab, line feed and carriage return are let through (a multi-line field's line breaks;
    /// a single-line field's value is trimmed and never keeps them).
    public static func forbiddenCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isForbidden)
    }

    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true                 // C0 and C1 controls, DEL
        case 0x202A...0x202E, 0x2066...0x2069: true         // bidi embeddings, overrides, isolates
        case 0x200E, 0x200F, 0x061C: true                   // bidi marks
        case 0xFFF9...0xFFFB: true                          // interlinear annotation controls
        case 0xD800...0xDFFF: true                          // (never a scalar; kept for clarity)
        default: false
        }
    }

    /// The message a form shows when a value holds such a character.
    public static let refusal = "提交的内容中含有看不见的控制字符（例如复制时带入的空字符或文字方向控制符），无法保存。请返回上一页，删除或重新输入该内容后再提交。"
}
