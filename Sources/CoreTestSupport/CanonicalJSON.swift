import Foundation

/// `json` with every object's keys sorted, to compare two encoders' output: on Linux `JSONEncoder` writes an
/// object's keys in hash order, which changes from one run to the next.
public func canonicalJSON(_ json: String) throws -> String {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

/// `value` as Vapor's JSON encoder writes it (`JSONEncoder` with ISO 8601 dates).
public func encoderJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
