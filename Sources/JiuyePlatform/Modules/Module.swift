import Fluent
import JiuyeDomain
import JiuyeHTML
import NIOConcurrencyHelpers
import Vapor

/// One business module (employment procedures, grassroots aid, living subsidy, the job centre)
/// as the platform sees it: everything a module brings, in one value. `configurePlatform` loops
/// over the modules; the platform itself names none of them.
package struct Module: Sendable {
    /// For logs and docs ("employment").
    package var name: String
    /// The case types the module's processes run as (registered with the case engine, the
    /// reviewer screen, batches, counters and the audit labels).
    package var caseTypes: [CaseType] = []
    /// The module's controllers.
    package var routes: @Sendable (Application) throws -> Void = { _ in }
    /// The module's schema changes, after the platform's own (shipped migrations never move).
    package var migrations: [any Migration] = []
    /// Left-menu entries per role.
    package var menu: [MenuEntry] = []
    /// Audited actions, targets, change-field names and coded values with their Chinese labels.
    package var auditActions: [AuditAction] = []
    package var auditTargets: [AuditTarget] = []
    package var auditFields: [String: String] = [:]
    package var auditValues: [String: String] = [:]
    /// Forms whose fields the school may make read-only or hidden per role (字段权限).
    package var fieldForms: [FieldForm] = []
    /// Where the module's tables hold codes of a code table (so 数据字典 never deletes a code in use).
    package var codeReferences: [String: [CodeUsage.Reference]] = [:]
    /// Anything else done at start-up: background jobs (`app.jobs.register`), streamed-upload
    /// paths, upload owners of its case types.
    package var boot: @Sendable (Application) throws -> Void = { _ in }

    package init(name: String) { self.name = name }

    /// One left-menu item: shown to `roles` under the section `section` (created after the
    /// platform's own sections when no such section exists), in `order` within the section.
    package struct MenuEntry: Sendable {
        package var roles: Set<Role>
        package var section: String
        package var label: String
        package var href: String
        package var order: Int

        package init(roles: Set<Role>, section: String, label: String, href: String, order: Int = 100) {
            self.roles = roles
            self.section = section
            self.label = label
            self.href = href
            self.order = order
        }
    }
}

/// The modules' menu entries, read by `Navigation` on every page.
package final class ModuleMenus: Sendable {
    private let entries = NIOLockedValueBox<[Module.MenuEntry]>([])

    package func add(_ new: [Module.MenuEntry]) { entries.withLockedValue { $0 += new } }

    package func entries(for role: Role) -> [Module.MenuEntry] {
        entries.withLockedValue { $0.filter { $0.roles.contains(role) } }.sorted { $0.order < $1.order }
    }
}

/// Code-table references the modules declare, beside the platform's own.
package final class CodeReferences: Sendable {
    private let references = NIOLockedValueBox<[String: [CodeUsage.Reference]]>([:])

    package func add(_ new: [String: [CodeUsage.Reference]]) {
        references.withLockedValue { $0.merge(new) { $0 + $1 } }
    }

    package func references(for table: String) -> [CodeUsage.Reference] { references.withLockedValue { $0[table] ?? [] } }
}

extension Application {
    private struct ModuleMenusKey: StorageKey { typealias Value = ModuleMenus }
    private struct CodeReferencesKey: StorageKey { typealias Value = CodeReferences }

    package var moduleMenus: ModuleMenus {
        if let menus = storage[ModuleMenusKey.self] { return menus }
        let menus = ModuleMenus()
        storage[ModuleMenusKey.self] = menus
        return menus
    }

    package var codeReferences: CodeReferences {
        if let references = storage[CodeReferencesKey.self] { return references }
        let references = CodeReferences()
        storage[CodeReferencesKey.self] = references
        return references
    }
}
