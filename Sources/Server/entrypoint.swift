import App
import Foundation
import Logging
import Vapor

/// `tinhso serve [--demo]`, `tinhso migrate`, `tinhso import-units`, `tinhso seed-demo`, `tinhso routes`.
@main
enum Entrypoint {
    static func main() async throws {
        var env = try Environment.detect()
        // `serve --demo`: Vapor's serve command does not know the flag; take it off and prepare the demo first.
        let demo = env.arguments.count > 1 && env.arguments[1] == "serve" && env.arguments.contains("--demo")
        if demo { env.arguments.removeAll { $0 == "--demo" } }
        try LoggingSystem.bootstrap(from: &env)

        var config: AppConfig
        do {
            config = try AppConfig.parse(ProcessInfo.processInfo.environment)
            // The demo signs its documents with keys sealed under a published demo key; a real server sets its own.
            if demo, config.keyEncryptionKey == nil { config.keyEncryptionKey = AppConfig.demoKeyEncryptionKey }
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            exit(2)
        }

        let app = try await Application.make(env)
        do {
            try await configure(app, config: config)
            if demo { try await prepareDemo(app) }
            try await app.execute()
        } catch {
            // A failed command (bad file, unreachable database) is reported and ends with status 1, no backtrace.
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}
