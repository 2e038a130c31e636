import Foundation
import Vapor

/// Where sealed (encrypted) upload blobs live, by content key (SHA-256 hex of the plaintext).
/// The default is a directory; a cluster implements the same four calls over an S3-compatible
/// bucket (PUT, GET, HEAD, DELETE of `uploads/ab/cd/<key>`). A store only ever sees ciphertext.
package protocol FileStore: Sendable {
    /// Stores `sealed` under `key`, replacing what was there, all or nothing.
    func put(_ sealed: Data, key: String) async throws
    /// The bytes stored under `key`, or nil when there are none.
    func get(key: String) async throws -> Data?
    func exists(key: String) async throws -> Bool
    /// Removes `key`; removing a missing key is not an error.
    func delete(key: String) async throws
}

/// Blobs as files `<root>/ab/cd/<key>` (0600, directories 0700). A new blob is written to
/// `<root>/.incoming/`, fsynced and renamed into place, so a reader never sees half a file; a
/// failed write removes its temporary file.
package struct DirectoryFileStore: FileStore {
    package let root: URL

    package init(root: String) {
        self.root = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL
    }

    /// Keys are lower-case hex of 64 characters: nothing else can name a file here.
    package static func isValidKey(_ key: String) -> Bool {
        key.utf8.count == 64 && key.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    package func path(for key: String) throws -> URL {
        guard Self.isValidKey(key) else { throw Abort(.internalServerError, reason: "Upload store key is not a SHA-256 hex digest") }
        let characters = Array(key)
        return root.appendingPathComponent(String(characters[0..<2]), isDirectory: true)
            .appendingPathComponent(String(characters[2..<4]), isDirectory: true)
            .appendingPathComponent(key, isDirectory: false)
    }

    package var incoming: URL { root.appendingPathComponent(".incoming", isDirectory: true) }

    package func put(_ sealed: Data, key: String) async throws {
        let target = try path(for: key)
        let manager = FileManager.default
        let privateDirectory: [FileAttributeKey: Any] = [.posixPermissions: 0o700]
        try manager.createDirectory(at: incoming, withIntermediateDirectories: true, attributes: privateDirectory)
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: privateDirectory)
        let temporary = incoming.appendingPathComponent("\(key.prefix(16))-\(UUID().uuidString)")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw Abort(.internalServerError, reason: "Cannot create \(temporary.path) (errno \(errno))") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let written = Result { try handle.write(contentsOf: sealed); try handle.synchronize(); try handle.close() }
        guard case .success = written, rename(temporary.path, target.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            if case .failure(let error) = written { throw error }
            throw Abort(.internalServerError, reason: "Cannot move upload blob into \(target.path) (errno \(code))")
        }
        FileSync.directory(of: target.path)
    }

    package func get(key: String) async throws -> Data? {
        let target = try path(for: key)
        guard FileManager.default.fileExists(atPath: target.path) else { return nil }
        return try Data(contentsOf: target)
    }

    package func exists(key: String) async throws -> Bool {
        FileManager.default.fileExists(atPath: try path(for: key).path)
    }

    package func delete(key: String) async throws {
        let target = try path(for: key)
        if unlink(target.path) != 0 && errno != ENOENT {
            throw Abort(.internalServerError, reason: "Cannot remove upload blob \(target.path) (errno \(errno))")
        }
        FileSync.directory(of: target.path)
    }
}

extension Application {
    private struct UploadStoreKey: StorageKey { typealias Value = any FileStore }

    /// The blob store: set at start-up (a cluster's S3 store) or in tests; by default the
    /// directory `JIUYE_UPLOAD_DIR`, else `uploads/` beside the SQLite file (`data/uploads/`).
    /// Never inside `Public/`, which is served as static files.
    package var uploadStore: any FileStore {
        get throws {
            if let store = storage[UploadStoreKey.self] { return store }
            return try DirectoryFileStore(root: UploadStorage.defaultRoot(self))
        }
    }

    package func setUploadStore(_ store: any FileStore) {
        storage[UploadStoreKey.self] = store
    }
}

package enum UploadStorage {
    /// `configured` is `JIUYE_UPLOAD_DIR`; tests pass their own rather than change the process
    /// environment (setenv while other threads read it can crash the process).
    package static func defaultRoot(_ app: Application, configured: String? = Environment.get("JIUYE_UPLOAD_DIR")) throws -> String {
        let configured = configured.flatMap { $0.isEmpty ? nil : $0 }
        let root = configured ?? URL(fileURLWithPath: app.settings.sqlitePath).deletingLastPathComponent().appendingPathComponent("uploads").path
        let resolved = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath().path
        let publicDirectory = URL(fileURLWithPath: Middlewares.publicDirectory(app), isDirectory: true).standardizedFileURL.resolvingSymlinksInPath().path
        if resolved == publicDirectory || resolved.hasPrefix(publicDirectory.hasSuffix("/") ? publicDirectory : publicDirectory + "/") {
            throw Abort(.internalServerError, reason: "Upload directory \(resolved) is inside the public directory \(publicDirectory); set JIUYE_UPLOAD_DIR outside it")
        }
        return resolved
    }
}
