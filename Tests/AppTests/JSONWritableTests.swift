import Core
import CoreTestSupport
import Foundation
import Testing
import Vapor

@testable import App

/// The answers written with `JSONOutput` must be the JSON `JSONEncoder` writes for the same values (keys compared
/// sorted, `canonicalJSON`), so that clients and the OpenAPI document see no difference.
@Suite("Answers written without JSONEncoder")
struct JSONWritableTests {
    private static func written(_ value: some JSONWritable) throws -> String {
        String(decoding: try value.jsonBytes(), as: UTF8.self)
    }

    private static func same(_ value: some JSONWritable) throws -> Bool {
        try canonicalJSON(written(value)) == canonicalJSON(encoderJSON(value))
    }

    private static func feedback(_ n: Int, answered: Bool) -> Feedback {
        var f = Feedback(
            code: "PA-260512-\(n)",
            category: "giao-thong",
            description: "Ổ gà \"lớn\" trước số \(n)/12, gọi 0912 345 678",
            location: n.isMultiple(of: 3) ? nil : GeoPoint(latitude: 19.8 + Double(n) / 7, longitude: 105.78),
            communeCode: n.isMultiple(of: 2) ? "15199" : nil,
            locationIsApproximate: n.isMultiple(of: 3),
            handlingUnitID: AdminUnit.ID(),
            reporterID: User.ID(),
            urgent: n.isMultiple(of: 4),
            submittedAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(n) * 3_601.25)
        )
        f.provinceCode = "38"
        f.attributes = n.isMultiple(of: 2) ? ["loai-duong": ["quoc-lo"], "muc-do": ["nang", "rat-nang"]] : [:]
        f.dossierCode = n == 1 ? "15199-260512-0015" : nil
        if answered {
            f.status = .published
            f.answer = "Đã vá xong\nngày 13/05"
            f.publishedAt = f.submittedAt.addingTimeInterval(86_400)
            f.likes = n
            f.dislikes = 2
        }
        return f
    }

    @Test("A filed report and its possible duplicates")
    func submitted() throws {
        for n in 0..<6 {
            let dto = FeedbackDTO(
                Self.feedback(n, answered: false),
                due: n.isMultiple(of: 2) ? nil : Date(timeIntervalSince1970: 1_780_500_000),
                badge: SLABadge.allCases[n % SLABadge.allCases.count]
            )
            let duplicates = (0..<n).map { PublicFeedback(Self.feedback($0, answered: $0.isMultiple(of: 2))) }
            let answer = FeedbackController.Submitted(feedback: dto, duplicates: duplicates)
            #expect(try Self.same(answer))
        }
    }

    @Test("A dossier as its applicant looks it up")
    func publicDossier() throws {
        for n in 0..<4 {
            let dossier = PublicDossierDTO(
                code: "38.TTPVHCC-260414-01\(n)",
                procedureName: "Cấp giấy phép xây dựng / sửa chữa",
                status: n,
                statusLabel: "Đang xử lý",
                applicantName: PublicDossierDTO.mask("Lê Văn An"),
                appointmentAt: n == 0 ? nil : Date(timeIntervalSince1970: 1_780_000_000.75),
                dueAt: n == 1 ? nil : Date(timeIntervalSince1970: 1_781_000_000),
                history: (0..<n).map {
                    .init(at: Date(timeIntervalSince1970: 1_779_000_000 + Double($0)), statusLabel: "Bước \($0)")
                }
            )
            #expect(try Self.same(dossier))
        }
    }

    @Test("The answer carries the JSON content type and the status given")
    func response() async throws {
        let dto = FeedbackDTO(Self.feedback(1, answered: false), due: nil, badge: .none)
        let response = try FeedbackController.Submitted(feedback: dto, duplicates: []).response(status: .created)
        #expect(response.status == .created)
        #expect(response.headers.contentType == .json)
        let decoded = try JSONDecoder.custom(dates: .iso8601).decode(
            FeedbackController.Submitted.self,
            from: Data(response.body.buffer.map { Array($0.readableBytesView) } ?? [])
        )
        #expect(decoded.feedback.code == dto.code)
    }

    @Test("Query parameters are read as Vapor's query decoder reads them")
    func queryParameters() {
        let cases: [(query: String, name: String, expected: String?)] = [
            ("phone=0912345678", "phone", "0912345678"),
            ("a=1&phone=09%2012+34&b=2", "phone", "09 12 34"),
            ("phone=1&phone=2", "phone", "2"),
            ("phone%5B%5D=1", "phone", nil),
            ("phone[x]=1", "phone", nil),
            ("ph%6Fne=3", "phone", "3"),
            ("phone=%ZZ", "phone", nil),
            ("phone", "phone", nil),
            ("phone=", "phone", ""),
            ("phone=a=b", "phone", "a=b"),
            ("&&phone=x&", "phone", "x"),
            ("other=1", "phone", nil),
        ]
        struct Phone: Decodable { let phone: String? }
        for c in cases {
            #expect(QueryString.value(c.name, in: c.query) == c.expected, "\(c.query)")
            let vapor = (try? URLEncodedFormDecoder().decode(Phone.self, from: c.query))?.phone
            #expect(vapor == c.expected, "Vapor on \(c.query)")
        }
    }

    @Test("An applicant's name is masked word by word, as split-and-join masked it, over random names")
    func maskedNames() {
        func reference(_ name: String) -> String {
            name.split(separator: " ").map { $0.prefix(1) + String(repeating: "*", count: max(1, $0.count - 1)) }
                .joined(separator: " ")
        }
        let pieces = ["Lê", "Văn", "An", "Đ", "e\u{301}", "Nguyễn", "Thị", " ", " ", "  ", "Ư", "7"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let count = Int(state >> 60)
            let name = (0..<count).map { index in pieces[Int((state >> (index * 4 % 56)) % UInt64(pieces.count))] }
                .joined()
            #expect(PublicDossierDTO.mask(name) == reference(name), "\(name)")
        }
        #expect(PublicDossierDTO.mask("Lê Văn An") == "L* V** A*")
    }
}
