@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Vapor
import XCTest
import XCTVapor

extension Browser {
    /// Uploads `bytes` to 导入毕业生 as multipart with the CSRF token in the query (streamed
    /// bodies are read after the CSRF check), lets the job runner do its work, and returns the
    /// import's id and page.
    func uploadGraduateFile(_ bytes: [UInt8], name: String, file: StaticString = #filePath, line: UInt = #line) async throws -> (Int64, Page) {
        let token = try await get("/students/import").csrfToken ?? ""
        let boundary = "----jiuye\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Origin": TestApp.origin]
        headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let response = try await app.testable().performTest(request: TestingHTTPRequest(method: .POST, url: URI(path: "/students/import?_csrf=\(token)"),
                                                                                        headers: headers, body: body))
        XCTAssertEqual(response.status, .seeOther, response.body.string, file: file, line: line)
        let location = try XCTUnwrap(response.headers.first(name: .location), file: file, line: line)
        let id = try XCTUnwrap(Int64(location.split(separator: "/").last ?? ""), file: file, line: line)
        _ = try await Jobs.runDue(app)
        return (id, try await get(location))
    }
}
