import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// The reviewer's cards on a case (seed 001 §2): the 系统判断结果, labelled 仅供参考, listing every
/// rule checked with its outcome and reason (review D4); the materials are the platform's files
/// card; and, for the application, 实际缴纳金额 as the finance office recorded it beside the amount
/// the rules give (D5, D6).
package enum GrassrootsReviewCards {
    package static func sections(_ stage: GrassrootsStage, req: Request, row: CaseRow, user: CurrentUser) async throws -> [RenderedHTML] {
        guard let person = try await GrassrootsStore.person(row.applicant_id, on: req.db) else { return [] }
        let content = row.data.isEmpty ? (row.inForce ?? [:]) : row.data
        let form = CaseController.form(content)
        let outcomes = try await judgement(person: person, form: form, content: content, on: req.db)
        var cards: [RenderedHTML] = [RenderedHTML(GrassrootsPages.JudgementCard(outcomes: outcomes, supplement: content["supplement"] == "1"))]
        let award = try await GrassrootsStore.award(person.userID, on: req.db)
        if stage.base == .apply {
            let mode = GrassrootsAmount.Mode(rawValue: form[.aidMode] ?? "") ?? .tuition
            let estimate = try await GrassrootsStore.estimate(person, mode: mode, on: req.db)
            cards.append(RenderedHTML(GrassrootsPages.AmountCard(estimate: estimate, award: award, bank: person.bankName, cardLast4: person.cardLast4)))
        } else if let award {
            cards.append(RenderedHTML(GrassrootsPages.InstallmentsCard(award: award)))
        }
        return cards
    }

    /// The facts the rules read: the form, the place tables and the registry's row of the person.
    package static func judgement(person: GrassrootsStore.Person, form: [GrassrootsForm.Field: String], content: [String: String],
                                  on db: any Database) async throws -> [GrassrootsJudgement.Outcome] {
        let registry = try await db.sql.raw("SELECT * FROM aid_registry WHERE id = \(bind: person.registryID)").first()
        let countyName = try await form[.workCounty].asyncMap { code in
            try await db.sql.raw("SELECT name FROM regions WHERE code = \(bind: code)").first()?.decode(column: "name", as: String.self)
        } ?? nil
        let student = GrassrootsJudgement.Student(
            isFreshGraduate: person.basis == .freshGraduate ? true : (person.basis == .supplement ? nil : true),
            fullTime: try registry?.decode(column: "full_time", as: Bool?.self),
            directed: try registry?.decode(column: "directed", as: Bool?.self),
            tuitionExempt: try registry?.decode(column: "tuition_exempt", as: Bool?.self),
            stageAtGraduation: person.stage,
            appliedStage: person.stage)
        let facts = GrassrootsJudgement.Facts(
            form: form, countyName: countyName, townshipIsCountySeat: content[GrassrootsStore.countySeatKey].map { $0 == "1" },
            countyOnHardshipList: try await GrassrootsChoices.onHardshipList(form[.workCounty], on: db), student: student)
        return GrassrootsJudgement.evaluate(facts)
    }
}
