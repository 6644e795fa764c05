import Vapor

/// `tinhso-bench hello [port]`: a bare Vapor application with one route, `GET /hello`, built with the same
/// compiler, Vapor and settings as `tinhso`. `bench/load.sh` measures it beside the platform in the same run, so
/// the load figures have a ceiling to be read against (the machine is noisy; absolute figures drift).
enum HelloServer {
    static func run(port: Int) async throws {
        var environment = Environment.production
        environment.arguments = ["tinhso-bench"]
        let app = try await Application.make(environment)
        app.logger.logLevel = .warning
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = port
        app.get("hello") { _ in "Hello, world!" }
        do {
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
