import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 公示 (seed 002 step 5, review E5): a public page listing the applications in 公示 with the
/// masked name, the unit, the months and the amount only; anyone may raise an objection, which
/// only the county HR bureau reads (on the case's review page), records on the case (公示异议)
/// and deals with in 评审. The job runner closes 公示 at its deadline.
package struct PublicityController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("publicity", "subsidy", use: page)
        routes.post("publicity", "subsidy", ":id", "objection", use: object)
    }

    @Sendable
    func page(req: Request) async throws -> Response {
        let response = Response()
        let token = CSRF.anonymousToken(for: req, response: response)
        let rows = try await req.db.sql.raw("""
            SELECT c.id, c.applicant_name, c.county_code, c.data_json, c.state_json, u.name AS unit FROM subsidy_cases c JOIN units u ON u.id = c.unit_id
            WHERE c.status_key = 'publicity:publicity' ORDER BY c.county_code, c.id LIMIT 2000
            """).all()
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        var items: [SubsidyPages.PublicityRow] = []
        for row in rows {
            let data = (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "data_json", as: String.self).utf8))) ?? [:]
            let state = (try? JSONDecoder().decode(CaseState.self, from: Data(try row.decode(column: "state_json", as: String.self).utf8))) ?? CaseState()
            var until: Int64?
            if case .publicizing(_, let end) = state.status { until = end }
            let county = try row.decode(column: "county_code", as: String.self)
            items.append(.init(id: try row.decode(column: "id", as: Int64.self), name: Masking.name(try row.decode(column: "applicant_name", as: String.self)),
                               county: names.fullName(county) ?? county, unit: try row.decode(column: "unit", as: String.self),
                               months: "\(data[SubsidyCase.Field.start.rawValue] ?? "") 至 \(data[SubsidyCase.Field.end.rawValue] ?? "")",
                               amount: data[SubsidyCase.Field.amount.rawValue] ?? "", until: until))
        }
        return req.render(SubsidyPages.Publicity(context: req.pageContext("高校毕业生生活补贴公示"), rows: items, csrfToken: token), into: response)
    }

    @Sendable
    func object(req: Request) async throws -> Response {
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await CaseEngine.load(SubsidyCase.type, id: id, on: req.db),
              row.status_key == "publicity:publicity" else { throw Abort(.notFound) }
        let form = FormFields(req)
        let content = String(form.value("content").trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        guard !content.isEmpty else { return req.seeOther("/publicity/subsidy", flash: Flash(.error, "请填写异议内容。")) }
        guard await req.application.loginLimiter.allow(req.clientAddress, now: req.now) else {
            return req.seeOther("/publicity/subsidy", flash: Flash(.error, "操作过于频繁，请一分钟后再试。"))
        }
        let contact = String(form.value("contact").prefix(60))
        let (now, keys) = (req.now, req.keys)
        // Kept apart from the case and read by the county HR bureau only, who records it on the
        // case (公示异议), which keeps the case in 评审 until it is dealt with.
        try await req.db.writeTransaction { db in
            try await db.sql.insert(into: "subsidy_objections").columns("case_id", "content", "contact_cipher", "created_at")
                .values(SQLBind(id), SQLBind(content), SQLBind(contact.isEmpty ? nil : keys.encrypt(contact)), SQLBind(now)).run()
            try await Audit.record(.subsidyObjection, target: .subsidyPerson, id: row.applicant_id, changes: [.init("case", after: String(id))],
                                   actor: nil, ip: req.clientAddress, now: now, keys: keys, on: db)
            for staff in try await CaseEngine.recipients(role: .countyHR, scope: row.scope, on: db) {
                try await MessageCenter.post(to: staff, title: "生活补贴公示异议", body: "公示中的一份申请收到异议，请核实并登记。", link: "/review/living-subsidy/\(id)", now: now, on: db)
            }
        }
        return req.seeOther("/publicity/subsidy", flash: Flash(.success, "异议已提交，区县人社局将核实处理。"))
    }
}
