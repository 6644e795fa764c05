// swift-tools-version:6.2
import Foundation
import PackageDescription

// Upcoming features every target opts into (see shared/STYLE.md §7.2). Under CI (CI=true) our own targets also
// treat warnings as errors; passing -Xswiftc instead would rebuild every dependency with the flag.
let strict: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ] + (ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } == true ? [.unsafeFlags(["-warnings-as-errors"])] : [])

let package = Package(
    name: "tinhso",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tinhso", targets: ["Server"]),
        .executable(name: "tinhso-bench", targets: ["Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // X.509 certificates, CMS SignedData and the crypto under them (issue 9: document signatures).
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        // Pure domain: Foundation only. The compiler guards this boundary.
        .target(
            name: "Core",
            swiftSettings: strict + [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .target(
            name: "CoreTestSupport",
            dependencies: ["Core"],
            swiftSettings: strict + [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        // The Vapor adapter.
        .target(
            name: "App",
            dependencies: [
                "Core",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "Server",
            dependencies: [
                "App",
                .product(name: "Vapor", package: "vapor"),
            ],
            swiftSettings: strict
        ),
        // Benchmarks against the peers the issues name (run in release: see bench/README.md).
        .executableTarget(
            name: "Bench",
            dependencies: ["Core", "App", .product(name: "Vapor", package: "vapor")],
            path: "Benchmarks",
            swiftSettings: strict
        ),
        .testTarget(
            name: "CoreTests",
            dependencies: ["Core", "CoreTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                "Core",
                "CoreTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
