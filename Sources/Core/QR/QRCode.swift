import Foundation

/// A QR code (ISO/IEC 18004) in byte mode at error-correction level M, versions 1–10: enough for a dossier code or
/// a short lookup link, printed on forms 01–07 (TT 01/2018/TT-VPCP allows a bar or QR code beside the dossier code).
/// Written here because no QR package is available to the build; tests compare its matrices with python-qrcode's.
public struct QRCode: Sendable, Equatable {
    public let version: Int
    public let mask: Int
    /// Row-major modules, true = dark; `size` × `size`.
    public let modules: [Bool]
    public var size: Int { 17 + 4 * version }

    public subscript(row: Int, column: Int) -> Bool { modules[row * size + column] }

    public enum Failure: Error, Equatable {
        case tooLong(bytes: Int)
    }

    /// Level-M blocks per version: (count, data codewords per block), then the error-correction codewords per block.
    static let blocks: [(groups: [(count: Int, data: Int)], ec: Int)] = [
        ([(1, 16)], 10), ([(1, 28)], 16), ([(1, 44)], 26), ([(2, 32)], 18), ([(2, 43)], 24),
        ([(4, 27)], 16), ([(4, 31)], 18), ([(2, 38), (2, 39)], 22), ([(3, 36), (2, 37)], 22), ([(4, 43), (1, 44)], 26),
    ]
    static let alignment: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]
    static let remainderBits = [0, 7, 7, 7, 7, 7, 0, 0, 0, 0]

    static func dataCapacity(_ version: Int) -> Int {
        blocks[version - 1].groups.reduce(0) { $0 + $1.count * $1.data }
    }

    /// Encodes `text` as UTF-8 in the smallest version that holds it; the mask is the one with the lowest penalty
    /// unless given.
    public init(_ text: String, version forcedVersion: Int? = nil, mask forcedMask: Int? = nil) throws(Failure) {
        let bytes = Array(text.utf8)
        guard
            let version = forcedVersion
                ?? (1...10).first(where: { 4 + ($0 < 10 ? 8 : 16) + 8 * bytes.count <= 8 * Self.dataCapacity($0) })
        else { throw .tooLong(bytes: bytes.count) }
        guard 4 + (version < 10 ? 8 : 16) + 8 * bytes.count <= 8 * Self.dataCapacity(version) else {
            throw .tooLong(bytes: bytes.count)
        }
        let codewords = Self.codewords(bytes, version: version)
        var base = Matrix(version: version)
        base.drawFunctionPatterns()
        base.placeData(codewords, remainder: Self.remainderBits[version - 1])
        let candidates = forcedMask.map { [$0] } ?? Array(0..<8)
        var best: (penalty: Int, matrix: Matrix, mask: Int)?
        for mask in candidates {
            var matrix = base
            matrix.apply(mask: mask)
            matrix.drawFormat(mask: mask)
            let penalty = matrix.penalty()
            if best == nil || penalty < best!.penalty { best = (penalty, matrix, mask) }
        }
        self.version = version
        self.mask = best!.mask
        modules = best!.matrix.dark
    }

    /// Data bits (mode, count, bytes, terminator, padding), split into blocks with Reed–Solomon error correction,
    /// then interleaved.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in (0..<count).reversed() { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { append(Int(byte), 8) }
        let capacity = 8 * dataCapacity(version)
        append(0, min(4, capacity - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var data: [UInt8] = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while data.count < capacity / 8 {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        let layout = blocks[version - 1]
        var dataBlocks: [[UInt8]] = []
        var offset = 0
        for group in layout.groups {
            for _ in 0..<group.count {
                dataBlocks.append(Array(data[offset..<offset + group.data]))
                offset += group.data
            }
        }
        let generator = ReedSolomon.generator(degree: layout.ec)
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder($0, generator: generator) }
        var result: [UInt8] = []
        for i in 0..<(dataBlocks.map(\.count).max() ?? 0) {
            for block in dataBlocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<layout.ec {
            for block in ecBlocks { result.append(block[i]) }
        }
        return result
    }

    /// The code as an SVG of square modules with a quiet zone of four, `scale` units per module.
    public func svg(scale: Int = 4, title: String = "") -> String {
        let full = (size + 8) * scale
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard self[row, column] else {
                    column += 1
                    continue
                }
                var run = 1
                while column + run < size, self[row, column + run] { run += 1 }
                path += "M\((column + 4) * scale) \((row + 4) * scale)h\(run * scale)v\(scale)h-\(run * scale)z"
                column += run
            }
        }
        let label = title.isEmpty ? "" : "<title>\(title.replacingOccurrences(of: "<", with: "&lt;"))</title>"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(full) \(full)\" width=\"\(full)\" "
            + "height=\"\(full)\" shape-rendering=\"crispEdges\" role=\"img\">\(label)"
            + "<rect width=\"\(full)\" height=\"\(full)\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }
}

/// Arithmetic in GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static let (exp, log): ([UInt8], [Int]) = {
        var exp = [UInt8](repeating: 0, count: 512)
        var log = [Int](repeating: 0, count: 256)
        var x = 1
        for i in 0..<255 {
            exp[i] = UInt8(x)
            log[x] = i
            x <<= 1
            if x & 0x100 != 0 { x ^= 0x11D }
        }
        for i in 255..<512 { exp[i] = exp[i - 255] }
        return (exp, log)
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a == 0 || b == 0 ? 0 : exp[log[Int(a)] + log[Int(b)]]
    }

    /// ∏ (x − αⁱ), i < degree, highest coefficient first (without the leading 1).
    static func generator(degree: Int) -> [UInt8] {
        var poly: [UInt8] = [1]
        for i in 0..<degree {
            var next = [UInt8](repeating: 0, count: poly.count + 1)
            for (j, coefficient) in poly.enumerated() {
                next[j] ^= coefficient
                next[j + 1] ^= multiply(coefficient, exp[i])
            }
            poly = next
        }
        return Array(poly.dropFirst())
    }

    static func remainder(_ data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for i in 0..<generator.count { result[i] ^= multiply(generator[i], factor) }
        }
        return result
    }
}
