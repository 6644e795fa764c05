import Foundation

// tinhso-bench calendar [count] [peer-count] [seed]
let arguments = CommandLine.arguments.dropFirst()
let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
switch arguments.first {
case "calendar":
    let values = arguments.dropFirst().compactMap { Int($0) }
    try CalendarBenchmark.run(
        count: values.first ?? 1_000_000,
        peerCount: values.dropFirst().first ?? 100_000,
        seed: UInt64(values.dropFirst(2).first ?? 2026),
        root: root
    )
case "geo":
    let values = arguments.dropFirst().compactMap { Int($0) }
    try GeoBenchmark.run(count: values.first ?? 1_000_000, seed: UInt64(values.dropFirst().first ?? 2026), root: root)
case "addresses":
    let values = arguments.dropFirst().compactMap { Int($0) }
    try AddressBench.run(
        objects: values.first ?? 300_000,
        queries: values.dropFirst().first ?? 1_000_000,
        seed: UInt64(values.dropFirst(2).first ?? 2026),
        root: root
    )
case "dossiers":
    let values = arguments.dropFirst().compactMap { Int($0) }
    let period = arguments.dropFirst().first { ReportingPeriodText.looksLikePeriod($0) } ?? "2026Q3"
    try await DossierBenchmark.run(count: values.first ?? 1_000_000, period: period, root: root)
case "indicators":
    let values = arguments.dropFirst().compactMap { Int($0) }
    try await IndicatorsBenchmark.run(elements: values.first ?? 1_000, root: root)
case "ioc":
    let values = arguments.dropFirst().compactMap { Int($0) }
    try await IOCBench.run(dossiers: values.first ?? 1_000_000, renders: values.dropFirst().first ?? 100, root: root)
case "datastore":
    let values = arguments.dropFirst().compactMap { Int($0) }
    try await DatastoreBench.run(rows: values.first ?? 1_000_000, requests: values.dropFirst().first ?? 200, root: root)
case "signatures":
    let values = arguments.dropFirst().compactMap { Int($0) }
    let count = values.first ?? 10_000
    try await SignatureBench.run(
        count: count,
        peerCount: values.dropFirst().first ?? count,
        megabytes: values.dropFirst(2).first ?? 1,
        root: root
    )
case "hello":
    try await HelloServer.run(port: arguments.dropFirst().compactMap { Int($0) }.first ?? 18778)
default:
    print("usage: swift run -c release tinhso-bench calendar [count=1000000] [peer-count=100000] [seed=2026]")
    print("       swift run -c release tinhso-bench geo [count=1000000] [seed=2026]")
    print("       swift run -c release tinhso-bench addresses [objects=300000] [queries=1000000] [seed=2026]")
    print(
        "       [DATABASE_URL=postgres://…] swift run -c release tinhso-bench dossiers [count=1000000] [period=2026Q3]"
    )
    print("       swift run -c release tinhso-bench indicators [elements=1000]")
    print("       swift run -c release tinhso-bench ioc [dossiers=1000000] [requests=100]")
    print(
        "       [DATABASE_URL=postgres://…] swift run -c release tinhso-bench datastore [rows=1000000] [requests=200]"
    )
    print("       swift run -c release tinhso-bench signatures [count=10000] [peer-count=count] [megabytes=1]")
    print("       swift run -c release tinhso-bench hello [port=18778]   (a bare Vapor route for bench/load.sh)")
}
