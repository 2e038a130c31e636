import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// `/`: the home of the logged-in user's role.
package struct HomeController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
    }

    @Sendable
    package func home(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let model = try await HomePage.Model.build(for: user, menus: req.application.moduleMenus, on: req.db, keys: req.keys)
        var context = req.pageContext("首页")
        // Unread messages pop up once, on the first home page after login (seed 002).
        let popup = req.cookies[CookieName.popup] != nil
        if popup { context.popup = try await MessageCenter.popup(for: user, req: req) }
        let response = req.render(HomePage(context: context, model: model))
        if popup { response.cookies[CookieName.popup] = req.expiredCookie() }
        return response
    }
}

extension HomePage.Model {
    package static func build(for user: CurrentUser, menus: ModuleMenus, on db: any Database, keys: KeyService) async throws -> HomePage.Model {
        var model = HomePage.Model(displayName: user.displayName, roleLabel: user.role?.label, scopeLines: [], profile: [], links: [])
        guard let active = user.active else { return model }
        switch active.role {
        case .student:
            model.profile = try await StudentQueries.profile(userID: user.id, on: db, keys: keys)
        default:
            model.scopeLines = try await ScopeNames.describe(active.values, on: db)
        }
        model.links = Navigation.menu(for: user, current: "/", modules: menus).flatMap(\.items).filter { $0.href != "/" }.map { ($0.label, $0.href) }
        return model
    }
}

/// Names for the ids in a scope, for display.
package enum ScopeNames {
    package static func describe(_ values: [ScopeDimension: Set<String>], on db: any Database) async throws -> [(String, String)] {
        var lines: [(String, String)] = []
        for dimension in ScopeDimension.allCases {
            guard let ids = values[dimension], !ids.isEmpty else { continue }
            let names: [String]
            switch dimension {
            case .school, .campus, .college, .major, .class, .unit:
                let table = ["school": "schools", "campus": "campuses", "college": "colleges", "major": "majors", "class": "classes", "unit": "units"][dimension.rawValue]!
                names = try await db.sql.select().column("name").from(table)
                    .where("id", .in, SQLBind.group(ids.compactMap(Int64.init)))
                    .orderBy("name").all().map { try $0.decode(column: "name", as: String.self) }
            case .county, .city:
                names = try await db.sql.select().column("name").from("regions")
                    .where("code", .in, SQLBind.group(Array(ids))).orderBy("code").all().map { try $0.decode(column: "name", as: String.self) }
            case .cohort:
                names = ids.sorted().map { "\($0)届" }
            case .level, .stage:
                names = ids.sorted()
            }
            lines.append((dimension.label, names.joined(separator: "、")))
        }
        return lines
    }
}
