@preconcurrency import Crypto
import Fluent
import Foundation
import JiuyeDomain
import NIOCore
import SQLKit
import Vapor

/// A message to one person: who, what, and why (the purpose names the flow, e.g. `login`).
package struct OutgoingMessage: Sendable {
    package var to: String
    package var subject: String
    package var text: String
    package var purpose: String
    package var userID: Int64?
}

/// Sends 短信. Every gateway records the message in the outbox (encrypted), inside the caller's
/// transaction, so a rolled-back change sends nothing.
package protocol SMSGateway: Sendable {
    var name: String { get }
    func send(_ message: OutgoingMessage, now: Int64, keys: KeyService, on db: any Database) async throws
}

/// Sends email, the same way.
package protocol EmailGateway: Sendable {
    var name: String { get }
    func send(_ message: OutgoingMessage, now: Int64, keys: KeyService, on db: any Database) async throws
}

/// The default: the message stays in the outbox, which the system admin reads at /admin/outbox.
/// The platform needs nothing external to run.
package struct OutboxGateway: SMSGateway, EmailGateway {
    package let channel: Outbox.Channel
    package var name: String { "outbox" }

    package func send(_ message: OutgoingMessage, now: Int64, keys: KeyService, on db: any Database) async throws {
        _ = try await Outbox.store(message, channel: channel, gateway: name, status: .stored, now: now, keys: keys, on: db)
    }
}

/// Production: an HTTP POST of a JSON message to a configured URL, made by the job runner
/// (timeout, retries with backoff), with failures visible on the outbox and jobs pages.
package struct WebhookGateway: SMSGateway, EmailGateway {
    package let channel: Outbox.Channel
    package let url: String
    package var name: String { "webhook" }

    package static let jobKind = "notify.webhook"
    package static let maxAttempts = 5

    package func send(_ message: OutgoingMessage, now: Int64, keys: KeyService, on db: any Database) async throws {
        let id = try await Outbox.store(message, channel: channel, gateway: name, status: .queued, now: now, keys: keys, on: db)
        try await Jobs.enqueue(Self.jobKind, payload: String(id), runAt: now, maxAttempts: Self.maxAttempts, on: db)
    }

    /// The body posted to the webhook.
    package struct Payload: Content {
        package let id: Int64
        package let channel: String
        package let to: String
        package let subject: String
        package let text: String
        package let purpose: String
    }

    /// The job: posts one outbox message; a non-2xx answer or a timeout throws so the runner retries.
    package static func deliver(app: Application, payload: String) async throws {
        guard let id = Int64(payload) else { return }
        guard let row = try await Outbox.row(id: id, on: app.db), row.status != Outbox.Status.sent.rawValue else { return }
        let settings = app.settings
        guard let url = (row.channel == Outbox.Channel.sms.rawValue ? settings.smsWebhookURL : settings.emailWebhookURL) else {
            try await Outbox.markAttempt(id: id, error: "未配置发送地址", final: true, now: app.clock.now(), on: app.db)
            return
        }
        let body = Payload(id: row.id, channel: row.channel, to: try app.keys.decrypt(row.recipient_cipher), subject: row.subject,
                           text: try app.keys.decrypt(row.body_cipher), purpose: row.purpose)
        let data = try JSONEncoder.sorted.encode(body)
        do {
            let response = try await app.webhookTransport.post(url: url, body: data, secret: settings.webhookSecret,
                                                                timeout: .seconds(Int64(settings.webhookTimeoutSeconds)), app: app)
            guard (200..<300).contains(response) else { throw Abort(.badGateway, reason: "HTTP \(response)") }
            try await Outbox.markSent(id: id, now: app.clock.now(), on: app.db)
        } catch {
            let final = row.attempts + 1 >= maxAttempts
            let reason = (error as? any AbortError)?.reason ?? String(describing: error)
            try await Outbox.markAttempt(id: id, error: String(reason.prefix(300)), final: final, now: app.clock.now(), on: app.db)
            throw error
        }
    }
}

/// How a webhook POST leaves the process; tests put a recorder here.
package protocol WebhookTransport: Sendable {
    /// Posts `body` and returns the HTTP status code.
    func post(url: String, body: Data, secret: String?, timeout: TimeAmount, app: Application) async throws -> UInt
}

package struct HTTPWebhookTransport: WebhookTransport {
    package func post(url: String, body: Data, secret: String?, timeout: TimeAmount, app: Application) async throws -> UInt {
        var headers = HTTPHeaders([("Content-Type", "application/json; charset=utf-8")])
        if let secret {
            let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
            headers.add(name: "X-Jiuye-Signature", value: "sha256=" + Data(mac).hexString)
        }
        let request = ClientRequest(method: .POST, url: URI(string: url), headers: headers, body: ByteBuffer(data: body), timeout: timeout)
        let response = try await app.client.send(request)
        return response.status.code
    }
}

extension Application {
    private struct SMSKey: StorageKey { typealias Value = any SMSGateway }
    private struct EmailKey: StorageKey { typealias Value = any EmailGateway }
    private struct TransportKey: StorageKey { typealias Value = any WebhookTransport }

    package var sms: any SMSGateway {
        get {
            if let gateway = storage[SMSKey.self] { return gateway }
            if settings.smsGateway == "webhook", let url = settings.smsWebhookURL { return WebhookGateway(channel: .sms, url: url) }
            return OutboxGateway(channel: .sms)
        }
        set { storage[SMSKey.self] = newValue }
    }

    package var email: any EmailGateway {
        get {
            if let gateway = storage[EmailKey.self] { return gateway }
            if settings.emailGateway == "webhook", let url = settings.emailWebhookURL { return WebhookGateway(channel: .email, url: url) }
            return OutboxGateway(channel: .email)
        }
        set { storage[EmailKey.self] = newValue }
    }

    package var webhookTransport: any WebhookTransport {
        get { storage[TransportKey.self] ?? HTTPWebhookTransport() }
        set { storage[TransportKey.self] = newValue }
    }
}

package enum Notify {
    package static func register(on app: Application) {
        app.jobs.register(WebhookGateway.jobKind, label: "短信/邮件接口推送") { app, payload in try await WebhookGateway.deliver(app: app, payload: payload) }
    }
}
