import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 学生中心 (seed 003 §2.1–2.2): 欢迎您 with the school and the masked 邮箱 and 手机; the student's
/// own menu sections as 快速通道 (就业手续 into the procedure modules, 求职中心, …); the top of
/// 精准就业推荐 with 推荐设置; 完善度 of 我的简历.
package struct StudentCentreController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("jobcentre", use: centre)
    }

    @Sendable
    func centre(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let account = try await req.db.sql.raw("SELECT email, phone_cipher FROM users WHERE id = \(bind: user.id)").first()
        let email = try account?.decode(column: "email", as: String?.self).map(Masking.email)
        let phone = try account?.decode(column: "phone_cipher", as: String?.self).flatMap { try? req.keys.decrypt($0) }.map(Masking.phone)
        let school = try await ResumeStore.student(user.id, on: req.db)?.school
        let sections = Navigation.menu(for: user, current: "/jobcentre", modules: req.application.moduleMenus).filter { $0.title != "工作台" }
        let resume = try await ResumeStore.load(user.id, keys: req.keys, on: req.db)
        var top: [(JobStore.Row, Int)] = []
        let preference = try await PreferenceController.load(user.id, on: req.db)
        if let preference, !preference.isEmpty {
            top = try await PreferenceController.ranked(preference, req: req).prefix(10).map { ($0.0, $0.1) }
        }
        return req.render(JobPages.StudentCentre(context: req.pageContext("学生中心", breadcrumb: [Crumb("学生中心")], current: "/jobcentre"),
                                                 name: user.displayName, school: school, email: email, phone: phone, sections: sections,
                                                 completeness: resume.completeness, hasPreference: preference.map { !$0.isEmpty } ?? false, top: top))
    }
}
