import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 签约模式二 (seed 003 §3.4.2): the unit cannot invite online, so the graduate enters the
/// agreement (单位基本信息, 签约信息, 户口信息) → 保存并生成协议书 → prints it → uploads the stamped
/// scan and submits on the same 签约信息 page as 签约模式一 (`StudentSigningController`).
package struct OfflineSigningController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("signing", "offline", use: page)
        routes.post("signing", "offline", use: generate)
    }

    static let unitFields: [EmployerRegistration.Field] = [.name, .creditCode, .industry, .nature, .location, .email, .address, .contactName, .contactPhone]

    func graduate(_ req: Request) async throws -> (CurrentUser, SigningStore.Graduate) {
        let user = try req.requireRole(.student)
        guard let graduate = try await SigningStore.graduate(user.id, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        return (user, graduate)
    }

    @Sendable
    package func page(req: Request) async throws -> Response {
        let (user, graduate) = try await graduate(req)
        guard try await StudentSigningController().phoneVerified(graduate, req: req) else {
            return req.seeOther("/signing", flash: Flash(.info, "进入网上签约前，请先完成手机认证。"))
        }
        return try await render(req, user: user, graduate: graduate, form: [:], errors: [:])
    }

    func render(_ req: Request, user: CurrentUser, graduate: SigningStore.Graduate, form: [String: String], errors: [String: String],
                message: Flash? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let agreements = try await SigningStore.agreements(student: graduate.userID, on: req.db).filter { $0.mode == .offline }
        let choices = try await DestinationChoices.load(req, data: [:])
        let held = try await SigningStore.heldAgreement(student: graduate.userID, on: req.db)
        let account = try await StudentQueries.find(userID: user.id, scope: .everything, on: req.db)
        let model = OfflineSigningPages.Model(
            graduate: graduate, agreements: agreements, held: held, form: form, errors: errors, message: message, csrfToken: user.csrfToken,
            idNumber: try account?.id_number_cipher.map { Masking.idNumber(try req.keys.decrypt($0)) } ?? "—",
            phone: graduate.sourcePhone.map(Masking.phone) ?? "—", email: graduate.record[.email].map(Masking.email) ?? "—",
            natures: choices.unitNatures.map { SelectOption($0.0, "\($0.0) \($0.1)") }, industries: choices.industries.map { SelectOption($0.0, "\($0.0) \($0.1)") })
        return req.render(OfflineSigningPages.Page(context: req.pageContext("纸质签约", current: "/signing/offline"), model: model), status: status)
    }

    /// 保存并生成协议书: checked like a registering unit (the same 统一社会信用代码 is the unit on file,
    /// whose name is used), then the agreement holds the graduate at once.
    @Sendable
    package func generate(req: Request) async throws -> Response {
        let (user, graduate) = try await graduate(req)
        guard try await StudentSigningController().phoneVerified(graduate, req: req) else { return req.seeOther("/signing") }
        let fields = FormFields(req)
        var form: [String: String] = [:]
        for field in Self.unitFields { form[field.rawValue] = fields.value(field.rawValue) }
        for key in ["unit_postcode", "position", "position_category", "hukou_reception"] { form[key] = fields.value(key) }
        var errors: [String: String] = [:]
        var data: [EmployerRegistration.Field: String] = [:]
        for field in Self.unitFields { data[field] = form[field.rawValue] }
        var location = [DestinationField.unitLocation.key: form[EmployerRegistration.Field.location.rawValue] ?? ""]
        if let problem = DestinationReferences.resolveLocation(&location, names: try await DestinationReferences.regionNames(req.application, on: req.db)) {
            errors[EmployerRegistration.Field.location.rawValue] = problem
        } else {
            data[.location] = location[DestinationField.unitLocation.key]
        }
        var unit: EmployerRegistration?
        switch EmployerRegistration.check(data, reference: EmployerRegistration.Reference(codes: try await GraduateImport.lookup(req.application, on: req.db))) {
        case .success(let checked): unit = checked
        case .failure(let problems): for (field, message) in problems.messages where errors[field.rawValue] == nil { errors[field.rawValue] = message }
        }
        let postcode = form["unit_postcode"] ?? ""
        if !DestinationContact.isPostcode(postcode) { errors["unit_postcode"] = "单位邮编应为 6 位数字。" }
        let position = FormFieldText.singleLine(form["position"] ?? "")
        if position.isEmpty { errors["position"] = "请填写拟聘用职位。" } else if let problem = FormFieldText.problem(position, label: "拟聘用职位", maxLength: 50) { errors["position"] = problem }
        if !DestinationForm.positions.contains(where: { $0.code == form["position_category"] }) { errors["position_category"] = "请选择工作职位类别。" }
        let hukou = ReceptionChoice(rawValue: form["hukou_reception"] ?? "") ?? .notReceived
        guard errors.isEmpty, let unit else {
            return try await render(req, user: user, graduate: graduate, form: form, errors: errors, message: Flash(.error, "请按提示修改后再保存。"),
                                    status: .unprocessableEntity)
        }
        let now = req.now
        let held = try await SigningStore.heldAgreement(student: graduate.userID, on: req.db).map { [$0.held] } ?? []
        if let refusal = SigningGate.refusalToEnterAgreement(eligibility: graduate.eligibility, held: held, now: now, period: SigningSettings.period(req.application)) {
            return try await render(req, user: user, graduate: graduate, form: form, errors: [:], message: Flash(.error, refusal.message), status: .conflict)
        }
        // 从系统中选择: the unit on file under this credit code (its registered name).
        let known = try await req.db.sql.raw("SELECT id, name FROM units WHERE credit_code = \(bind: unit.creditCode.value)").first()
        let unitID = try known?.decode(column: "id", as: Int64.self)
        let unitJSON: [String: String] = [
            "unit_name": try known?.decode(column: "name", as: String.self) ?? unit.name, "credit_code": unit.creditCode.value, "unit_location": unit.locationCode,
            "unit_nature": unit.natureCode, "industry": unit.industryCode, "unit_address": unit.address, "unit_postcode": postcode,
            "contact_name": unit.contactName, "contact_phone": unit.contactPhone, "contact_email": unit.email,
        ]
        let terms = [InvitationField.position.rawValue: position, "position_category": form["position_category"] ?? "",
                     InvitationField.hukouReception.rawValue: hukou.rawValue]
        let id: Int64? = try await req.db.writeTransaction { db in
            let number = try await SigningStore.nextNumber(for: graduate, on: db)
            guard let id = try await SigningStore.insertHeld(graduate: graduate, mode: .offline, invitationID: nil, unitID: unitID, unit: unitJSON,
                                                             terms: terms, number: number, acceptedAt: nil, now: now, on: db) else { return nil }
            try await req.audit(.agreementEnter, target: .agreement, id: id, changes: [.init("unit", after: unitJSON["unit_name"] ?? ""), .init("number", after: number.value)], on: db)
            return id
        }
        guard id != nil else {
            return try await render(req, user: user, graduate: graduate, form: form, errors: [:],
                                    message: Flash(.error, "您已有一份签约，签约成功后不能再与其他单位另行签约。"), status: .conflict)
        }
        return req.seeOther("/signing/agreement", flash: Flash(.success, "就业协议书已生成。请下载打印，交用人单位盖章后上传。"))
    }
}
