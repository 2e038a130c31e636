import CZlib

/// Limits that keep a hostile upload from exhausting memory.
public struct ZipLimits: Sendable, Hashable {
    /// Most uncompressed bytes unpacked from one archive, across all the parts read
    /// while opening it and any one sheet read from it. Default 512 MiB.
    public var maxUncompressedBytes: Int

    public init(maxUncompressedBytes: Int = 512 * 1024 * 1024) {
        self.maxUncompressedBytes = maxUncompressedBytes
    }

    public static let `default` = ZipLimits()
}

/// A zip archive held in memory: the central directory is read up front, entries are
/// unpacked (stored or deflated) on demand and checked against their CRC-32.
struct ZipArchive: Sendable {
    struct Entry: Sendable {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let entries: [Entry]
    private let indexByName: [String: Int]
    private let indexByLowercasedName: [String: Int]

    init(bytes: [UInt8]) throws {
        self.bytes = bytes
        let reader = ByteReader(bytes: bytes)
        let directory = try Self.locateCentralDirectory(reader)
        var entries: [Entry] = []
        entries.reserveCapacity(min(directory.count, 65_536))
        var position = directory.offset
        for _ in 0..<directory.count {
            guard try reader.uint32(at: position) == 0x0201_4b50 else {
                throw SheetsError.corruptArchive("central directory entry expected at \(position)")
            }
            let flags = try reader.uint16(at: position + 8)
            let method = try reader.uint16(at: position + 10)
            let crc = try reader.uint32(at: position + 16)
            var compressedSize = UInt64(try reader.uint32(at: position + 20))
            var uncompressedSize = UInt64(try reader.uint32(at: position + 24))
            let nameLength = Int(try reader.uint16(at: position + 28))
            let extraLength = Int(try reader.uint16(at: position + 30))
            let commentLength = Int(try reader.uint16(at: position + 32))
            var localOffset = UInt64(try reader.uint32(at: position + 42))
            let nameBytes = try reader.slice(at: position + 46, count: nameLength)
            let extraStart = position + 46 + nameLength
            try Self.applyZip64Extra(reader, at: extraStart, length: extraLength,
                                     uncompressed: &uncompressedSize, compressed: &compressedSize, offset: &localOffset)
            // Some Windows tools write backslashes.
            let name = String(decoding: nameBytes, as: UTF8.self).replacingBackslashes()
            guard compressedSize <= UInt64(bytes.count), uncompressedSize <= UInt64(Int.max / 2),
                  localOffset < UInt64(bytes.count) else {
                throw SheetsError.corruptArchive("entry \(name) has impossible sizes or offset")
            }
            entries.append(Entry(name: name, method: method, flags: flags, crc: crc,
                                 compressedSize: Int(compressedSize), uncompressedSize: Int(uncompressedSize),
                                 localHeaderOffset: Int(localOffset) + directory.prefixLength))
            position = extraStart + extraLength + commentLength
        }
        self.entries = entries
        var byName: [String: Int] = [:]
        var byLowercasedName: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            byName[entry.name] = byName[entry.name] ?? index
            byLowercasedName[entry.name.lowercased()] = byLowercasedName[entry.name.lowercased()] ?? index
        }
        indexByName = byName
        indexByLowercasedName = byLowercasedName
    }

    /// The entry with this path; part names in OOXML are case-insensitive, so a
    /// case-insensitive match is tried second.
    func entry(named name: String) -> Entry? {
        let name = name.hasPrefix("/") ? String(name.dropFirst()) : name
        if let index = indexByName[name] ?? indexByLowercasedName[name.lowercased()] { return entries[index] }
        return nil
    }

    /// Unpacks `entry`, refusing when its size exceeds `limit` bytes.
    func extract(_ entry: Entry, limit: Int) throws -> [UInt8] {
        if entry.flags & 1 != 0 { throw SheetsError.encryptedEntry(entry.name) }
        if entry.uncompressedSize > limit { throw SheetsError.uncompressedSizeLimitExceeded(limit: limit) }
        let dataStart = try dataOffset(of: entry)
        let output: [UInt8] = try bytes.withUnsafeBytes { raw in
            let data = UnsafeRawBufferPointer(rebasing: raw[dataStart..<(dataStart + entry.compressedSize)])
            switch entry.method {
            case 0:
                guard entry.compressedSize == entry.uncompressedSize else {
                    throw SheetsError.corruptArchive("stored entry \(entry.name) has differing sizes")
                }
                return Array(data)
            case 8:
                return try Zlib.inflateRaw(data, expectedSize: entry.uncompressedSize, entry: entry.name)
            default:
                throw SheetsError.unsupportedCompression(method: Int(entry.method), entry: entry.name)
            }
        }
        let crc = output.withUnsafeBytes { Zlib.crc32(0, $0) }
        guard crc == entry.crc else { throw SheetsError.corruptArchive("CRC-32 mismatch in \(entry.name)") }
        return output
    }

    /// Unpacks `entry` in pieces so that memory stays near `chunkSize` whatever its size.
    /// `body` gets the bytes not yet used and whether they are the last; it returns how many
    /// from the start it used, and the rest is offered again with more bytes appended (the
    /// buffer grows when `body` can use nothing of a full one). Sizes and the CRC-32 are
    /// checked as the data arrives and at its end, so `body` may have seen bytes of an entry
    /// that then turns out to be corrupt.
    func inflate(_ entry: Entry, limit: Int, chunkSize: Int = 1 << 20,
                 _ body: (UnsafeBufferPointer<UInt8>, _ isFinal: Bool) throws -> Int) throws {
        if entry.flags & 1 != 0 { throw SheetsError.encryptedEntry(entry.name) }
        if entry.uncompressedSize > limit { throw SheetsError.uncompressedSizeLimitExceeded(limit: limit) }
        guard entry.method == 8 else {
            let bytes = try extract(entry, limit: limit)
            _ = try bytes.withUnsafeBufferPointer { try body($0, true) }
            return
        }
        let dataStart = try dataOffset(of: entry)
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SheetsError.corruptArchive("inflateInit2 failed for \(entry.name)")
        }
        defer { inflateEnd(&stream) }
        var buffer = [UInt8](repeating: 0, count: max(16, min(chunkSize, entry.uncompressedSize + 1)))
        var filled = 0
        var total = 0
        var crc: UInt32 = 0
        try bytes.withUnsafeBytes { raw in
            let input = raw.baseAddress!.advanced(by: dataStart).assumingMemoryBound(to: Bytef.self)
            stream.next_in = UnsafeMutablePointer(mutating: input)
            stream.avail_in = uInt(entry.compressedSize)
            var finished = false
            while !finished {
                if filled == buffer.count {
                    buffer.append(contentsOf: repeatElement(0, count: buffer.count))
                }
                let (status, produced) = buffer.withUnsafeMutableBufferPointer { output -> (Int32, Int) in
                    stream.next_out = output.baseAddress! + filled
                    stream.avail_out = uInt(output.count - filled)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    let produced = output.count - filled - Int(stream.avail_out)
                    crc = Zlib.crc32(crc, UnsafeRawBufferPointer(start: output.baseAddress! + filled, count: produced))
                    return (status, produced)
                }
                filled += produced
                total += produced
                guard total <= entry.uncompressedSize else {
                    throw SheetsError.corruptArchive("\(entry.name) inflates to more than its declared \(entry.uncompressedSize) bytes")
                }
                switch status {
                case Z_STREAM_END:
                    finished = true
                case Z_OK:
                    break
                case Z_BUF_ERROR where stream.avail_out == 0:
                    break
                default:
                    throw SheetsError.corruptArchive("\(entry.name) has damaged deflate data (zlib status \(status))")
                }
                if finished || filled == buffer.count {
                    if finished {
                        guard total == entry.uncompressedSize else {
                            throw SheetsError.corruptArchive("\(entry.name) inflates to \(total) bytes, declared \(entry.uncompressedSize)")
                        }
                        guard crc == entry.crc else { throw SheetsError.corruptArchive("CRC-32 mismatch in \(entry.name)") }
                    }
                    let used = try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<filled]), finished) }
                    if used > 0 {
                        buffer.withUnsafeMutableBytes { pointer in
                            // Overlapping regions: copyMemory is a memmove.
                            pointer.baseAddress!.copyMemory(from: pointer.baseAddress! + used, byteCount: filled - used)
                        }
                        filled -= used
                    }
                }
            }
        }
    }

    private func dataOffset(of entry: Entry) throws -> Int {
        let reader = ByteReader(bytes: bytes)
        let header = entry.localHeaderOffset
        guard try reader.uint32(at: header) == 0x0403_4b50 else {
            throw SheetsError.corruptArchive("local header of \(entry.name) missing")
        }
        let nameLength = Int(try reader.uint16(at: header + 26))
        let extraLength = Int(try reader.uint16(at: header + 28))
        let dataStart = header + 30 + nameLength + extraLength
        guard dataStart <= bytes.count, entry.compressedSize <= bytes.count - dataStart else {
            throw SheetsError.corruptArchive("data of \(entry.name) runs past the end of the archive")
        }
        return dataStart
    }

    // MARK: - Central directory

    private struct DirectoryLocation {
        var offset: Int
        var count: Int
        /// Bytes in front of the archive (a self-extractor stub, say) that the offsets don't count.
        var prefixLength: Int
    }

    private static func locateCentralDirectory(_ reader: ByteReader) throws -> DirectoryLocation {
        let bytes = reader.bytes
        guard bytes.count >= 22 else { throw classifyUnreadable(bytes) }
        var end = -1
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while position >= lowest {
            if bytes[position] == 0x50 && bytes[position + 1] == 0x4b && bytes[position + 2] == 5 && bytes[position + 3] == 6 {
                end = position
                break
            }
            position -= 1
        }
        guard end >= 0 else { throw classifyUnreadable(bytes) }
        var count = UInt64(try reader.uint16(at: end + 10))
        var size = UInt64(try reader.uint32(at: end + 12))
        var offset = UInt64(try reader.uint32(at: end + 16))
        var recordEnd = end
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF,
           end >= 20, try reader.uint32(at: end - 20) == 0x0706_4b50 {
            let zip64End = try reader.uint64(at: end - 12)
            guard zip64End < UInt64(bytes.count), try reader.uint32(at: Int(zip64End)) == 0x0606_4b50 else {
                throw SheetsError.corruptArchive("Zip64 end of central directory missing")
            }
            count = try reader.uint64(at: Int(zip64End) + 32)
            size = try reader.uint64(at: Int(zip64End) + 40)
            offset = try reader.uint64(at: Int(zip64End) + 48)
            recordEnd = end - 20
        }
        guard size <= UInt64(recordEnd), count <= size / 46 + 1 else {
            throw SheetsError.corruptArchive("central directory larger than the archive")
        }
        let expectedStart = recordEnd - Int(size)
        let prefix = expectedStart - Int(clamping: offset)
        guard prefix >= 0, try reader.uint32(at: expectedStart) == 0x0201_4b50 || count == 0 else {
            throw SheetsError.corruptArchive("central directory not where the end record says")
        }
        return DirectoryLocation(offset: expectedStart, count: Int(count), prefixLength: prefix)
    }

    private static func classifyUnreadable(_ bytes: [UInt8]) -> SheetsError {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .legacyOrEncryptedWorkbook }
        if bytes.starts(with: [0x50, 0x4b, 3, 4]) { return .corruptArchive("end of central directory not found (truncated?)") }
        return .notAZipArchive
    }

    private static func applyZip64Extra(_ reader: ByteReader, at start: Int, length: Int,
                                        uncompressed: inout UInt64, compressed: inout UInt64, offset: inout UInt64) throws {
        var position = start
        let end = start + length
        while position + 4 <= end {
            let id = try reader.uint16(at: position)
            let size = Int(try reader.uint16(at: position + 2))
            if id == 0x0001 {
                var field = position + 4
                if uncompressed == 0xFFFF_FFFF, field + 8 <= position + 4 + size {
                    uncompressed = try reader.uint64(at: field); field += 8
                }
                if compressed == 0xFFFF_FFFF, field + 8 <= position + 4 + size {
                    compressed = try reader.uint64(at: field); field += 8
                }
                if offset == 0xFFFF_FFFF, field + 8 <= position + 4 + size {
                    offset = try reader.uint64(at: field)
                }
            }
            position += 4 + size
        }
    }
}

/// Little-endian reads with bounds checks that throw instead of trapping.
struct ByteReader {
    let bytes: [UInt8]

    func uint16(at offset: Int) throws -> UInt16 {
        guard offset >= 0, offset <= bytes.count - 2 else { throw SheetsError.corruptArchive("read past end at \(offset)") }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func uint32(at offset: Int) throws -> UInt32 {
        UInt32(try uint16(at: offset)) | UInt32(try uint16(at: offset + 2)) << 16
    }

    func uint64(at offset: Int) throws -> UInt64 {
        UInt64(try uint32(at: offset)) | UInt64(try uint32(at: offset + 4)) << 32
    }

    func slice(at offset: Int, count: Int) throws -> ArraySlice<UInt8> {
        guard offset >= 0, count >= 0, offset <= bytes.count - count else {
            throw SheetsError.corruptArchive("read past end at \(offset)")
        }
        return bytes[offset..<(offset + count)]
    }
}

extension String {
    func replacingBackslashes() -> String {
        guard utf8.contains(UInt8(ascii: "\\")) else { return self }
        return String(decoding: utf8.map { $0 == UInt8(ascii: "\\") ? UInt8(ascii: "/") : $0 }, as: UTF8.self)
    }
}
