import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// A student's résumé as stored (its sections encrypted), and what an employer may see of it.
package enum ResumeStore {
    package static func load(_ userID: Int64, keys: KeyService, on db: any Database) async throws -> Resume {
        guard let row = try await db.sql.raw("SELECT * FROM resumes WHERE user_id = \(bind: userID)").first() else { return Resume() }
        return Resume(values: try decode(try row.decode(column: "values_cipher", as: String.self), keys: keys),
                      phonePublic: try row.decode(column: "phone_public", as: Bool.self), emailPublic: try row.decode(column: "email_public", as: Bool.self),
                      resumePublic: try row.decode(column: "resume_public", as: Bool.self), photoPublic: try row.decode(column: "photo_public", as: Bool.self))
    }

    static func encode(_ resume: Resume, keys: KeyService) throws -> String {
        let plain = Dictionary(uniqueKeysWithValues: resume.values.map { ($0.key.rawValue, $0.value) })
        return keys.encrypt(String(decoding: try JSONEncoder.sorted.encode(plain), as: UTF8.self))
    }

    static func decode(_ cipher: String, keys: KeyService) throws -> [Resume.Field: String] {
        let plain = try JSONDecoder().decode([String: String].self, from: Data(try keys.decrypt(cipher).utf8))
        return Dictionary(uniqueKeysWithValues: plain.compactMap { key, value in Resume.Field(rawValue: key).map { ($0, value) } })
    }

    /// The résumé as an employer sees it: 电话 and 邮箱 only where the student made them public.
    package static func forEmployer(_ resume: Resume) -> [(String, String)] {
        Resume.Field.allCases.map { field in
            let value = resume.values[field] ?? ""
            switch field {
            case .phone where !resume.phonePublic, .email where !resume.emailPublic: return (field.label, value.isEmpty ? "—" : "不公开")
            default: return (field.label, value.isEmpty ? "—" : value)
            }
        }
    }

    /// Who the student is, from the school's record: name, school, college, major, level, cohort.
    package struct Student: Sendable {
        package let name: String
        package let school: String
        package let college: String
        package let major: String
        package let level: String
        package let cohort: Int
    }

    package static func student(_ userID: Int64, on db: any Database) async throws -> Student? {
        try await db.sql.raw("""
            SELECT u.display_name, sc.name AS school, c.name AS college, m.name AS major, s.level, s.cohort FROM students s
            JOIN users u ON u.id = s.user_id JOIN schools sc ON sc.id = s.school_id JOIN colleges c ON c.id = s.college_id JOIN majors m ON m.id = s.major_id
            WHERE s.user_id = \(bind: userID)
            """).first().map {
            Student(name: try $0.decode(column: "display_name", as: String.self), school: try $0.decode(column: "school", as: String.self),
                    college: try $0.decode(column: "college", as: String.self), major: try $0.decode(column: "major", as: String.self),
                    level: try $0.decode(column: "level", as: String.self), cohort: try $0.decode(column: "cohort", as: Int.self))
        }
    }
}
