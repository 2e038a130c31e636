/// The header row of an uploaded 生源 sheet, mapped to field keys.
///
/// A title matches a field's label or one of its aliases, ignoring spaces (full-width ones
/// too), full-width brackets and letters, a "*" required mark, a "(必填)" note and, failing
/// that, a trailing hint in brackets ("入学日期(格式:2022-09)").
public struct GraduateHeaderMapping: Equatable, Sendable {
    /// The field of each column, nil for a column that is ignored (empty title, unknown, or
    /// a second column for a field already mapped).
    public let keys: [GraduateField.Key?]
    /// Required fields (for the stage) that no column carries, in form order.
    public let missing: [GraduateField.Key]
    /// Titles no field knows, as written, in column order. Their cells are ignored.
    public let unknown: [String]
    /// Titles of columns that name a field an earlier column already carries.
    public let duplicates: [String]
    /// Chinese labels of the missing fields, for messages.
    public let missingLabels: [String]
    /// The column of each of the form's fields (in form order), -1 when no column carries it.
    let fieldColumns: [Int]

    /// Whether rows can be read with this mapping: no required column missing, none twice.
    public var isUsable: Bool { missing.isEmpty && duplicates.isEmpty }

    /// What is wrong with the header row, in Chinese, most serious first; empty when all is well.
    /// Unknown columns are a notice only: the import goes on without them.
    public var messages: [String] {
        var messages: [String] = []
        if !missingLabels.isEmpty {
            messages.append("缺少必填列：\(missingLabels.joined(separator: "、"))。请使用导入模板，或补充这些列后重新上传。")
        }
        if !duplicates.isEmpty {
            messages.append("以下列重复出现：\(duplicates.joined(separator: "、"))。请删除重复的列后重新上传。")
        }
        if !unknown.isEmpty {
            messages.append("以下列无法识别，导入时将忽略：\(unknown.joined(separator: "、"))。")
        }
        return messages
    }

    /// The row by field key, as `GraduateRecordValidator.validate(_:)` takes it. Cells beyond
    /// the header and empty cells are left out. (An import reads faster with
    /// `GraduateRecordValidator.validate(cells:mapping:)`.)
    public func row(_ cells: [String]) -> [String: String] {
        var row: [String: String] = [:]
        row.reserveCapacity(min(cells.count, keys.count))
        for (index, cell) in zip(keys.indices, cells) where !cell.isEmpty {
            if let key = keys[index] { row[key.rawValue] = cell }
        }
        return row
    }
}

extension GraduateRecordForm {
    /// Maps the header row of a sheet to this form's fields.
    public func mapHeader(_ titles: [String], stage: GraduateRecordStage) -> GraduateHeaderMapping {
        var keys: [GraduateField.Key?] = []
        var seen = Set<GraduateField.Key>()
        var unknown: [String] = []
        var duplicates: [String] = []
        for title in titles {
            let written = CellText.clean(title)
            guard !written.isEmpty else {
                keys.append(nil)
                continue
            }
            guard let key = key(forTitle: written) else {
                unknown.append(written)
                keys.append(nil)
                continue
            }
            if seen.insert(key).inserted {
                keys.append(key)
            } else {
                duplicates.append(written)
                keys.append(nil)
            }
        }
        let missing = fields.filter { $0.isRequired(at: stage) && !seen.contains($0.key) }
        let fieldColumns = fields.map { field in keys.firstIndex(of: field.key) ?? -1 }
        return GraduateHeaderMapping(keys: keys, missing: missing.map(\.key), unknown: unknown,
                                     duplicates: duplicates, missingLabels: missing.map(\.label), fieldColumns: fieldColumns)
    }

    /// The field a column title names, nil when none.
    public func key(forTitle title: String) -> GraduateField.Key? {
        let normalised = Self.normalisedTitle(title)
        if let key = keyByTitle[normalised] { return key }
        // "入学日期(格式:2022-09)": a hint in brackets after the title.
        if normalised.hasSuffix(")"), let open = normalised.firstIndex(of: "("), open > normalised.startIndex {
            return keyByTitle[Self.normalisedTitle(String(normalised[..<open]))]
        }
        return nil
    }
}
