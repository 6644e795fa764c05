import Core
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An edXML envelope in the shape QCVN 102:2016/BTTTT gives the national document exchange (header: from, to,
/// code number and notation, promulgation date, type, subject, priority; body: attachments). The element names
/// follow the standard's; the envelope is not validated against its XSD (the XSD was not retrieved), so an
/// external system may need a mapping layer.
enum EdXML {
    static let namespace = "http://www.e-doc.vn/Schema/"

    struct Attachment: Sendable {
        var name: String
        var bytes: Data
    }

    struct Envelope: Sendable {
        var fromID = ""
        var fromName = ""
        var to: [String] = []
        var documentID: String?
        var codeNumber = ""
        var codeNotation = ""
        var promulgationDate = ""
        var type = ""
        var subject = ""
        var priority = 0
        var attachments: [Attachment] = []
    }

    static func priority(_ urgency: Urgency) -> Int {
        switch urgency {
        case .normal: 0
        case .urgent: 1
        case .veryUrgent: 2
        case .flash: 3
        }
    }

    static func urgency(_ priority: Int) -> Urgency {
        [.normal, .urgent, .veryUrgent, .flash][min(max(priority, 0), 3)]
    }

    static func envelope(_ document: Document, from unit: AdminUnit, attachments: [Attachment]) -> String {
        func e(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let reference = document.reference ?? ""
        let (number, notation) =
            reference.firstIndex(of: "/").map {
                (String(reference[..<$0]), String(reference[reference.index(after: $0)...]))
            }
            ?? ("", reference)
        let date = document.issuedOn.map { CivilDate($0).iso } ?? ""
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <edXML:edXMLEnvelope xmlns:edXML="\(namespace)">
              <edXML:edXMLHeader>
                <edXML:MessageHeader>
                  <edXML:From><edXML:OrganId>\(e(unit.code))</edXML:OrganId><edXML:OrganName>\(e(unit.name))</edXML:OrganName></edXML:From>

            """
        for code in document.recipients {
            xml += "      <edXML:To><edXML:OrganId>\(e(code))</edXML:OrganId></edXML:To>\n"
        }
        xml += """
                  <edXML:DocumentId>\(document.id)</edXML:DocumentId>
                  <edXML:Code><edXML:CodeNumber>\(e(number))</edXML:CodeNumber><edXML:CodeNotation>\(e(notation))</edXML:CodeNotation></edXML:Code>
                  <edXML:PromulgationInfo><edXML:PromulgationDate>\(date)</edXML:PromulgationDate></edXML:PromulgationInfo>
                  <edXML:DocumentType><edXML:Type>\(document.type.rawValue)</edXML:Type><edXML:TypeName>\(e(document.type.label))</edXML:TypeName></edXML:DocumentType>
                  <edXML:Subject>\(e(document.subject))</edXML:Subject>
                  <edXML:OtherInfo><edXML:Priority>\(priority(document.urgency))</edXML:Priority></edXML:OtherInfo>
                </edXML:MessageHeader>
              </edXML:edXMLHeader>
              <edXML:edXMLBody>

            """
        for (index, attachment) in attachments.enumerated() {
            xml += """
                    <edXML:Attachment><edXML:ContentId>\(index + 1)</edXML:ContentId><edXML:AttachmentName>\(e(attachment.name))</edXML:AttachmentName><edXML:ContentType>application/pdf</edXML:ContentType><edXML:Content>\(attachment.bytes.base64EncodedString())</edXML:Content></edXML:Attachment>

                """
        }
        xml += "  </edXML:edXMLBody>\n</edXML:edXMLEnvelope>\n"
        return xml
    }

    /// Reads an envelope; refuses a DTD (no entity expansion) and names what is missing.
    static func parse(_ data: Data) throws -> Envelope {
        guard data.range(of: Data("<!DOCTYPE".utf8)) == nil, data.range(of: Data("<!ENTITY".utf8)) == nil else {
            throw DocumentError.invalidField(field: "edxml", message: "không nhận DTD / no DTD allowed")
        }
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        guard parser.parse() else {
            throw DocumentError.invalidField(
                field: "edxml",
                message: "XML không hợp lệ / invalid XML: \(parser.parserError.map { "\($0)" } ?? "?")"
            )
        }
        let envelope = reader.envelope
        guard !envelope.fromID.isEmpty else {
            throw DocumentError.invalidField(field: "From/OrganId", message: "thiếu / missing")
        }
        guard !envelope.subject.isEmpty else {
            throw DocumentError.invalidField(field: "Subject", message: "thiếu / missing")
        }
        return envelope
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var envelope = Envelope()
        private var path: [String] = []
        private var text = ""
        private var attachmentName = ""

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            path.append(elementName)
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(
            _ parser: XMLParser,
            didEndElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?
        ) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let parent = path.dropLast().last ?? ""
            switch (parent, elementName) {
            case ("From", "OrganId"): envelope.fromID = value
            case ("From", "OrganName"): envelope.fromName = value
            case ("To", "OrganId"): envelope.to.append(value)
            case (_, "DocumentId"): envelope.documentID = value
            case ("Code", "CodeNumber"): envelope.codeNumber = value
            case ("Code", "CodeNotation"): envelope.codeNotation = value
            case (_, "PromulgationDate"): envelope.promulgationDate = value
            case ("DocumentType", "Type"): envelope.type = value
            case ("MessageHeader", "Subject"): envelope.subject = value
            case (_, "Priority"): envelope.priority = Int(value) ?? 0
            case ("Attachment", "AttachmentName"): attachmentName = value
            case ("Attachment", "Content"):
                if let bytes = Data(base64Encoded: value, options: .ignoreUnknownCharacters) {
                    envelope.attachments.append(.init(name: attachmentName, bytes: bytes))
                }
            default: break
            }
            path.removeLast()
            text = ""
        }
    }
}
