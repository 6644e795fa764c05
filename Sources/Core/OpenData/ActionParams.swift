import Foundation

/// A JSON value as a CKAN action receives it: POST bodies carry any JSON, GET query strings carry text (with lists
/// and objects as JSON text, as CKAN accepts them).
public enum ActionValue: Hashable, Sendable, Codable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([ActionValue])
    case object([String: ActionValue])
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([ActionValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: ActionValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    /// Parses JSON text, for list and object parameters sent in a query string.
    static func parse(json text: String) -> ActionValue? {
        try? JSONDecoder().decode(ActionValue.self, from: Data(text.utf8))
    }

    /// The value as text, for a scalar.
    var text: String? {
        switch self {
        case .string(let value): value
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .bool(let value): value ? "true" : "false"
        case .array, .object, .null: nil
        }
    }
}

/// An action's parameters, read with CKAN's leniency: unknown ones are ignored (ckanapi sends extras), numbers may
/// come as text, lists and objects as JSON text or (lists) comma-separated.
public struct ActionParams: Sendable {
    public let values: [String: ActionValue]

    public init(_ values: [String: ActionValue]) { self.values = values }

    /// Query-string parameters: every value is text.
    public init(query: [String: String]) { values = query.mapValues { .string($0) } }

    public func string(_ key: String) -> String? {
        guard let value = values[key], value != .null else { return nil }
        return value.text
    }

    public func int(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws(OpenDataError) -> Int {
        guard let text = string(key), !text.isEmpty else {
            if let value = values[key], value != .null { throw .validation(field: key, message: "Invalid integer") }
            return fallback
        }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw .validation(field: key, message: "Invalid integer")
        }
        guard range.contains(number) else {
            throw .validation(field: key, message: "Must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    public func bool(_ key: String, default fallback: Bool) -> Bool {
        switch values[key] {
        case .bool(let value): return value
        case .string(let text): return ["true", "1", "yes", "on"].contains(text.lowercased())
        case .number(let value): return value != 0
        default: return fallback
        }
    }

    /// A list of texts: a JSON array, JSON text of one, or comma-separated text.
    public func list(_ key: String) throws(OpenDataError) -> [String]? {
        switch values[key] {
        case nil, .null: return nil
        case .array(let items):
            return try Self.texts(items, key)
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") {
                guard case .array(let items)? = ActionValue.parse(json: trimmed) else {
                    throw .validation(field: key, message: "Cannot parse JSON list")
                }
                return try Self.texts(items, key)
            }
            return trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default:
            throw .validation(field: key, message: "Expected a list")
        }
    }

    private static func texts(_ items: [ActionValue], _ key: String) throws(OpenDataError) -> [String] {
        var texts: [String] = []
        for item in items {
            guard let text = item.text else { throw .validation(field: key, message: "Expected a list of text") }
            texts.append(text)
        }
        return texts
    }

    /// An object: JSON, or JSON text of one.
    public func object(_ key: String) throws(OpenDataError) -> [String: ActionValue]? {
        switch values[key] {
        case nil, .null: return nil
        case .object(let object): return object
        case .string(let text):
            guard !text.isEmpty else { return nil }
            guard case .object(let object)? = ActionValue.parse(json: text) else {
                throw .validation(field: key, message: "Cannot parse JSON object")
            }
            return object
        default:
            throw .validation(field: key, message: "Expected a JSON object")
        }
    }
}
