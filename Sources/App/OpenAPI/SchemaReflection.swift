import Core
import Foundation
import NIOCore
import Vapor

/// A type whose JSON form the reflecting decoder cannot discover by decoding (it validates its text, or it accepts
/// any JSON): it states its schema and a sample value.
protocol SchemaDescribed {
    static var jsonSchema: JSONValue { get }
    static var schemaSample: Self { get }
}

extension CivilDate: SchemaDescribed {
    static var jsonSchema: JSONValue { ["type": "string", "format": "date"] }
    static var schemaSample: CivilDate { CivilDate(year: 2026, month: 1, day: 1)! }
}

extension ActionValue: SchemaDescribed {
    static var jsonSchema: JSONValue { [:] }
    static var schemaSample: ActionValue { .null }
}

/// An enumeration with associated values: it encodes as `{"case": {labels…}}`, one key, the case's name.
protocol TaggedCaseSchema: SchemaDescribed {}

extension TaggedCaseSchema {
    static var jsonSchema: JSONValue { ["type": "object", "minProperties": 1, "maxProperties": 1] }
}

extension DTIRule: TaggedCaseSchema { static var schemaSample: DTIRule { .direct } }
extension FeedbackAction: TaggedCaseSchema { static var schemaSample: FeedbackAction { .receive } }
extension ResultDelivery: TaggedCaseSchema { static var schemaSample: ResultDelivery { .atDesk } }
extension SignatureProblem: TaggedCaseSchema { static var schemaSample: SignatureProblem { .digestMismatch } }
extension ComplianceGap: TaggedCaseSchema { static var schemaSample: ComplianceGap { .notRegistered } }

/// JSON Schema for a `Decodable` type, found by decoding it from a decoder that answers every request with a
/// sample and writes down what was asked: keys, which of them are optional (`decodeIfPresent`), element types,
/// enumerations (`CaseIterable` raw values). The schemas in the OpenAPI document therefore follow the request and
/// response types themselves. A type whose decoding cannot be sampled throws; the OpenAPI test catches it.
enum SchemaReflection {
    static func schema<T: Decodable>(of type: T.Type) throws -> JSONValue {
        let node = Node()
        _ = try sample(type, into: node, path: [])
        return node.json
    }

    /// A value of `T`, its schema written into `node`.
    static func sample<T: Decodable>(_ type: T.Type, into node: Node, path: [any CodingKey]) throws -> T {
        if let described = T.self as? any SchemaDescribed.Type {
            node.kind = .leaf(described.jsonSchema)
            return described.schemaSample as! T
        }
        if let (value, schema) = primitive(type) {
            node.kind = .leaf(schema)
            return value
        }
        if let cases = T.self as? any CaseIterable.Type, let (value, schema) = enumeration(cases) {
            node.kind = .leaf(schema)
            return value as! T
        }
        let isDictionary = String(describing: T.self).hasPrefix("Dictionary<")
        let decoder = ReflectingDecoder(node: node, codingPath: path, pairs: isDictionary)
        let value = try T(from: decoder)
        if isDictionary {
            switch node.kind {
            case .object(let object):
                let values = object.properties[ReflectingDecoder.anyKey]?.json ?? [:]
                node.kind = .leaf(["type": "object", "additionalProperties": values])
            case .array:
                // Keys that are not text encode as a flat list: key, value, key, value, …
                node.kind = .leaf(["type": "array", "description": "key, value, key, value, …"])
            default: break
            }
        }
        return value
    }

    private static func primitive<T>(_ type: T.Type) -> (T, JSONValue)? {
        let pair: (Any, JSONValue)? =
            switch type {
            case is String.Type: ("", ["type": "string"])
            case is Bool.Type: (false, ["type": "boolean"])
            case is Int.Type: (0, ["type": "integer"])
            case is Int64.Type: (Int64(0), ["type": "integer", "format": "int64"])
            case is Int32.Type: (Int32(0), ["type": "integer", "format": "int32"])
            case is UInt8.Type: (UInt8(0), ["type": "integer", "minimum": 0, "maximum": 255])
            case is Double.Type: (0.0, ["type": "number"])
            case is Float.Type: (Float(0), ["type": "number"])
            case is Decimal.Type: (Decimal(0), ["type": "number"])
            case is UUID.Type: (UUID(), ["type": "string", "format": "uuid"])
            case is Date.Type: (Date(timeIntervalSince1970: 0), ["type": "string", "format": "date-time"])
            case is URL.Type: (URL(string: "https://example.org")!, ["type": "string", "format": "uri"])
            case is Data.Type: (Data(), ["type": "string", "contentEncoding": "base64"])
            default: nil
            }
        guard let pair, let value = pair.0 as? T else { return nil }
        return (value, pair.1)
    }

    private static func enumeration<C: CaseIterable>(_ type: C.Type) -> (C, JSONValue)? {
        let cases = Array(type.allCases)
        guard let first = cases.first else { return nil }
        let raws = cases.compactMap { ($0 as? any RawRepresentable)?.rawValue }
        if let texts = raws as? [String], texts.count == cases.count {
            return (first, ["type": "string", "enum": .array(texts.map(JSONValue.string))])
        }
        if let numbers = raws as? [Int], numbers.count == cases.count {
            return (first, ["type": "integer", "enum": .array(numbers.map(JSONValue.integer))])
        }
        return nil
    }

    /// What was learnt about one value.
    final class Node {
        enum Kind {
            case unknown
            case leaf(JSONValue)
            case object(ObjectNode)
            case array(Node)
        }
        var kind = Kind.unknown

        var json: JSONValue {
            switch kind {
            case .unknown: return [:]
            case .leaf(let schema): return schema
            case .array(let element): return ["type": "array", "items": element.json]
            case .object(let object):
                // An optional key may also be sent as null (`decodeIfPresent` takes null as absent).
                let properties = object.properties.mapValues(\.json).map { key, schema in
                    (key, object.required.contains(key) ? schema : SchemaReflection.nullable(schema))
                }
                var schema: JSONValue = [
                    "type": "object",
                    "properties": .object(Dictionary(uniqueKeysWithValues: properties)),
                ]
                let required = object.order.filter { object.required.contains($0) }
                if !required.isEmpty { schema = schema.setting("required", .array(required.map(JSONValue.string))) }
                return schema
            }
        }
    }

    /// `schema`, or null.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        switch schema.members["type"] {
        case .string(let type)?: schema.setting("type", [.string(type), "null"])
        case nil where schema.members.isEmpty: schema
        default: ["anyOf": [schema, ["type": "null"]]]
        }
    }

    final class ObjectNode {
        var properties: [String: Node] = [:]
        var order: [String] = []
        var required: Set<String> = []
        var optional: Set<String> = []

        /// The node of `key`, created on first use; `required` is kept once any decode of the key required it.
        func node(_ key: String, required isRequired: Bool) -> Node {
            if isRequired { required.insert(key) }
            if let existing = properties[key] { return existing }
            let node = Node()
            properties[key] = node
            order.append(key)
            return node
        }
    }
}

/// The decoder behind `SchemaReflection`.
struct ReflectingDecoder: Decoder {
    /// The one key offered to a dictionary, so its value type is seen.
    static let anyKey = "\u{0}additional"

    let node: SchemaReflection.Node
    var codingPath: [any CodingKey]
    /// Decoding a dictionary: an unkeyed container offers one key and one value.
    var pairs = false
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let object: SchemaReflection.ObjectNode
        if case .object(let existing) = node.kind {
            object = existing
        } else {
            object = SchemaReflection.ObjectNode()
            node.kind = .object(object)
        }
        return KeyedDecodingContainer(KeyedReflector<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let element = SchemaReflection.Node()
        node.kind = .array(element)
        return UnkeyedReflector(element: element, codingPath: codingPath, length: pairs ? 2 : 1)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleReflector(node: node, codingPath: codingPath)
    }
}

private struct KeyedReflector<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: SchemaReflection.ObjectNode
    var codingPath: [any CodingKey]

    var allKeys: [Key] { Key(stringValue: ReflectingDecoder.anyKey).map { [$0] } ?? [] }
    func contains(_ key: Key) -> Bool { true }
    /// The standard library's `decodeIfPresent` for primitives asks `decodeNil` first: such a key is optional.
    func decodeNil(forKey key: Key) throws -> Bool {
        object.optional.insert(key.stringValue)
        _ = object.node(key.stringValue, required: false)
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try SchemaReflection.sample(
            type,
            into: object.node(key.stringValue, required: !object.optional.contains(key.stringValue)),
            path: codingPath + [key]
        )
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try SchemaReflection.sample(
            type,
            into: object.node(key.stringValue, required: false),
            path: codingPath + [key]
        )
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try ReflectingDecoder(node: object.node(key.stringValue, required: true), codingPath: codingPath + [key])
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ReflectingDecoder(node: object.node(key.stringValue, required: true), codingPath: codingPath + [key])
            .unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ReflectingDecoder(node: SchemaReflection.Node(), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ReflectingDecoder(node: object.node(key.stringValue, required: true), codingPath: codingPath + [key])
    }
}

/// Offers exactly one element, so the element type is seen and arrays decode as one-element samples.
private struct UnkeyedReflector: UnkeyedDecodingContainer {
    let element: SchemaReflection.Node
    var codingPath: [any CodingKey]
    var length: Int
    var currentIndex = 0
    var count: Int? { length }
    var isAtEnd: Bool { currentIndex >= length }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        // A dictionary's key and value differ in type; the element's schema is the first one seen.
        let node = currentIndex == 1 ? element : SchemaReflection.Node()
        return try SchemaReflection.sample(type, into: node, path: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        currentIndex += 1
        return try ReflectingDecoder(node: element, codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        currentIndex += 1
        return try ReflectingDecoder(node: element, codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        currentIndex += 1
        return ReflectingDecoder(node: element, codingPath: codingPath)
    }
}

private struct SingleReflector: SingleValueDecodingContainer {
    let node: SchemaReflection.Node
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // A second probe (`try? decode(A) ?? decode(B)`) keeps what the first one found.
        if case .unknown = node.kind {
            return try SchemaReflection.sample(type, into: node, path: codingPath)
        }
        return try SchemaReflection.sample(type, into: SchemaReflection.Node(), path: codingPath)
    }
}

extension File: SchemaDescribed {
    static var jsonSchema: JSONValue { ["type": "string", "contentMediaType": "application/octet-stream"] }
    static var schemaSample: File { File(data: ByteBuffer(), filename: "sample") }
}
