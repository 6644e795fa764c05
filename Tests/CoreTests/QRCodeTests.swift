import Core
import Foundation
import Testing

@Suite("QR codes")
struct QRCodeTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let text: String
        let version: Int
        let mask: Int
        let rows: [String]
        var testDescription: String { "v\(version) mask \(mask) \(text.prefix(30))" }
    }

    /// Made by python-qrcode (scripts/qr-fixture.py): each text with each of the eight masks.
    static let samples: [Sample] = {
        let url = CalendarFixtures.root.appendingPathComponent("Tests/CoreTests/Fixtures/qr-reference.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Sample(
                text: fields[0],
                version: Int(fields[1])!,
                mask: Int(fields[2])!,
                rows: fields[3].split(separator: "/").map(String.init)
            )
        }
    }()

    func rows(_ code: QRCode) -> [String] {
        (0..<code.size).map { row in String((0..<code.size).map { code[row, $0] ? "1" : "0" }) }
    }

    @Test("Same version and modules as python-qrcode for the same mask", arguments: samples)
    func matchesReference(sample: Sample) throws {
        let code = try QRCode(sample.text, mask: sample.mask)
        #expect(code.version == sample.version && code.mask == sample.mask)
        #expect(rows(code) == sample.rows)
    }

    @Test("The mask chosen by the standard's penalty gives the reference's modules for that mask")
    func chosenMask() throws {
        let texts = Set(Self.samples.map(\.text))
        #expect(texts.count == 7 && Self.samples.count == 56)
        for text in texts {
            let code = try QRCode(text)
            let reference = try #require(Self.samples.first { $0.text == text && $0.mask == code.mask })
            #expect(rows(code) == reference.rows)
        }
    }

    @Test("Too long for version 10 is an error, not a crash; the SVG has the quiet zone and an escaped title")
    func limits() throws {
        #expect(throws: QRCode.Failure.tooLong(bytes: 300)) { try QRCode(String(repeating: "x", count: 300)) }
        let svg = try QRCode("A").svg(scale: 2, title: "<mã>")
        #expect(svg.contains("viewBox=\"0 0 58 58\"") && svg.contains("<title>&lt;mã></title>"))
    }
}
