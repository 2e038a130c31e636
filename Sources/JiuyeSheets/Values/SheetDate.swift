/// A calendar date, optionally with a time of day, as spreadsheets hold them: no time zone.
public struct SheetDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    /// Seconds since midnight, 0 for a plain date.
    public var secondOfDay: Int

    public init(year: Int, month: Int, day: Int) {
        self.init(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
    }

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        secondOfDay = hour * 3600 + minute * 60 + second
    }

    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay / 60 % 60 }
    public var second: Int { secondOfDay % 60 }
    public var hasTime: Bool { secondOfDay != 0 }

    /// Whether the month, day and time exist (no 2 月 30 日).
    public var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= Self.daysIn(month: month, year: year)
            && (0..<86_400).contains(secondOfDay)
    }

    /// "YYYY-MM-DD", the form the platform stores dates in.
    public var isoDate: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// "YYYY-MM-DD", or "YYYY-MM-DD HH:MM:SS" when there is a time of day.
    public var description: String {
        hasTime ? isoDate + " " + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2) : isoDate
    }

    public static func < (lhs: SheetDate, rhs: SheetDate) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.secondOfDay) < (rhs.year, rhs.month, rhs.day, rhs.secondOfDay)
    }

    // MARK: - Excel serial numbers

    /// The date of an Excel serial number. In the 1900 system serial 1 is 1900-01-01 and Excel
    /// counts a 1900-02-29 that never was (serial 60, read here as 1900-02-28, as openpyxl does),
    /// so serials from 61 on are one day ahead of a plain count from 1899-12-31. In the 1904
    /// system serial 0 is 1904-01-01. The fraction is the time of day, rounded to the second.
    /// Nil for negative, non-finite or absurdly large serials.
    public init?(excelSerial: Double, uses1904: Bool = false) {
        guard excelSerial.isFinite, excelSerial >= 0, excelSerial < 2_958_466 else { return nil }
        var days = Int(excelSerial.rounded(.down))
        var seconds = Int(((excelSerial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }
        let epochDay: Int
        if uses1904 {
            epochDay = Self.dayNumber(year: 1904, month: 1, day: 1)
        } else if days < 61 {
            // Serials 1...59 count from 1899-12-31; 60 is the phantom 1900-02-29.
            epochDay = Self.dayNumber(year: 1899, month: 12, day: 31) - (days == 60 ? 1 : 0)
        } else {
            epochDay = Self.dayNumber(year: 1899, month: 12, day: 30)
        }
        let (year, month, day) = Self.civil(fromDayNumber: epochDay + days)
        self.init(year: year, month: month, day: day)
        secondOfDay = seconds
    }

    /// The Excel serial number of this date, or nil when it is invalid or before the epoch
    /// (1900-01-01, or 1904-01-01 in the 1904 system).
    public func excelSerial(uses1904: Bool = false) -> Double? {
        guard isValid else { return nil }
        let dayNumber = Self.dayNumber(year: year, month: month, day: day)
        var days: Int
        if uses1904 {
            days = dayNumber - Self.dayNumber(year: 1904, month: 1, day: 1)
        } else {
            days = dayNumber - Self.dayNumber(year: 1899, month: 12, day: 30)
            if days < 61 { days -= 1 }  // before the phantom 1900-02-29
            if days < 1 { return nil }
        }
        guard days >= 0 else { return nil }
        return Double(days) + Double(secondOfDay) / 86_400
    }

    // MARK: - Dates written as text

    /// Reads a date typed as text the ways people in China type them: `2025-06-30`,
    /// `2025/6/30`, `2025.6.30`, `2025年6月30日`, `20250630`, optionally followed by a time
    /// `HH:MM[:SS]` after a space or `T`. Nil unless the whole text is such a valid date.
    public init?(parsing text: String) {
        var scalars = Array(text.unicodeScalars)
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        var index = 0
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while index < scalars.count, digits < maxDigits, let digit = digitValue(scalars[index]) {
                value = value * 10 + digit
                digits += 1
                index += 1
            }
            return digits == 0 ? nil : value
        }
        func skip(_ allowed: Set<Unicode.Scalar>) -> Unicode.Scalar? {
            guard index < scalars.count, allowed.contains(scalars[index]) else { return nil }
            index += 1
            return scalars[index - 1]
        }
        var year: Int, month: Int, day: Int
        if scalars.count >= 8, scalars.prefix(8).allSatisfy({ digitValue($0) != nil }),
           scalars.count == 8 || digitValue(scalars[8]) == nil {
            let digits = scalars.prefix(8).map { digitValue($0)! }
            year = digits[0...3].reduce(0) { $0 * 10 + $1 }
            month = digits[4] * 10 + digits[5]
            day = digits[6] * 10 + digits[7]
            index = 8
        } else {
            guard let y = number(maxDigits: 4), y >= 1000,
                  let separator = skip(["-", "/", ".", "年"]) else { return nil }
            guard let m = number(maxDigits: 2) else { return nil }
            let monthEnd: Set<Unicode.Scalar> = separator == "年" ? ["月"] : [separator]
            guard skip(monthEnd) != nil, let d = number(maxDigits: 2) else { return nil }
            if separator == "年" { _ = skip(["日", "号"]) }
            (year, month, day) = (y, m, d)
        }
        var date = SheetDate(year: year, month: month, day: day)
        if index < scalars.count {
            guard skip([" ", "T"]) != nil else { return nil }
            while skip([" "]) != nil {}
            guard let hour = number(maxDigits: 2), skip([":"]) != nil, let minute = number(maxDigits: 2) else { return nil }
            var second = 0
            if skip([":"]) != nil {
                guard let s = number(maxDigits: 2) else { return nil }
                second = s
            }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            date.secondOfDay = hour * 3600 + minute * 60 + second
        }
        guard index == scalars.count, date.isValid else { return nil }
        self = date
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, after Howard Hinnant)

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDayNumber dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPart = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPart + 2) / 5 + 1
        let month = monthPart < 10 ? monthPart + 3 : monthPart - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// The value of an ASCII or full-width decimal digit.
@inline(__always)
func digitValue(_ scalar: Unicode.Scalar) -> Int? {
    switch scalar.value {
    case 0x30...0x39: Int(scalar.value - 0x30)
    case 0xFF10...0xFF19: Int(scalar.value - 0xFF10)
    default: nil
    }
}

@inline(__always)
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
