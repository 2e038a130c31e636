import CZlib

/// Raw deflate (window bits -15: no zlib header or trailer), the form zip entries store.
/// The `z_stream` lives at a fixed address because zlib keeps a pointer back to it.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let scratch: UnsafeMutablePointer<UInt8>
    private static let scratchSize = 64 * 1024

    init(level: Int) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        scratch = .allocate(capacity: Self.scratchSize)
        let clamped = Int32(max(0, min(9, level)))
        let status = deflateInit2_(stream, clamped, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        // Only fails for invalid parameters (ours are fixed) or when memory is exhausted.
        precondition(status == Z_OK, "deflateInit2 failed with \(status)")
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        scratch.deallocate()
    }

    /// Compresses `input` and appends whatever zlib emits to `output`. With `finish` the
    /// stream is closed; call `reset()` before compressing the next entry.
    func compress(_ input: UnsafeRawBufferPointer, finish: Bool, into output: inout [UInt8]) {
        let inputBase = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBase)
        stream.pointee.avail_in = uInt(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            stream.pointee.next_out = scratch
            stream.pointee.avail_out = uInt(Self.scratchSize)
            let status = deflate(stream, flush)
            let produced = Self.scratchSize - Int(stream.pointee.avail_out)
            if produced > 0 {
                output.append(contentsOf: UnsafeBufferPointer(start: scratch, count: produced))
            }
            if finish {
                if status == Z_STREAM_END { break }
            } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                break
            }
            precondition(status == Z_OK || status == Z_BUF_ERROR, "deflate failed with \(status)")
        }
        stream.pointee.next_in = nil
    }

    func reset() {
        deflateReset(stream)
    }
}

enum Zlib {
    /// Continues a CRC-32 over `bytes`.
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        var value = UInt(crc)
        var remaining = bytes.count
        var pointer = base.assumingMemoryBound(to: Bytef.self)
        while remaining > 0 {
            let chunk = min(remaining, Int(UInt32.max >> 1))
            value = CZlib.crc32(value, pointer, uInt(chunk))
            pointer += chunk
            remaining -= chunk
        }
        return UInt32(truncatingIfNeeded: value)
    }

    /// Inflates one raw-deflate entry whose central directory declares `expectedSize`
    /// uncompressed bytes. Producing more or fewer bytes than declared means the archive is
    /// corrupt (or lies about its size, as zip bombs do); the caller checks `expectedSize`
    /// against its limit first, so memory use is bounded by that limit.
    static func inflateRaw(_ input: UnsafeRawBufferPointer, expectedSize: Int, entry: String) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SheetsError.corruptArchive("inflateInit2 failed for \(entry)")
        }
        defer { inflateEnd(&stream) }
        // One spare byte to notice output beyond the declared size.
        let capacity = expectedSize + 1
        var status: Int32 = Z_OK
        var produced = 0
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            let inputBase = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.next_in = UnsafeMutablePointer(mutating: inputBase)
            stream.avail_in = uInt(input.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(capacity)
            status = inflate(&stream, Z_FINISH)
            produced = capacity - Int(stream.avail_out)
            count = produced
        }
        guard status == Z_STREAM_END else {
            if produced > expectedSize {
                throw SheetsError.corruptArchive("\(entry) inflates to more than its declared \(expectedSize) bytes")
            }
            throw SheetsError.corruptArchive("\(entry) has damaged deflate data (zlib status \(status))")
        }
        guard produced == expectedSize else {
            throw SheetsError.corruptArchive("\(entry) inflates to \(produced) bytes, declared \(expectedSize)")
        }
        return output
    }
}
