/// The module grid while a QR code is drawn: which modules are dark, and which belong to function patterns.
struct Matrix {
    let version: Int
    let size: Int
    var dark: [Bool]
    var reserved: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = [Bool](repeating: false, count: size * size)
        reserved = [Bool](repeating: false, count: size * size)
    }

    mutating func set(_ row: Int, _ column: Int, _ value: Bool) {
        dark[row * size + column] = value
        reserved[row * size + column] = true
    }

    mutating func drawFunctionPatterns() {
        for (row, column) in [(0, 0), (0, size - 7), (size - 7, 0)] { drawFinder(row, column) }
        for i in 8..<(size - 8) {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        let centres = QRCode.alignment[version - 1]
        for r in centres {
            for c in centres {
                let nearFinder = (r == 6 && c == 6) || (r == 6 && c == centres.last!) || (r == centres.last! && c == 6)
                if !nearFinder { drawAlignment(r, c) }
            }
        }
        // Reserve the format areas (written after masking) and set the dark module.
        for i in 0..<9 {
            if !reserved[8 * size + i] { set(8, i, false) }
            if !reserved[i * size + 8] { set(i, 8, false) }
        }
        for i in 0..<8 {
            set(8, size - 1 - i, false)
            set(size - 1 - i, 8, false)
        }
        set(size - 8, 8, true)
        if version >= 7 { drawVersion() }
    }

    mutating func drawFinder(_ top: Int, _ left: Int) {
        for r in -1...7 {
            for c in -1...7 {
                let row = top + r
                let column = left + c
                guard row >= 0, row < size, column >= 0, column < size else { continue }
                let inside = (0...6).contains(r) && (0...6).contains(c)
                let ring = r == 0 || r == 6 || c == 0 || c == 6
                let core = (2...4).contains(r) && (2...4).contains(c)
                set(row, column, inside && (ring || core))
            }
        }
    }

    mutating func drawAlignment(_ row: Int, _ column: Int) {
        for r in -2...2 {
            for c in -2...2 { set(row + r, column + c, max(abs(r), abs(c)) != 1) }
        }
    }

    /// 6 bits of version and 12 of BCH(18, 6) (generator 0x1F25), in the two 3 × 6 blocks.
    mutating func drawVersion() {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for i in 0..<18 {
            let bit = (bits >> i) & 1 == 1
            let a = i / 3
            let b = size - 11 + i % 3
            set(a, b, bit)
            set(b, a, bit)
        }
    }

    /// The zigzag from the bottom right, two columns at a time, skipping the vertical timing column.
    mutating func placeData(_ codewords: [UInt8], remainder: Int) {
        var bits: [Bool] = []
        for byte in codewords { for i in (0..<8).reversed() { bits.append((byte >> UInt8(i)) & 1 == 1) } }
        bits += [Bool](repeating: false, count: remainder)
        var index = 0
        var column = size - 1
        var upward = true
        while column > 0 {
            if column == 6 { column -= 1 }
            for step in 0..<size {
                let row = upward ? size - 1 - step : step
                for c in [column, column - 1] where !reserved[row * size + c] {
                    dark[row * size + c] = index < bits.count ? bits[index] : false
                    index += 1
                }
            }
            upward.toggle()
            column -= 2
        }
    }

    static func maskBit(_ mask: Int, _ row: Int, _ column: Int) -> Bool {
        switch mask {
        case 0: (row + column) % 2 == 0
        case 1: row % 2 == 0
        case 2: column % 3 == 0
        case 3: (row + column) % 3 == 0
        case 4: (row / 2 + column / 3) % 2 == 0
        case 5: (row * column) % 2 + (row * column) % 3 == 0
        case 6: ((row * column) % 2 + (row * column) % 3) % 2 == 0
        default: ((row + column) % 2 + (row * column) % 3) % 2 == 0
        }
    }

    mutating func apply(mask: Int) {
        for row in 0..<size {
            for column in 0..<size where !reserved[row * size + column] && Self.maskBit(mask, row, column) {
                dark[row * size + column].toggle()
            }
        }
    }

    /// Level M (00) and the mask, BCH(15, 5) with generator 0x537, XOR 0x5412, written twice.
    mutating func drawFormat(mask: Int) {
        let data = 0b00 << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(i, 8, bit(i)) }
        set(7, 8, bit(6))
        set(8, 8, bit(7))
        set(8, 7, bit(8))
        for i in 9..<15 { set(8, 14 - i, bit(i)) }
        for i in 0..<8 { set(8, size - 1 - i, bit(i)) }
        for i in 8..<15 { set(size - 15 + i, 8, bit(i)) }
        set(size - 8, 8, true)
    }

    /// The four penalty rules of the standard: runs of five or more, 2 × 2 blocks, finder-like patterns, and the
    /// balance of dark modules.
    func penalty() -> Int {
        var total = 0
        func at(_ r: Int, _ c: Int) -> Bool { dark[r * size + c] }
        for horizontal in [true, false] {
            for line in 0..<size {
                var run = 1
                for i in 1..<size {
                    let same = horizontal ? at(line, i) == at(line, i - 1) : at(i, line) == at(i - 1, line)
                    if same {
                        run += 1
                    } else {
                        if run >= 5 { total += run - 2 }
                        run = 1
                    }
                }
                if run >= 5 { total += run - 2 }
            }
        }
        for r in 0..<(size - 1) {
            for c in 0..<(size - 1) {
                let v = at(r, c)
                if at(r, c + 1) == v, at(r + 1, c) == v, at(r + 1, c + 1) == v { total += 3 }
            }
        }
        let patterns: [[Bool]] = [
            [true, false, true, true, true, false, true, false, false, false, false],
            [false, false, false, false, true, false, true, true, true, false, true],
        ]
        for line in 0..<size {
            for start in 0...(size - 11) {
                for pattern in patterns {
                    if (0..<11).allSatisfy({ at(line, start + $0) == pattern[$0] }) { total += 40 }
                    if (0..<11).allSatisfy({ at(start + $0, line) == pattern[$0] }) { total += 40 }
                }
            }
        }
        let darkCount = dark.filter { $0 }.count
        let percent = darkCount * 100 / (size * size)
        total += min(abs(percent / 5 * 5 - 50), abs((percent / 5 + 1) * 5 - 50)) / 5 * 10
        return total
    }
}
