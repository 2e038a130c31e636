extension ChineseIDNumber {
    /// Appends the GB 11643 check character to 17 digits (for generated test and demo data).
    public static func completing(_ first17: String) -> String? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        return first17 + String(checkCharacter(for: digits))
    }
}

extension CreditCode {
    /// Appends the GB 32100 check character to 17 characters (for generated test and demo data).
    public static func completing(_ first17: String) -> String? {
        let values = first17.compactMap { character in alphabet.firstIndex(of: character).map { alphabet.distance(from: alphabet.startIndex, to: $0) } }
        guard values.count == 17, first17.count == 17 else { return nil }
        return first17 + String(checkCharacter(for: values))
    }
}
