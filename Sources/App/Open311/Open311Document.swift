import Foundation
import Vapor

/// A tiny document model that renders to both Open311 formats: XML (required by the spec) and the JSON "Spark
/// convention" mapping, where lists are bare arrays.
indirect enum Open311Node: Sendable {
    case text(String)
    case bool(Bool)
    case number(Double)
    case object([(String, Open311Node)])
    /// A list: in XML each item is wrapped in `itemName`; in JSON it is a bare array.
    case list(itemName: String, [Open311Node])

    func xml(_ name: String) -> String {
        switch self {
        case .text(let value): return "<\(name)>\(Self.escape(value))</\(name)>"
        case .bool(let value): return "<\(name)>\(value)</\(name)>"
        case .number(let value): return "<\(name)>\(Self.format(value))</\(name)>"
        case .object(let fields): return "<\(name)>" + fields.map { $0.1.xml($0.0) }.joined() + "</\(name)>"
        case .list(let itemName, let items): return "<\(name)>" + items.map { $0.xml(itemName) }.joined() + "</\(name)>"
        }
    }

    var json: Any {
        switch self {
        case .text(let value): return value
        case .bool(let value): return value
        case .number(let value): return value
        case .object(let fields): return Dictionary(fields.map { ($0.0, $0.1.json) }) { first, _ in first }
        case .list(_, let items): return items.map(\.json)
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

enum Open311Format: String, CaseIterable {
    case xml, json

    /// Splits `requests.json` into ("requests", .json); nil for an unknown extension.
    static func split(_ file: String) -> (String, Open311Format)? {
        guard let dot = file.lastIndex(of: "."),
            let format = Open311Format(rawValue: String(file[file.index(after: dot)...]))
        else {
            return nil
        }
        return (String(file[..<dot]), format)
    }

    func response(root: String, _ node: Open311Node, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        let body: String
        switch self {
        case .xml:
            headers.replaceOrAdd(name: .contentType, value: "text/xml; charset=utf-8")
            body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + node.xml(root)
        case .json:
            headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
            let data =
                (try? JSONSerialization.data(withJSONObject: node.json, options: [.sortedKeys])) ?? Data("[]".utf8)
            body = String(decoding: data, as: UTF8.self)
        }
        return Response(status: status, headers: headers, body: .init(string: body))
    }
}

/// An Open311 error: `errors/error{code, description}` with 400, 403 or 404.
struct Open311Error: Error {
    let status: HTTPResponseStatus
    let description: String

    func response(_ format: Open311Format) -> Response {
        let error = Open311Node.object([("code", .number(Double(status.code))), ("description", .text(description))])
        return format.response(root: "errors", .list(itemName: "error", [error]), status: status)
    }
}
