#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a zip archive front to back without seeking: every entry is deflated as it is
/// written and its CRC-32 and sizes follow in a data descriptor (general-purpose flag bit 3),
/// so the size of an entry need not be known when it starts. The central directory is
/// written by `finish()`. Output accumulates in `output` until the owner takes it.
final class ZipStreamWriter {
    private struct Record {
        var name: [UInt8]
        var crc: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    /// Bytes produced and not yet taken by the owner.
    var output: [UInt8] = []
    private var written: UInt64 = 0
    private var records: [Record] = []
    private var current: Record?
    private let deflater: Deflater
    private let dosTime: UInt16
    private let dosDate: UInt16
    /// Set once an offset or size no longer fits the 32-bit fields of a plain zip.
    private(set) var exceededZip32 = false

    private static let dataDescriptorFlag: UInt16 = 1 << 3
    private static let utf8NameFlag: UInt16 = 1 << 11
    private static let deflateMethod: UInt16 = 8
    private static let versionNeeded: UInt16 = 20

    init(compressionLevel: Int, timestamp: DOSTimestamp = .now()) {
        deflater = Deflater(level: compressionLevel)
        dosTime = timestamp.time
        dosDate = timestamp.date
    }

    /// Bytes of all entries so far, including what was already taken.
    var totalBytesWritten: UInt64 { written + UInt64(output.count) }

    func takeOutput() -> [UInt8] {
        let taken = output
        written += UInt64(taken.count)
        // The taken buffer now belongs to the caller; start the next one at the same size.
        output = []
        output.reserveCapacity(taken.count)
        return taken
    }

    func beginEntry(_ name: String) {
        if current != nil { endEntry() }
        let nameBytes = Array(name.utf8)
        let offset = totalBytesWritten
        current = Record(name: nameBytes, crc: 0, compressedSize: 0, uncompressedSize: 0, localHeaderOffset: offset)
        appendUInt32(0x0403_4b50)
        appendUInt16(Self.versionNeeded)
        appendUInt16(Self.dataDescriptorFlag | Self.utf8NameFlag)
        appendUInt16(Self.deflateMethod)
        appendUInt16(dosTime)
        appendUInt16(dosDate)
        appendUInt32(0)  // CRC-32, in the data descriptor
        appendUInt32(0)  // compressed size, in the data descriptor
        appendUInt32(0)  // uncompressed size, in the data descriptor
        appendUInt16(UInt16(nameBytes.count))
        appendUInt16(0)  // extra field length
        output.append(contentsOf: nameBytes)
        deflater.reset()
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard current != nil, bytes.count > 0 else { return }
        current!.crc = Zlib.crc32(current!.crc, bytes)
        current!.uncompressedSize += UInt64(bytes.count)
        deflater.compress(bytes, finish: false, into: &output)
    }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    func endEntry() {
        guard var record = current else { return }
        deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true, into: &output)
        let end = totalBytesWritten
        let dataStart = record.localHeaderOffset + 30 + UInt64(record.name.count)
        record.compressedSize = end - dataStart
        appendUInt32(0x0807_4b50)
        appendUInt32(record.crc)
        appendUInt32(clamped(record.compressedSize))
        appendUInt32(clamped(record.uncompressedSize))
        records.append(record)
        current = nil
    }

    /// Ends the current entry and writes the central directory. Afterwards the archive is complete.
    func finish() {
        endEntry()
        let directoryStart = totalBytesWritten
        for record in records {
            appendUInt32(0x0201_4b50)
            appendUInt16(Self.versionNeeded)  // version made by: MS-DOS, 2.0
            appendUInt16(Self.versionNeeded)
            appendUInt16(Self.dataDescriptorFlag | Self.utf8NameFlag)
            appendUInt16(Self.deflateMethod)
            appendUInt16(dosTime)
            appendUInt16(dosDate)
            appendUInt32(record.crc)
            appendUInt32(clamped(record.compressedSize))
            appendUInt32(clamped(record.uncompressedSize))
            appendUInt16(UInt16(record.name.count))
            appendUInt16(0)  // extra field length
            appendUInt16(0)  // comment length
            appendUInt16(0)  // disk number start
            appendUInt16(0)  // internal attributes
            appendUInt32(0)  // external attributes
            appendUInt32(clamped(record.localHeaderOffset))
            output.append(contentsOf: record.name)
        }
        let directorySize = totalBytesWritten - directoryStart
        appendUInt32(0x0605_4b50)
        appendUInt16(0)
        appendUInt16(0)
        appendUInt16(UInt16(clamping: records.count))
        appendUInt16(UInt16(clamping: records.count))
        appendUInt32(clamped(directorySize))
        appendUInt32(clamped(directoryStart))
        appendUInt16(0)  // comment length
    }

    private func clamped(_ value: UInt64) -> UInt32 {
        if value >= UInt64(UInt32.max) { exceededZip32 = true; return UInt32.max }
        return UInt32(value)
    }

    private func appendUInt16(_ value: UInt16) {
        output.append(UInt8(truncatingIfNeeded: value))
        output.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    private func appendUInt32(_ value: UInt32) {
        appendUInt16(UInt16(truncatingIfNeeded: value))
        appendUInt16(UInt16(truncatingIfNeeded: value >> 16))
    }
}

/// A modification time in the MS-DOS form zip headers use (local time, 2-second steps).
struct DOSTimestamp {
    var time: UInt16
    var date: UInt16

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let year = max(1980, min(2107, year))
        time = UInt16(hour << 11 | minute << 5 | second / 2)
        date = UInt16((year - 1980) << 9 | month << 5 | day)
    }

    /// The current local time.
    static func now() -> DOSTimestamp {
        var seconds = currentTime()
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else {
            return DOSTimestamp(year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0)
        }
        return DOSTimestamp(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                            hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
    }
}

private func currentTime() -> time_t {
    time(nil)
}
