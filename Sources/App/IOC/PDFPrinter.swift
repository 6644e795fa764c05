import Foundation

/// Prints an HTML page to PDF with Debian's headless Chromium (`chromium --print-to-pdf`), when it is installed.
enum PDFPrinter {
    static let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

    static var executable: String? { candidates.first { FileManager.default.isExecutableFile(atPath: $0) } }

    enum Failure: Error {
        case failed(String)
    }

    /// The PDF of `html` (self-contained: styles inline), or nil when no Chromium is installed. Gives up after
    /// `timeout` seconds.
    static func print(html: String, timeout: TimeInterval = 60) async throws -> Data? {
        guard let chromium = executable else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("page.html")
        let output = directory.appendingPathComponent("page.pdf")
        try Data(html.utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            "--print-to-pdf=\(output.path)", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning { process.terminate() }
            }
        }
        guard let pdf = try? Data(contentsOf: output), pdf.starts(with: Array("%PDF".utf8)) else {
            throw Failure.failed("chromium exited with \(process.terminationStatus) and no PDF")
        }
        return pdf
    }
}
