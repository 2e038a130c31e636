#!/usr/bin/env python3
"""Writes a baseline JPEG (YCbCr 4:2:0, the standard Huffman tables of ITU T.81 Annex K) of
about the requested size, for bench/mixed's 证明材料 uploads: a phone photo of a 劳动合同.
No imaging library is needed: the quantised DCT coefficients are drawn at random with a
photo's shape (a drifting DC, AC energy falling with frequency) and entropy-coded as a JPEG
encoder would, so any decoder opens the file (it shows a soft texture). Deterministic.
    photo.py OUT.jpg [kilobytes (300)] [width (1280)] [height (960)]"""
import random
import struct
import sys

# ITU T.81 Annex K tables: (bits 1..16, values).
DC_LUMA = ([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], list(range(12)))
DC_CHROMA = ([0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], list(range(12)))
AC_LUMA = ([0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D], bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa"))
AC_CHROMA = ([0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], bytes.fromhex(
    "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa"))
QUANT_LUMA = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
              18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
QUANT_CHROMA = [17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99] + [99] * 32
ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
          35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63]


def codes(table):
    """Huffman code (value -> (code, length)) of a (bits, values) table, as in Annex C."""
    bits, values = table
    out, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            out[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return out


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def write(self, value, length):
        self.acc = (self.acc << length) | (value & ((1 << length) - 1))
        self.n += length
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)   # byte stuffing
        self.acc &= (1 << self.n) - 1

    def flush(self):
        if self.n:
            self.write((1 << (8 - self.n)) - 1, 8 - self.n)   # pad with 1 bits


def magnitude(value):
    """(size category, the value's bits) of a DC difference or AC coefficient."""
    size = abs(value).bit_length()
    return size, (value if value >= 0 else value + (1 << size) - 1)


def encode_block(w, coeffs, previous_dc, dc_codes, ac_codes):
    size, bits = magnitude(coeffs[0] - previous_dc)
    w.write(*dc_codes[size])
    if size:
        w.write(bits, size)
    run = 0
    for k in range(1, 64):
        value = coeffs[k]
        if value == 0:
            run += 1
            continue
        while run > 15:
            w.write(*ac_codes[0xF0])   # ZRL
            run -= 16
        size, bits = magnitude(value)
        w.write(*ac_codes[(run << 4) | size])
        w.write(bits, size)
        run = 0
    if run:
        w.write(*ac_codes[0x00])   # EOB
    return coeffs[0]


def segment(marker, payload):
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def jpeg(width, height, density, rng):
    dc_l, dc_c, ac_l, ac_c = codes(DC_LUMA), codes(DC_CHROMA), codes(AC_LUMA), codes(AC_CHROMA)
    w = BitWriter()
    mcus_x, mcus_y = (width + 15) // 16, (height + 15) // 16
    dc = [0, 0, 0]
    level = [0.0, 0.0, 0.0]

    def block(component):
        level[component] = max(-60.0, min(60.0, level[component] * 0.98 + rng.gauss(0, 4)))
        coeffs = [0] * 64
        coeffs[0] = int(level[component])
        limit = 63 if component == 0 else 20
        for k in range(1, limit + 1):
            if rng.random() < density / (1 + k * 0.15):
                spread = max(1.0, 12.0 / (1 + k * 0.4))
                value = int(rng.gauss(0, spread)) or rng.choice((-1, 1))
                coeffs[k] = max(-1023, min(1023, value))
        return coeffs

    for _ in range(mcus_y):
        for _ in range(mcus_x):
            for _ in range(4):
                dc[0] = encode_block(w, block(0), dc[0], dc_l, ac_l)
            dc[1] = encode_block(w, block(1), dc[1], dc_c, ac_c)
            dc[2] = encode_block(w, block(2), dc[2], dc_c, ac_c)
    w.flush()
    head = bytearray(b"\xFF\xD8")
    head += segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    head += segment(0xDB, bytes([0]) + bytes(QUANT_LUMA[i] for i in ZIGZAG) + bytes([1]) + bytes(QUANT_CHROMA[i] for i in ZIGZAG))
    head += segment(0xC0, struct.pack(">BHHB", 8, height, width, 3) + bytes([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]))
    for cls_id, table in ((0x00, DC_LUMA), (0x10, AC_LUMA), (0x01, DC_CHROMA), (0x11, AC_CHROMA)):
        head += segment(0xC4, bytes([cls_id]) + bytes(table[0]) + bytes(table[1]))
    head += segment(0xDA, bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]))
    return bytes(head) + bytes(w.out) + b"\xFF\xD9"


def main():
    out = sys.argv[1]
    target = int(sys.argv[2]) * 1024 if len(sys.argv) > 2 else 300 * 1024
    width = int(sys.argv[3]) if len(sys.argv) > 3 else 1280
    height = int(sys.argv[4]) if len(sys.argv) > 4 else 960
    # The coefficient density that gives about the target size (size grows with density).
    low, high, data = 0.0, 1.0, b""
    for _ in range(8):
        density = (low + high) / 2
        data = jpeg(width, height, density, random.Random(2026))
        if len(data) > target:
            high = density
        else:
            low = density
    with open(out, "wb") as f:
        f.write(data)
    print(f"{out}: {width}x{height} JPEG, {len(data)} bytes")


if __name__ == "__main__":
    main()
