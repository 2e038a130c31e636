import Foundation
import Vapor

/// PDF by a real engine: headless Chromium (Debian's `chromium`, or `JIUYE_CHROMIUM`) prints the
/// document's HTML, with its stylesheet inlined, from a private temporary directory that is
/// removed afterwards. Chinese renders with the system's CJK fonts (fonts-noto-cjk).
package enum PDFRenderer {
    package static var chromium: String { Environment.get("JIUYE_CHROMIUM") ?? "/usr/bin/chromium" }
    package static let timeout: TimeInterval = 45

    package enum Failure: Error { case unavailable, failed(String) }

    /// The page as printed: the print stylesheet inlined, no script.
    package static func standalone(_ html: String, publicDirectory: String) throws -> String {
        let css = try String(contentsOfFile: publicDirectory + "css/print.css", encoding: .utf8)
        return html.replacingOccurrences(of: #"<link rel="stylesheet" href="/css/print.css">"#, with: "<style>\(css)</style>")
            .replacingOccurrences(of: #"<script src="/js/app.js" defer></script>"#, with: "")
    }

    package static func render(html: String, app: Application) async throws -> Data {
        guard FileManager.default.isExecutableFile(atPath: chromium) else { throw Failure.unavailable }
        let page = try standalone(html, publicDirectory: app.directory.publicDirectory)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jiuye-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("document.html"), output = directory.appendingPathComponent("document.pdf")
        try Data(page.utf8).write(to: input)
        let arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                         "--user-data-dir=" + directory.appendingPathComponent("profile").path, "--no-pdf-header-footer",
                         "--print-to-pdf=" + output.path, input.absoluteString]
        let binary = chromium
        let status: Int32 = try await app.threadPool.runIfActive {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning {
                if Date() > deadline { process.terminate(); break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            process.waitUntilExit()
            return process.terminationStatus
        }
        guard status == 0, let data = try? Data(contentsOf: output), data.starts(with: Data("%PDF".utf8)) else {
            throw Failure.failed("chromium exited with \(status)")
        }
        return data
    }
}
