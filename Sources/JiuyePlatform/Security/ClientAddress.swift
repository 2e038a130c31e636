import Vapor

package enum ClientAddress {
    /// The client's address. `X-Forwarded-For` is believed only when the peer is a configured
    /// proxy (Vapor's `peerAddress` believes any client-written header).
    package static func of(_ req: Request) -> String {
        let peer = req.remoteAddress?.ipAddress ?? "unknown"
        let trusted = req.application.settings.trustedProxies
        guard trusted.contains(peer), let forwarded = req.headers.first(name: "X-Forwarded-For") else { return peer }
        // The rightmost address not written by one of our proxies.
        let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return hops.reversed().first { !trusted.contains($0) } ?? peer
    }
}

extension Request {
    package var clientAddress: String {
        if let cached = storage[ClientAddressKey.self] { return cached }
        let address = ClientAddress.of(self)
        storage[ClientAddressKey.self] = address
        return address
    }
    private struct ClientAddressKey: StorageKey { typealias Value = String }
}
