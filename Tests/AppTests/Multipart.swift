import Foundation
import Vapor

/// multipart/form-data bodies, as a browser or a phone app sends a form with a file.
enum Multipart {
    static let boundary = "tinhso-test-boundary"

    static func encode(
        _ fields: [String: String],
        file: (name: String, filename: String, type: String, data: Data)?
    ) -> (HTTPHeaders, ByteBuffer) {
        var body = Data()
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Data(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\n"
                    + "Content-Type: \(file.type)\r\n\r\n").utf8
            )
            body += file.data + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return (["Content-Type": "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: Array(body)))
    }
}
