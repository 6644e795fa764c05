import App
import Foundation

/// `tinhso-bench signatures [count=10000] [peer-count=count] [megabytes=1]`: sign and verify, TinhSo vs OpenSSL.
enum SignatureBench {
    static func run(count: Int, peerCount: Int, megabytes: Int, root: URL) async throws {
        print("Signing and verifying \(count) documents of \(megabytes) MB (RSA-2048, SHA-256, detached CMS)…")
        let result = try await SignatureBenchmark.run(
            count: count,
            peerCount: peerCount,
            megabytes: megabytes,
            directory: root.appendingPathComponent(".build/bench-signatures")
        )
        func line(_ name: String, _ side: SignatureBenchmark.Side) {
            print(
                String(
                    format: "%@: %d documents, sign %.1f docs/s (%.1f MB/s), verify %.1f docs/s (%.1f MB/s)",
                    name,
                    side.documents,
                    side.signPerSecond,
                    side.signPerSecond * Double(megabytes),
                    side.verifyPerSecond,
                    side.verifyPerSecond * Double(megabytes)
                )
            )
        }
        line("TinhSo (swift-certificates, in process)", result.ours)
        guard let peer = result.openssl else {
            print("openssl not found: no peer figures")
            return
        }
        line("openssl cms (one process per document)", peer)
        print(String(format: "openssl process start and exit alone: %.2f ms", result.opensslStartMilliseconds ?? 0))
        print(
            "cross-checked: OpenSSL verified all of ours it was given; ours verified \(result.crossChecked) of OpenSSL's"
        )
        print(
            String(
                format: "RATIO sign %.2f× verify %.2f× (TinhSo per second / openssl per second)",
                result.ours.signPerSecond / peer.signPerSecond,
                result.ours.verifyPerSecond / peer.verifyPerSecond
            )
        )
    }
}
