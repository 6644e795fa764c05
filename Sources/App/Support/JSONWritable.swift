import Core
import Vapor

/// An answer written with `JSONOutput` rather than `JSONEncoder`, for the busiest routes (the public look-up and a
/// filed report). It stays `Content`, so it still decodes (tests, clients) and the OpenAPI document describes it
/// the same way; `JSONWritableTests` check that both encoders give the same JSON.
protocol JSONWritable: Content {
    func write(to json: inout JSONOutput) throws
}

extension JSONWritable {
    /// The bytes `write(to:)` makes.
    func jsonBytes() throws -> [UInt8] {
        var json = JSONOutput()
        try write(to: &json)
        return json.bytes
    }

    func response(status: HTTPStatus = .ok) throws -> Response {
        Response(status: status, headers: jsonHeaders, body: .init(buffer: ByteBuffer(bytes: try jsonBytes())))
    }

    func encodeResponse(for request: Request) -> EventLoopFuture<Response> {
        request.eventLoop.makeCompletedFuture { try response() }
    }

    func encodeResponse(for request: Request) async throws -> Response { try response() }

    func encodeResponse(status: HTTPStatus, for request: Request) async throws -> Response {
        try response(status: status)
    }
}

/// The JSON content type as `headers.contentType = .json` writes it, written once (it formats the media type every
/// time: 0.7 % of a look-up).
private let jsonHeaders: HTTPHeaders = {
    var headers = HTTPHeaders()
    headers.contentType = .json
    return headers
}()
