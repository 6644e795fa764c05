import Foundation

/// The `openssl` command, when the machine has it (CI installs it): the peer of `tinhso-bench signatures` and the
/// other side of the interoperability test.
enum OpenSSLCommand {
    static let path = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs `executable` with `input` on its stdin; returns the exit status and stdout (with stderr too when
    /// `keepErrors`, for a test's message; otherwise stderr is dropped).
    static func run(_ executable: String, _ arguments: [String], input: Data?, keepErrors: Bool = false) throws
        -> (status: Int32, output: Data)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = keepErrors ? output : FileHandle.nullDevice
        process.standardInput = stdin
        try process.run()
        // Write the input while reading the output, so neither pipe fills up.
        let writer = Thread {
            if let input { stdin.fileHandleForWriting.write(input) }
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}
