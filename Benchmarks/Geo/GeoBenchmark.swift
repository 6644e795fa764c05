import Core
import Foundation

/// 1,000,000 random points over the 3,321 communes: our grid index against shapely 2 `STRtree.query(points,
/// predicate="within")` on the same polygons (exported as GeoJSON), same points, answers compared one by one.
enum GeoBenchmark {
    static func run(count: Int, seed: UInt64, root: URL) throws {
        let text = try String(
            contentsOf: root.appendingPathComponent("Resources/Data/admin-units.csv"),
            encoding: .utf8
        )
        let communes = try UnitDataFile.parse(text).filter { $0.tree == .current && $0.type.tier == .commune }
        let sites = communes.compactMap { seed in
            seed.centroid.map { CentroidCells.Site(code: seed.code, point: $0, areaKm2: seed.areaKm2) }
        }
        var clock = ContinuousClock.now
        let cells = CentroidCells.cells(for: sites)
        let router = GeoRouter(areas: cells, isApproximate: true)
        print(
            String(
                format: "built %d centroid cells and the index in %.0f ms",
                cells.count,
                seconds(since: clock) * 1000
            )
        )

        let polygons = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-cells.geojson")
        try GeoJSON.featureCollection(
            router.codes.indices.map { (router.codes[$0], routerArea(cells, router.codes[$0])) }
        )
        .write(to: polygons)
        // Each point falls in the bounding box of a commune drawn at random, so nearly all land in some commune
        // and the point-in-polygon work is real (uniform points over the country's box mostly hit the sea).
        var random = SplitMix64(state: seed)
        let boxes = cells.map(\.area.bounds)
        let points = (0..<count).map { _ in
            let box = boxes[Int(random.next() % UInt64(boxes.count))]
            return GeoPoint(
                latitude: box.minLatitude + unit(&random) * (box.maxLatitude - box.minLatitude),
                longitude: box.minLongitude + unit(&random) * (box.maxLongitude - box.minLongitude)
            )
        }
        let pointsFile = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-points.bin")
        var raw = [Double]()
        raw.reserveCapacity(count * 2)
        for p in points { raw += [p.longitude, p.latitude] }
        try raw.withUnsafeBytes { Data($0) }.write(to: pointsFile)

        clock = ContinuousClock.now
        var answers = [Int32](repeating: -1, count: count)
        for (i, p) in points.enumerated() { answers[i] = router.locate(p).map(Int32.init) ?? -1 }
        let swiftSeconds = seconds(since: clock)
        let hits = answers.filter { $0 >= 0 }.count
        print(
            String(
                format: "Swift grid index: %d points in %.3f s = %.0f points/s (%d inside a commune)",
                count,
                swiftSeconds,
                Double(count) / swiftSeconds,
                hits
            )
        )

        let peer = try runPeer(script: "bench/geo_peer.py", arguments: [polygons.path, pointsFile.path], root: root)
        print(
            String(
                format: "shapely %@ STRtree within: %d points in %.3f s = %.0f points/s",
                peer.version,
                peer.answers.count,
                peer.seconds,
                Double(peer.answers.count) / peer.seconds
            )
        )
        let same = zip(answers, peer.answers).filter { $0 == $1 }.count
        print("  identical answers: \(same) of \(count)")
        print(String(format: "RATIO Swift/shapely: %.1f×", peer.seconds / swiftSeconds))
    }

    static func routerArea(_ cells: [(code: String, area: GeoArea)], _ code: String) -> GeoArea {
        cells.first { $0.code == code }!.area
    }

    static func unit(_ random: inout SplitMix64) -> Double { Double(random.next() >> 11) / Double(1 << 53) }

    /// Runs a Python peer with its inputs and an output file of int32 answers; it prints "seconds S VERSION".
    static func runPeer(script: String, arguments: [String], root: URL) throws -> (
        seconds: Double, version: String, answers: [Int32]
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tinhso-peer-answers.bin")
        process.arguments = ["python3", root.appendingPathComponent(script).path] + arguments + [output.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = text.split(separator: " ")
        guard process.terminationStatus == 0, fields.count >= 3, let elapsed = Double(fields[1]) else {
            throw BenchError.peerFailed(text)
        }
        let data = try Data(contentsOf: output)
        let answers = data.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
        return (elapsed, String(fields[2]).trimmingCharacters(in: .whitespacesAndNewlines), answers)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
