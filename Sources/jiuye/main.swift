import JiuyeApp
import Vapor

@main
struct Main {
    static func main() async throws {
        try await JiuyeMain.run()
    }
}
