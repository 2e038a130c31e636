import XCTest
@testable import JiuyeDomain

/// A deterministic generator (SplitMix64) so recovery codes and secrets are reproducible.
struct SecurityTestGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class TOTPTests: XCTestCase {
    /// RFC 6238 Appendix B, SHA-1 rows: the ASCII secret "12345678901234567890".
    let rfcSecret = Array("12345678901234567890".utf8)
    let rfcVectors: [(time: Int64, code: String)] = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ]

    // MARK: RFC 6238 / RFC 4226

    func testRFC6238AppendixBEightDigits() {
        let totp = TOTP(secret: rfcSecret, digits: 8)
        for vector in rfcVectors {
            XCTAssertEqual(totp.code(at: vector.time), vector.code, "T = \(vector.time)")
        }
    }

    func testRFC6238AppendixBSixDigitTruncation() {
        // The 31-bit value is the same; six digits keep its last six.
        let totp = TOTP(secret: rfcSecret)
        XCTAssertEqual(totp.digits, 6)
        for vector in rfcVectors {
            XCTAssertEqual(totp.code(at: vector.time), String(vector.code.suffix(6)), "T = \(vector.time)")
        }
        XCTAssertEqual(totp.code(at: 59), "287082")
        XCTAssertEqual(totp.code(at: 1_111_111_109), "081804")
    }

    func testRFC6238TimeSteps() {
        // Appendix B's T column in hex.
        XCTAssertEqual(TOTP.step(at: 59), 0x1)
        XCTAssertEqual(TOTP.step(at: 1_111_111_109), 0x23523EC)
        XCTAssertEqual(TOTP.step(at: 1_111_111_111), 0x23523ED)
        XCTAssertEqual(TOTP.step(at: 1_234_567_890), 0x273EF07)
        XCTAssertEqual(TOTP.step(at: 2_000_000_000), 0x3F940AA)
        XCTAssertEqual(TOTP.step(at: 20_000_000_000), 0x27BC86AA)
        XCTAssertEqual(TOTP.step(at: 29), 0)
        XCTAssertEqual(TOTP.step(at: 30), 1)
        XCTAssertEqual(TOTP.step(at: -5), 0)
    }

    func testRFC4226AppendixDHOTPValues() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        for (counter, code) in expected.enumerated() {
            XCTAssertEqual(TOTP.hotp(secret: rfcSecret, counter: UInt64(counter), digits: 6), code, "counter \(counter)")
        }
    }

    func testDigitsAreClampedToSixThroughEight() {
        XCTAssertEqual(TOTP(secret: rfcSecret, digits: 4).digits, 6)
        XCTAssertEqual(TOTP(secret: rfcSecret, digits: 12).digits, 8)
        XCTAssertEqual(TOTP(secret: rfcSecret, digits: 7).code(at: 59), "4287082")
        // An empty key is a caller's mistake but must not crash.
        XCTAssertEqual(TOTP(secret: []).code(at: 59).count, 6)
    }

    // MARK: Base32 (RFC 4648 §10)

    let base32Vectors: [(String, String)] = [
        ("", ""),
        ("f", "MY======"),
        ("fo", "MZXQ===="),
        ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="),
        ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI======"),
    ]

    func testBase32EncodeRFC4648Vectors() {
        for (plain, encoded) in base32Vectors {
            XCTAssertEqual(Base32.encode(Array(plain.utf8)), encoded, plain)
            XCTAssertEqual(Base32.encode(Array(plain.utf8), padding: false), encoded.replacingOccurrences(of: "=", with: ""), plain)
        }
    }

    func testBase32DecodeRFC4648Vectors() throws {
        for (plain, encoded) in base32Vectors {
            XCTAssertEqual(try Base32.decode(encoded), Array(plain.utf8), encoded)
            XCTAssertEqual(try Base32.decode(encoded.replacingOccurrences(of: "=", with: "")), Array(plain.utf8), encoded)
            XCTAssertEqual(try Base32.decode(encoded.lowercased()), Array(plain.utf8), encoded)
        }
        XCTAssertEqual(try Base32.decode("MZXW 6YTB-OI"), Array("foobar".utf8))
        XCTAssertEqual(try Base32.decode("JBSWY3DPEHPK3PXP"), Array("Hello!".utf8) + [0xDE, 0xAD, 0xBE, 0xEF])
    }

    func testBase32RoundTripsRandomBytes() throws {
        var generator = SecurityTestGenerator(seed: 42)
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            XCTAssertEqual(try Base32.decode(Base32.encode(bytes)), bytes)
            XCTAssertEqual(try Base32.decode(Base32.encode(bytes, padding: false)), bytes)
        }
    }

    func testBase32RejectsBadInput() {
        for bad in ["MZXW1YTB", "MZXW8YTB", "MZXW6YT!", "密钥", "M", "MZX", "MZXW6Y", "MZ=XW6YTB", "MZ======", "MZXR===="] {
            XCTAssertThrowsError(try Base32.decode(bad), bad) { error in
                let error = error as? ValidationError
                XCTAssertEqual(error?.field, "secret")
                XCTAssertFalse(error?.message.isEmpty ?? true)
            }
        }
    }

    // MARK: Secrets and provisioning

    func testSecretFromBase32() throws {
        let totp = try TOTP(base32Secret: "gezd gnbv gy3t qojq gezd gnbv gy3t qojq")
        XCTAssertEqual(totp.secret, rfcSecret)
        XCTAssertEqual(totp.base32Secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        XCTAssertEqual(totp.groupedBase32Secret, "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ")
        XCTAssertThrowsError(try TOTP(base32Secret: "")) { error in
            XCTAssertEqual((error as? ValidationError)?.message, "动态口令密钥为空，请重新绑定身份验证器。")
        }
    }

    func testGeneratedSecretsAre160BitsAndDiffer() {
        let a = TOTP.generate(), b = TOTP.generate()
        XCTAssertEqual(a.secret.count, 20)
        XCTAssertEqual(a.base32Secret.count, 32)
        XCTAssertNotEqual(a.secret, b.secret)
        var one = SecurityTestGenerator(seed: 7), two = SecurityTestGenerator(seed: 7)
        XCTAssertEqual(TOTP.generate(using: &one), TOTP.generate(using: &two))
    }

    func testProvisioningURI() throws {
        let totp = try TOTP(base32Secret: "JBSWY3DPEHPK3PXP")
        XCTAssertEqual(
            totp.provisioningURI(issuer: "九业", account: "admin"),
            "otpauth://totp/%E4%B9%9D%E4%B8%9A:admin?secret=JBSWY3DPEHPK3PXP&issuer=%E4%B9%9D%E4%B8%9A"
        )
        // A colon, space, & or ? in a name cannot split the label or the query.
        XCTAssertEqual(
            totp.provisioningURI(issuer: "A&B", account: "li si:x?y@z.cn"),
            "otpauth://totp/A%26B:li%20si%3Ax%3Fy%40z.cn?secret=JBSWY3DPEHPK3PXP&issuer=A%26B"
        )
        XCTAssertTrue(TOTP(secret: rfcSecret, digits: 8).provisioningURI(issuer: "X", account: "y").hasSuffix("&digits=8"))
    }

    // MARK: Verification: drift window and replay

    func testAcceptsCurrentStepAndOneStepDriftEitherWay() {
        let totp = TOTP(secret: rfcSecret)
        let now: Int64 = 1_700_000_015
        let step = TOTP.step(at: now)
        XCTAssertEqual(totp.check(totp.code(step: step), at: now, lastAcceptedStep: nil), .accepted(step: step))
        XCTAssertEqual(totp.check(totp.code(step: step - 1), at: now, lastAcceptedStep: nil), .accepted(step: step - 1))
        XCTAssertEqual(totp.check(totp.code(step: step + 1), at: now, lastAcceptedStep: nil), .accepted(step: step + 1))
        XCTAssertEqual(totp.check(totp.code(step: step - 2), at: now, lastAcceptedStep: nil), .invalid)
        XCTAssertEqual(totp.check(totp.code(step: step + 2), at: now, lastAcceptedStep: nil), .invalid)
        // A wider window when a caller asks for one; none at all with 0.
        XCTAssertEqual(totp.check(totp.code(step: step - 2), at: now, lastAcceptedStep: nil, driftSteps: 2), .accepted(step: step - 2))
        XCTAssertEqual(totp.check(totp.code(step: step - 1), at: now, lastAcceptedStep: nil, driftSteps: 0), .invalid)
    }

    func testReplayIsRefused() {
        let totp = TOTP(secret: rfcSecret)
        let now: Int64 = 1_700_000_015
        let step = TOTP.step(at: now)
        let code = totp.code(step: step)
        guard case .accepted(let accepted) = totp.check(code, at: now, lastAcceptedStep: nil) else {
            return XCTFail("first use must be accepted")
        }
        // The same code again, in the same step and in the next one (still inside the window).
        XCTAssertEqual(totp.check(code, at: now + 5, lastAcceptedStep: accepted), .replayed)
        XCTAssertEqual(totp.check(code, at: now + 30, lastAcceptedStep: accepted), .replayed)
        XCTAssertEqual(TOTP.Check.replayed.message, "该动态口令已使用过，请等待身份验证器显示新的口令后再输入。")
        // An older code after a newer one was accepted is refused too.
        XCTAssertEqual(totp.check(totp.code(step: step - 1), at: now, lastAcceptedStep: accepted), .replayed)
        // The next step's code is fine.
        XCTAssertEqual(totp.check(totp.code(step: step + 1), at: now + 30, lastAcceptedStep: accepted), .accepted(step: step + 1))
        // Accepting a code from the future step blocks the current step's code.
        XCTAssertEqual(totp.check(code, at: now, lastAcceptedStep: step + 1), .replayed)
    }

    func testInputNormalisationAndGarbage() {
        let totp = TOTP(secret: rfcSecret)
        let now: Int64 = 59
        XCTAssertEqual(totp.check("287 082", at: now, lastAcceptedStep: nil), .accepted(step: 1))
        XCTAssertEqual(totp.check("287-082", at: now, lastAcceptedStep: nil), .accepted(step: 1))
        XCTAssertEqual(totp.check("２８７０８２", at: now, lastAcceptedStep: nil), .accepted(step: 1))
        XCTAssertEqual(totp.check(" 287082\n", at: now, lastAcceptedStep: nil), .accepted(step: 1))
        for bad in ["", "28708", "2870821", "abcdef", "287O82", "٢٨٧٠٨٢", "287082x"] {
            XCTAssertEqual(totp.check(bad, at: now, lastAcceptedStep: nil), .invalid, bad)
        }
        XCTAssertNotNil(TOTP.Check.invalid.message)
        XCTAssertNil(TOTP.Check.accepted(step: 1).message)
        XCTAssertTrue(TOTP.Check.accepted(step: 1).isAccepted)
        XCTAssertFalse(TOTP.Check.replayed.isAccepted)
    }

    // MARK: Recovery codes

    func testRecoveryCodesAreTenUniqueAndWellFormed() {
        let codes = RecoveryCodes.generate()
        XCTAssertEqual(codes.count, 10)
        XCTAssertEqual(Set(codes).count, 10)
        let allowed = Set(RecoveryCodes.alphabet)
        for code in codes {
            let characters = Array(code)
            XCTAssertEqual(characters.count, 9, code)
            XCTAssertEqual(characters[4], "-", code)
            for (index, character) in characters.enumerated() where index != 4 {
                XCTAssertTrue(allowed.contains(character), code)
            }
            XCTAssertEqual(RecoveryCodes.normalize(code), code)
        }
        XCTAssertNotEqual(codes, RecoveryCodes.generate())
    }

    func testRecoveryAlphabetAvoidsLookalikes() {
        XCTAssertEqual(RecoveryCodes.alphabet.count, 32)
        XCTAssertEqual(Set(RecoveryCodes.alphabet).count, 32)
        for confusing: Character in ["0", "O", "1", "I"] {
            XCTAssertFalse(RecoveryCodes.alphabet.contains(confusing))
        }
    }

    func testRecoveryCodesFromInjectedGeneratorAreReproducible() {
        var a = SecurityTestGenerator(seed: 2026), b = SecurityTestGenerator(seed: 2026)
        let first = RecoveryCodes.generate(using: &a)
        XCTAssertEqual(first, RecoveryCodes.generate(using: &b))
        XCTAssertEqual(Set(first).count, 10)
        var c = SecurityTestGenerator(seed: 1)
        XCTAssertEqual(RecoveryCodes.generate(count: 3, using: &c).count, 3)
    }

    /// Duplicates are drawn again: a generator that yields every code twice still gives ten distinct.
    func testRecoveryCodesStayUniqueWhenTheGeneratorRepeats() {
        struct Stutter: RandomNumberGenerator {
            var calls: UInt64 = 0
            mutating func next() -> UInt64 {
                defer { calls += 1 }
                return (calls / 16) << 59   // the same symbol for two whole codes in a row
            }
        }
        var generator = Stutter()
        let codes = RecoveryCodes.generate(count: 10, using: &generator)
        XCTAssertEqual(codes.count, 10)
        XCTAssertEqual(Set(codes).count, 10)
    }

    /// A broken generator cannot hang enrolment: it gives up with fewer codes.
    func testRecoveryCodesGiveUpOnAConstantGenerator() {
        struct Constant: RandomNumberGenerator {
            mutating func next() -> UInt64 { 0 }
        }
        var generator = Constant()
        XCTAssertEqual(RecoveryCodes.generate(count: 10, using: &generator), ["2222-2222"])
    }

    func testRecoveryCodeNormalisation() {
        XCTAssertEqual(RecoveryCodes.normalize("4f7k9qxm"), "4F7K-9QXM")
        XCTAssertEqual(RecoveryCodes.normalize(" 4F7K 9QXM "), "4F7K-9QXM")
        XCTAssertEqual(RecoveryCodes.normalize("４Ｆ７Ｋ－９ＱＸＭ"), "4F7K-9QXM")
        for bad in ["", "4F7K-9QX", "4F7K-9QXMM", "4F7K-9QX0", "4F7K-9QXI", "4F7K-9QX密"] {
            XCTAssertNil(RecoveryCodes.normalize(bad), bad)
        }
    }
}
