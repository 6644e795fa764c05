import Vapor

extension Response {
    /// A CSV download (UTF-8 with BOM so Excel reads Vietnamese correctly).
    static func csv(_ text: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: filename)
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
