import Core
import Crypto
import Fluent
import Foundation
import X509

/// Demo documents (marked demo): a demo CA with agency seals and personal certificates, document roles, a year of
/// generated documents for 38.SYT and phường Hạc Thành (most signed and exchanged electronically, some late, a few
/// confidential), and a signed decision sent from the Sở Y tế to the ward, registered and assigned there.
enum DemoDocuments {
    static let caName = "TinhSo Demo CA (chỉ để thử nghiệm)"

    static func seed(on db: any Database, services: AppServices) async throws -> Bool {
        let certificates = SigningCertificateStore(db: db)
        guard try await certificates.all().isEmpty else { return false }
        let custody = services.keyCustody
        let now = services.clock.now()
        let users = services.users(on: db)
        let units = services.units(on: db)
        _ = try await SignatureAuthority.createRoot(
            on: db,
            custody: custody,
            name: caName,
            at: now.addingTimeInterval(-400 * 86_400)
        )
        let store = DocumentStore(db: db)
        let province = DemoData.provinceCode
        let agency = "\(province).SYT"
        let ward = "14797"
        var people: [String: User] = [:]
        for name in ["demo.soyte", "demo.hacthanh", "demo.canbo"] {
            people[name] = try await users.find(username: name)
        }
        guard let soyte = people["demo.soyte"], let hacthanh = people["demo.hacthanh"],
            let canbo = people["demo.canbo"],
            let agencyUnit = try await units.find(UnitKey(tree: .current, code: agency)),
            let wardUnit = try await units.find(UnitKey(tree: .current, code: ward))
        else { return false }
        // One person holds every step in each unit so a single demo login walks the whole chain.
        for role in [DocumentRole.head, .leader, .clerk] {
            try await store.grant(role, to: soyte.id.rawValue, in: agency)
        }
        for role in [DocumentRole.head, .leader, .clerk] {
            try await store.grant(role, to: hacthanh.id.rawValue, in: ward)
        }
        let start = now.addingTimeInterval(-300 * 86_400)
        for (unit, user) in [(agencyUnit, nil as User?), (wardUnit, nil), (agencyUnit, soyte), (wardUnit, hacthanh)] {
            _ = try await SignatureAuthority.issue(
                on: db,
                custody: custody,
                role: user == nil ? .agency : .personal,
                unitCode: unit.code,
                user: user,
                subject: .init(
                    commonName: user?.displayName ?? unit.name,
                    organisation: unit.name,
                    province: "Thanh Hóa"
                ),
                at: start,
                years: 2
            )
        }
        let seal = try await certificates.signing(unit: agency, at: now)
        let personal = try await certificates.signing(user: soyte.id.rawValue, at: now)
        guard let seal, let personal, let sealKey = seal.sealedKey, let personalKey = personal.sealedKey else {
            return false
        }
        let signers = [
            (SignatureKind.agency, try seal.certificate(), try custody.open(sealKey), seal.id),
            (SignatureKind.personal, try personal.certificate(), try custody.open(personalKey), personal.id),
        ]
        var generator = SystemRandomNumberGenerator()
        var books: [NumberBookKey: Int] = [:]
        func next(_ unit: String, _ direction: DocumentDirection, _ at: Date) -> Int {
            let book = NumberBookKey(unitCode: unit, direction: direction, at: at)
            books[book, default: 0] += 1
            return books[book]!
        }
        let subjects = [
            "Về việc triển khai tiêm chủng mở rộng (demo)", "Về việc báo cáo tình hình chuyển đổi số (demo)",
            "Kế hoạch kiểm tra an toàn thực phẩm (demo)", "Về việc cử cán bộ dự tập huấn chữ ký số (demo)",
            "Thông báo lịch tiếp công dân (demo)", "Về việc rà soát thủ tục hành chính (demo)",
        ]
        // A year of documents, one every few days per unit.
        for day in stride(from: 0, to: 290, by: 3) {
            let at = start.addingTimeInterval(Double(day) * 86_400 + 9 * 3_600)
            for (unit, user) in [(agencyUnit, soyte), (wardUnit, hacthanh)] {
                let roll = Int.random(in: 0..<100, using: &generator)
                let direction: DocumentDirection = roll < 70 ? .incoming : .outgoing
                var document = Document(
                    direction: direction,
                    unitCode: unit.code,
                    type: DocumentType.allCases[roll % 5],
                    issuerName: direction == .incoming ? "UBND tỉnh Thanh Hóa" : unit.name,
                    subject: subjects[roll % subjects.count],
                    urgency: roll % 11 == 0 ? .urgent : .normal,
                    confidentiality: roll == 99 ? .secret : .normal,
                    createdBy: user.id.rawValue,
                    createdByName: user.displayName,
                    createdAt: at
                )
                document.bookNumber = next(unit.code, direction, at)
                if direction == .incoming {
                    document.reference = "\(roll + 10)/UBND-VP"
                    document.issuedOn = at
                    document.electronic = roll % 25 != 0
                    let due = at.addingTimeInterval(7 * 86_400)
                    document.assignment = .init(
                        handlerID: canbo.id.rawValue,
                        handlerName: canbo.displayName,
                        department: "VP",
                        due: due,
                        assignedBy: user.displayName,
                        assignedAt: at
                    )
                    if day > 270 && roll % 2 == 0 {
                        document.state = .processing
                    } else {
                        document.state = .done
                        document.completedAt = due.addingTimeInterval(roll % 17 == 0 ? 2 * 86_400 : -86_400)
                    }
                    try await store.save(document)
                } else {
                    document.state = .issued
                    document.issuedOn = at
                    document.reference =
                        DocumentSymbol.make(
                            number: document.bookNumber ?? 0,
                            type: document.type,
                            issuer: DocumentDesk.issuerAbbreviation(unit),
                            department: "VP"
                        ).description
                    document.electronic = !document.confidentiality.isConfidential
                    try await store.save(document)
                    // The Sở Y tế's files are signed (its seal always, the person nearly always); the ward's are not.
                    if unit.code == agency {
                        let pdf = DemoPDF.make(lines: [
                            "TinhSo demo", document.reference ?? "", "Demo document, not real",
                        ])
                        let file = DocumentStore.File(
                            id: UUID(),
                            documentID: document.id.rawValue,
                            name: "van-ban-demo.pdf",
                            size: pdf.count,
                            sha256: SHA256.hex(pdf),
                            createdAt: at
                        )
                        try await store.add(file, bytes: pdf)
                        for (kind, certificate, key, certificateID) in signers where kind == .agency || roll % 20 != 0 {
                            let cms = try DocumentSigner.sign(
                                pdf,
                                certificate: certificate,
                                chain: [],
                                key: key,
                                at: at
                            )
                            try await store.add(
                                .init(
                                    id: UUID(),
                                    fileID: file.id,
                                    documentID: document.id.rawValue,
                                    kind: kind,
                                    certificateID: certificateID,
                                    signer: certificate.commonName,
                                    signedAt: at,
                                    cms: Data(cms)
                                )
                            )
                        }
                    }
                }
            }
        }
        let numberBooks = SQLNumberBooks(db: db)
        for (book, last) in books { try await numberBooks.start(book, after: last) }
        for code in [agency, ward] {
            var month = Period(.monthly, containing: CivilDate(start))
            while month.first.instant() <= now {
                try await DocumentFeed.refresh(on: db, services: services, unit: code, month: month.first.instant())
                month = Period(.monthly, containing: month.end)
            }
        }
        return true
    }
}

/// A one-page PDF with a few lines of ASCII text (demo attachments; real ones are uploaded).
enum DemoPDF {
    static func make(lines: [String]) -> Data {
        let text = lines.enumerated().map { index, line in
            let clean = line.unicodeScalars.filter { $0.isASCII && $0 != "(" && $0 != ")" && $0 != "\\" }
            return "BT /F1 14 Tf 72 \(760 - index * 24) Td (\(String(String.UnicodeScalarView(clean)))) Tj ET"
        }.joined(separator: "\n")
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        pdf += offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }
}
