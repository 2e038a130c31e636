import JiuyePlatform
import Fluent
import Foundation
import JiuyeDomain
import JiuyeSheets
import SQLKit
import Vapor

/// The import template (导入毕业生 → 下载导入模板): the import's columns (required ones marked
/// "*"), an example row the import skips, and a second sheet "代码表" with every coded column's
/// list (code, name and 简称 of the national tables; the school's 院系 and 专业; the fixed
/// choices), which the first sheet's drop-downs refer to. Typing a code or a 简称 instead of
/// picking from the list is allowed (the drop-downs warn, they do not refuse).
package enum ImportTemplate {
    package static let sheetName = "毕业生"
    package static let codeSheetName = "代码表"
    /// 姓名 of the example row: a row with it is skipped by the import.
    package static let exampleName = "示例（导入时跳过此行）"
    /// Rows of the first sheet the drop-downs cover (the page says 约 10 万行).
    package static let validatedRows = 2...100_001

    /// One list of the 代码表 sheet: its columns (title and values) and which column a
    /// drop-down offers.
    package struct CodeList {
        package var field: GraduateField.Key
        package var columns: [(title: String, values: [String])]
        package var offered: Int
    }

    /// The lists for the form's coded columns, in form order.
    package static func lists(form: GraduateRecordForm, school: Int64, app: Application, on db: any Database) async throws -> [CodeList] {
        var lists: [CodeList] = []
        for field in form.fields {
            switch field.kind {
            case .choice(let choices):
                lists.append(CodeList(field: field.key, columns: [(field.label, choices.labels)], offered: 0))
            case .code(.major):
                let majors = try await db.sql.raw("""
                    SELECT DISTINCT m.code, m.name, m.level FROM majors m JOIN colleges c ON c.id = m.college_id
                    WHERE c.school_id = \(bind: school) ORDER BY m.code, m.level
                    """).all()
                lists.append(CodeList(field: field.key, columns: [
                    ("专业代码", try majors.map { try $0.decode(column: "code", as: String.self) }),
                    ("专业名称", try majors.map { try $0.decode(column: "name", as: String.self) }),
                    ("专业层次", try majors.map { try $0.decode(column: "level", as: String.self) }),
                ], offered: 0))
            case .code(let table):
                guard let key = GraduateImport.tableKeys[table] else { continue }
                let book = try await app.codeBooks.book(key, on: db).filter { $0.value.variant.isEmpty }.sorted { $0.key < $1.key }
                lists.append(CodeList(field: field.key, columns: [
                    (field.label + "代码", book.map(\.key)), (field.label + "名称", book.map(\.value.name)),
                    (field.label + "简称", book.map { $0.value.aliases.joined(separator: "、") }),
                ], offered: 1))
            case .text where field.key == .college:
                let colleges = try await db.sql.raw("SELECT name FROM colleges WHERE school_id = \(bind: school) ORDER BY name").all()
                lists.append(CodeList(field: field.key, columns: [("院系名称", try colleges.map { try $0.decode(column: "name", as: String.self) })], offered: 0))
            default:
                continue
            }
        }
        return lists
    }

    /// The example row, by field: written the way people type (学历 本科, 民族 汉, 政治面貌
    /// 共青团员), with the school's first 本科 major where it has one.
    package static func example(school: Int64, cohort: Int, on db: any Database) async throws -> [GraduateField.Key: String] {
        let major = try await db.sql.raw("""
            SELECT c.name AS college, m.code, m.name, (SELECT MIN(cl.name) FROM classes cl WHERE cl.college_id = c.id) AS class_name
            FROM majors m JOIN colleges c ON c.id = m.college_id
            WHERE c.school_id = \(bind: school) ORDER BY CASE WHEN m.level = \(bind: EducationLevel.bachelor.rawValue) THEN 0 ELSE 1 END, c.id, m.id LIMIT 1
            """).first()
        let id = ChineseIDNumber.completing("11010520040101001") ?? ""
        return [
            .cohort: String(cohort), .educationLevel: "本科", .studyType: "全日制", .normalStudent: "非师范生",
            .college: try major?.decode(column: "college", as: String.self) ?? "计算机学院",
            .className: try major?.decode(column: "class_name", as: String?.self) ?? "计算机2201", .name: exampleName, .gender: "男",
            .documentType: "居民身份证", .documentNumber: id, .studentNo: "\(cohort - 4)000001", .examineeNo: "\(String(cohort - 4).suffix(2))110105150001",
            .trainingMode: "非定向", .majorCode: try major?.decode(column: "code", as: String.self) ?? "080901",
            .majorName: try major?.decode(column: "name", as: String.self) ?? "计算机科学与技术", .yearsOfStudy: "4", .ethnicity: "汉",
            .politicalStatus: "共青团员", .region: "110105", .sourceRegion: "110105", .enrolmentDate: "\(cohort - 4)-09", .graduationDate: "\(cohort)-06",
            .completion: "毕业", .hardship: "非困难生", .phone: "13800138000", .email: "example@example.com", .homeAddress: "北京市朝阳区示例路 1 号",
            .homePhone: "010-65000000", .homePostcode: "100020", .qq: "123456789", .hukouMoved: "否", .archiveMoved: "否",
        ]
    }

    /// The template as .xlsx bytes.
    package static func workbook(school: Int64, cohort: Int, app: Application, on db: any Database) async throws -> [UInt8] {
        let form = GraduateRecordForm.standard
        let titles = form.templateTitles(for: .schoolImport)
        let lists = try await lists(form: form, school: school, app: app, on: db)
        let example = try await example(school: school, cohort: cohort, on: db)
        let writer = XLSXWriter()
        writer.beginSheet(name: sheetName, columns: titles.map { XLSXWriter.Column($0, width: max(10, XLSXWriter.Column($0).width ?? 12)) })
        writer.appendRow(form.fields.map { .text(example[$0.key] ?? "") })
        // The lists sit side by side on 代码表, a blank column between two lists.
        var sheetColumn = 0
        var codeColumns: [XLSXWriter.Column] = []
        var columnValues: [[String]] = []
        for list in lists {
            if let index = form.fields.firstIndex(where: { $0.key == list.field }) {
                let offered = list.columns[list.offered]
                let field = form.fields[index]
                if !offered.values.isEmpty {
                    writer.addDataValidation(.list(
                        column: index, rows: validatedRows,
                        source: .cells(sheet: codeSheetName, column: sheetColumn + list.offered, rows: 2...(offered.values.count + 1)),
                        prompt: (field.label, "可从下拉列表选择，也可填写代码或常用简称（见“代码表”）。"),
                        error: ("不在下拉列表中", "“\(field.label)”的值不在列表中。导入时也接受代码、名称和常用简称（见“代码表”）；确认无误请点“是”。")))
                }
            }
            for column in list.columns {
                codeColumns.append(XLSXWriter.Column(column.title, width: column.title.hasSuffix("简称") ? 28 : nil))
                columnValues.append(column.values)
            }
            codeColumns.append(XLSXWriter.Column("", width: 3))
            columnValues.append([])
            sheetColumn += list.columns.count + 1
        }
        writer.beginSheet(name: codeSheetName, columns: codeColumns)
        let height = columnValues.map(\.count).max() ?? 0
        for row in 0..<height {
            writer.appendRow(columnValues.map { row < $0.count ? .text($0[row]) : .empty })
        }
        try writer.finish()
        return writer.takeOutput()
    }
}
