import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// The rows of online signing: invitations, agreements, the graduate facts signing needs.
package enum SigningStore {
    // MARK: - JSON columns

    package static func json(_ values: [String: String]) -> String {
        (try? String(decoding: JSONEncoder.sorted.encode(values), as: UTF8.self)) ?? "{}"
    }

    package static func object(_ text: String?) -> [String: String] {
        guard let text, let data = text.data(using: .utf8) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }

    // MARK: - The graduate

    /// What signing needs of a graduate: the account, the school's record and the 签约权限.
    package struct Graduate: Sendable {
        package let userID: Int64
        package let name: String
        package let studentNo: String
        package let schoolID: Int64
        package let schoolName: String
        package let schoolCode: String
        package let college: String
        package let major: String
        package let cohort: Int
        package let level: String
        package let record: [GraduateField.Key: String]

        /// The 生源 mobile phone, the one 手机认证 and the employer's search use.
        package var sourcePhone: String? { record[.phone].flatMap { try? MobilePhone(validating: $0).value } }

        package var eligibility: SigningEligibility {
            SigningEligibility.evaluate(SigningCandidate(level: EducationLevel(rawValue: level), studyType: record[.studyType],
                                                         trainingMode: record[.trainingMode], archiveAtSchool: record[.archiveMoved],
                                                         recommendedForAdmission: false))
        }
    }

    package static func graduate(_ userID: Int64, keys: KeyService, on db: any Database) async throws -> Graduate? {
        guard let row = try await db.sql.raw("""
            SELECT st.user_id, u.display_name, u.student_no, st.school_id, s.name AS school_name, s.code AS school_code, c.name AS college_name,
            m.name AS major_name, st.cohort, st.level FROM students st JOIN users u ON u.id = st.user_id JOIN schools s ON s.id = st.school_id
            JOIN colleges c ON c.id = st.college_id JOIN majors m ON m.id = st.major_id WHERE st.user_id = \(bind: userID)
            """).first() else { return nil }
        let record = try await SourceRecord.load(user: userID, keys: keys, on: db)
        return Graduate(userID: userID, name: try row.decode(column: "display_name", as: String.self),
                        studentNo: (try row.decode(column: "student_no", as: String?.self) ?? record[.studentNo] ?? "").uppercased(),
                        schoolID: try row.decode(column: "school_id", as: Int64.self), schoolName: try row.decode(column: "school_name", as: String.self),
                        schoolCode: try row.decode(column: "school_code", as: String.self),
                        college: try row.decode(column: "college_name", as: String.self), major: try row.decode(column: "major_name", as: String.self),
                        cohort: try row.decode(column: "cohort", as: Int.self), level: try row.decode(column: "level", as: String.self), record: record)
    }

    // MARK: - Agreements

    package enum AgreementStatus: String, Sendable {
        /// Holds the graduate: mode 1 from acceptance (考虑期 included), mode 2 from 保存并生成协议书.
        case held
        /// Revoked within the 签约考虑期.
        case withdrawn
        /// Voided by an approved 解约.
        case terminated
    }

    package struct Agreement: Sendable {
        package let id: Int64
        package let studentID: Int64
        package let schoolID: Int64
        package let cohort: Int
        package let mode: SigningMode
        package let invitationID: Int64?
        package let unitID: Int64?
        package let unit: [String: String]
        package let terms: [String: String]
        package let number: String
        package let status: AgreementStatus
        package let acceptedAt: Int64?
        package let scanUploadID: Int64?
        package let submittedAt: Int64?
        package let destinationCaseID: Int64?
        package let destinationVersion: Int?
        package let createdAt: Int64
        package let closedAt: Int64?

        package var unitName: String { unit["unit_name"] ?? "" }

        /// Whether the 签约考虑期 is over (mode 2 binds at once).
        package func binds(now: Int64, period: Int64) -> Bool {
            guard mode == .online, let acceptedAt else { return true }
            return SigningConsideration.isBinding(acceptedAt: acceptedAt, now: now, period: period)
        }

        package var held: HeldAgreement { HeldAgreement(mode: mode, unitName: unitName, acceptedAt: mode == .online ? acceptedAt : nil) }
    }

    static let agreementColumns = """
        id, student_id, school_id, cohort, mode, invitation_id, unit_id, unit_json, terms_json, number, status, accepted_at, scan_upload_id,
        submitted_at, destination_case_id, destination_version, created_at, closed_at
        """

    static func agreement(_ row: any SQLRow) throws -> Agreement {
        Agreement(id: try row.decode(column: "id", as: Int64.self), studentID: try row.decode(column: "student_id", as: Int64.self),
                  schoolID: try row.decode(column: "school_id", as: Int64.self), cohort: try row.decode(column: "cohort", as: Int.self),
                  mode: SigningMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .online,
                  invitationID: try row.decode(column: "invitation_id", as: Int64?.self), unitID: try row.decode(column: "unit_id", as: Int64?.self),
                  unit: object(try row.decode(column: "unit_json", as: String.self)), terms: object(try row.decode(column: "terms_json", as: String.self)),
                  number: try row.decode(column: "number", as: String.self),
                  status: AgreementStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .terminated,
                  acceptedAt: try row.decode(column: "accepted_at", as: Int64?.self), scanUploadID: try row.decode(column: "scan_upload_id", as: Int64?.self),
                  submittedAt: try row.decode(column: "submitted_at", as: Int64?.self),
                  destinationCaseID: try row.decode(column: "destination_case_id", as: Int64?.self),
                  destinationVersion: try row.decode(column: "destination_version", as: Int?.self),
                  createdAt: try row.decode(column: "created_at", as: Int64.self), closedAt: try row.decode(column: "closed_at", as: Int64?.self))
    }

    /// The graduate's agreements, newest first.
    package static func agreements(student: Int64, on db: any Database) async throws -> [Agreement] {
        try await db.sql.raw("SELECT \(unsafeRaw: agreementColumns) FROM agreements WHERE student_id = \(bind: student) ORDER BY id DESC")
            .all().map(agreement)
    }

    package static func heldAgreement(student: Int64, on db: any Database) async throws -> Agreement? {
        try await db.sql.raw("SELECT \(unsafeRaw: agreementColumns) FROM agreements WHERE student_id = \(bind: student) AND status = 'held'")
            .first().map(agreement)
    }

    package static func agreement(id: Int64, on db: any Database) async throws -> Agreement? {
        try await db.sql.raw("SELECT \(unsafeRaw: agreementColumns) FROM agreements WHERE id = \(bind: id)").first().map(agreement)
    }

    /// The next 协议书编号 of the graduate: one per agreement ever made, withdrawn ones included,
    /// so a number is never given twice.
    package static func nextNumber(for graduate: Graduate, on db: any Database) async throws -> StudentAgreementNumber {
        let issued = try await db.sql.raw("SELECT number FROM agreements WHERE student_id = \(bind: graduate.userID)").all()
            .compactMap { try? StudentAgreementNumber(parsing: try $0.decode(column: "number", as: String.self)) }
        guard let sequence = StudentAgreementNumber.nextSequence(after: issued) else {
            throw Abort(.conflict, reason: "该学生的协议书编号已用完，请联系系统管理员。")
        }
        let code = graduate.schoolCode.count == 10 ? String(graduate.schoolCode.suffix(5)) : graduate.schoolCode
        do {
            return try StudentAgreementNumber(schoolCode: code, graduationYear: graduate.cohort, studentNo: graduate.studentNo, sequence: sequence)
        } catch {
            throw Abort(.unprocessableEntity, reason: error.message)
        }
    }

    /// Writes a held agreement; false when the graduate already holds one (the unique index).
    package static func insertHeld(graduate: Graduate, mode: SigningMode, invitationID: Int64?, unitID: Int64?, unit: [String: String],
                                   terms: [String: String], number: StudentAgreementNumber, acceptedAt: Int64?, now: Int64,
                                   on db: any Database) async throws -> Int64? {
        if try await heldAgreement(student: graduate.userID, on: db) != nil { return nil }
        let row = try await db.sql.insert(into: "agreements")
            .columns("student_id", "school_id", "cohort", "mode", "invitation_id", "unit_id", "unit_json", "terms_json", "number", "sequence",
                     "status", "accepted_at", "created_at")
            .values(SQLBind(graduate.userID), SQLBind(graduate.schoolID), SQLBind(graduate.cohort), SQLBind(mode.rawValue), SQLBind(invitationID),
                    SQLBind(unitID), SQLBind(json(unit)), SQLBind(json(terms)), SQLBind(number.value), SQLBind(number.sequence),
                    SQLBind(AgreementStatus.held.rawValue), SQLBind(acceptedAt), SQLBind(now))
            .returning("id").first()
        return try row?.decode(column: "id", as: Int64.self)
    }

    // MARK: - Invitations

    package struct InvitationRow: Sendable {
        package let id: Int64
        package let unitID: Int64
        package let unitName: String
        package let schoolID: Int64
        package let senderID: Int64
        package let studentID: Int64
        package let studentName: String
        package let terms: [String: String]
        package let state: Invitation
        package let createdAt: Int64

        package var position: String { terms[InvitationField.position.rawValue] ?? "" }
    }

    static let invitationSelect = """
        SELECT i.id, i.unit_id, un.name AS unit_name, i.school_id, i.sender_id, i.student_id, u.display_name AS student_name, i.terms_json,
        i.status, i.expires_on, i.created_at, i.accepted_at, i.closed_at FROM invitations i JOIN units un ON un.id = i.unit_id JOIN users u ON u.id = i.student_id
        """

    static func invitation(_ row: any SQLRow) throws -> InvitationRow {
        let expires = CivilDate.parse(try row.decode(column: "expires_on", as: String.self)) ?? CivilDate(year: 2000, month: 1, day: 1)!
        let state = Invitation(status: InvitationStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .expired, expiresOn: expires,
                               acceptedAt: try row.decode(column: "accepted_at", as: Int64?.self), closedAt: try row.decode(column: "closed_at", as: Int64?.self))
        return InvitationRow(id: try row.decode(column: "id", as: Int64.self), unitID: try row.decode(column: "unit_id", as: Int64.self),
                             unitName: try row.decode(column: "unit_name", as: String.self), schoolID: try row.decode(column: "school_id", as: Int64.self),
                             senderID: try row.decode(column: "sender_id", as: Int64.self), studentID: try row.decode(column: "student_id", as: Int64.self),
                             studentName: try row.decode(column: "student_name", as: String.self),
                             terms: object(try row.decode(column: "terms_json", as: String.self)), state: state,
                             createdAt: try row.decode(column: "created_at", as: Int64.self))
    }

    package static func invitations(student: Int64, on db: any Database) async throws -> [InvitationRow] {
        try await db.sql.raw("\(unsafeRaw: invitationSelect) WHERE i.student_id = \(bind: student) ORDER BY i.id DESC LIMIT 200").all().map(invitation)
    }

    package static func invitations(unit: Int64, page: Int, pageSize: Int, on db: any Database) async throws -> (rows: [InvitationRow], total: Int) {
        let total = try await db.sql.raw("SELECT COUNT(*) AS n FROM invitations WHERE unit_id = \(bind: unit)").first()?.decode(column: "n", as: Int.self) ?? 0
        let offset = PageNumber.offset(page: page, pageSize: pageSize)
        let rows = try await db.sql.raw("\(unsafeRaw: invitationSelect) WHERE i.unit_id = \(bind: unit) ORDER BY i.id DESC LIMIT \(bind: pageSize) OFFSET \(bind: offset)")
            .all().map(invitation)
        return (rows, total)
    }

    package static func invitation(id: Int64, on db: any Database) async throws -> InvitationRow? {
        try await db.sql.raw("\(unsafeRaw: invitationSelect) WHERE i.id = \(bind: id)").first().map(invitation)
    }

    /// Moves an invitation from the state read to `next`; false when someone moved it first.
    package static func move(_ row: InvitationRow, to next: Invitation, on db: any Database) async throws -> Bool {
        try await db.sql.raw("""
            UPDATE invitations SET status = \(bind: next.status.rawValue), accepted_at = \(bind: next.acceptedAt), closed_at = \(bind: next.closedAt)
            WHERE id = \(bind: row.id) AND status = \(bind: row.state.status.rawValue) RETURNING id
            """).first() != nil
    }

    // MARK: - Units

    package struct UnitFacts: Sendable {
        package let id: Int64
        package let name: String
        package let creditCode: String
        package let countyCode: String
        package let natureCode: String?
        package let industryCode: String?
        package let address: String?
        package let contactName: String?
        package let contactPhone: String?
        package let contactEmail: String?
        package let licenceUploadID: Int64?
        package let registeredBy: Int64?
    }

    package static func unit(_ id: Int64, keys: KeyService, on db: any Database) async throws -> UnitFacts? {
        guard let row = try await db.sql.raw("""
            SELECT un.id, un.name, un.credit_code, un.county_code, p.nature_code, p.industry_code, p.address, p.contact_name, p.contact_phone_cipher,
            p.contact_email, p.licence_upload_id, p.registered_by FROM units un LEFT JOIN employer_profiles p ON p.unit_id = un.id WHERE un.id = \(bind: id)
            """).first() else { return nil }
        return UnitFacts(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                         creditCode: try row.decode(column: "credit_code", as: String.self), countyCode: try row.decode(column: "county_code", as: String.self),
                         natureCode: try row.decode(column: "nature_code", as: String?.self), industryCode: try row.decode(column: "industry_code", as: String?.self),
                         address: try row.decode(column: "address", as: String?.self), contactName: try row.decode(column: "contact_name", as: String?.self),
                         contactPhone: try row.decode(column: "contact_phone_cipher", as: String?.self).flatMap { try? keys.decrypt($0) },
                         contactEmail: try row.decode(column: "contact_email", as: String?.self),
                         licenceUploadID: try row.decode(column: "licence_upload_id", as: Int64?.self),
                         registeredBy: try row.decode(column: "registered_by", as: Int64?.self))
    }

    /// The unit's 资质鉴证 at a school.
    package static func qualification(unit: Int64, school: Int64, on db: any Database) async throws -> Qualification? {
        guard let row = try await db.sql.raw("""
            SELECT state, return_reason, submissions FROM unit_qualifications WHERE unit_id = \(bind: unit) AND school_id = \(bind: school)
            """).first(), let state = Qualification.State(rawValue: try row.decode(column: "state", as: String.self)) else { return nil }
        return Qualification(state: state, returnReason: try row.decode(column: "return_reason", as: String?.self),
                             submissions: try row.decode(column: "submissions", as: Int.self))
    }

    /// The schools that verified the unit.
    package static func verifiedSchools(unit: Int64, on db: any Database) async throws -> [Int64] {
        try await db.sql.raw("SELECT school_id FROM unit_qualifications WHERE unit_id = \(bind: unit) AND state = \(bind: Qualification.State.verified.rawValue)")
            .all().map { try $0.decode(column: "school_id", as: Int64.self) }
    }

    /// The destination data an agreement registers (签就业协议形式就业 · 签订就业协议书).
    package static func destinationData(unit: [String: String], terms: [String: String], number: String) -> [String: String] {
        var data: [String: String] = [
            DestinationField.category.key: DestinationHeading.employmentAgreement.code,
            DestinationField.subtype.key: "10-1",
            DestinationField.agreementNumber.key: number,
        ]
        for field in [DestinationField.unitName, .creditCode, .unitNature, .industry, .unitLocation, .unitAddress, .unitPostcode,
                      .contactName, .contactPhone, .contactEmail] {
            if let value = unit[field.key], !value.isEmpty { data[field.key] = value }
        }
        if let category = terms["position_category"], !category.isEmpty { data[DestinationField.position.key] = category }
        return data
    }
}

extension CurrentUser {
    /// The unit an employer account acts for.
    package var employerUnit: Int64? {
        guard role == .employer else { return nil }
        return active?.values[.unit]?.first.flatMap { Int64($0) }
    }
}
