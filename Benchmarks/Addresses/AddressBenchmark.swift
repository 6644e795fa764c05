import Core
import Foundation

/// Reverse geocoding: 1,000,000 random points → the nearest of 300,000 addressed objects, our k-d tree
/// (`NearestIndex`, k = 1, no radius) against shapely 2 `STRtree.nearest` on the same points in the same run. Both
/// timings include building the index. Objects are spread over Thanh Hóa's 166 communes, clustered around each
/// commune's centre as houses are; queries fall uniformly over the province's box.
enum AddressBench {
    static func run(objects count: Int, queries: Int, seed: UInt64, root: URL) throws {
        let text = try String(
            contentsOf: root.appendingPathComponent("Resources/Data/admin-units.csv"),
            encoding: .utf8
        )
        let communes = try UnitDataFile.parse(text).filter {
            $0.tree == .current && $0.type.tier == .commune && $0.parentCode == "38"
        }
        let centres = communes.compactMap(\.centroid)
        var random = SplitMix64(state: seed)
        func unit() -> Double { GeoBenchmark.unit(&random) }
        let objects = (0..<count).map { _ in
            let centre = centres[Int(random.next() % UInt64(centres.count))]
            // About ±3 km around the centre, denser near it.
            let (r, a) = (0.03 * unit() * unit().squareRoot(), 2 * Double.pi * unit())
            return GeoPoint(latitude: centre.latitude + r * sin(a), longitude: centre.longitude + r * cos(a))
        }
        let box = (
            minLat: centres.map(\.latitude).min()!, maxLat: centres.map(\.latitude).max()!,
            minLon: centres.map(\.longitude).min()!, maxLon: centres.map(\.longitude).max()!
        )
        let points = (0..<queries).map { _ in
            GeoPoint(
                latitude: box.minLat + unit() * (box.maxLat - box.minLat),
                longitude: box.minLon + unit() * (box.maxLon - box.minLon)
            )
        }
        let directory = FileManager.default.temporaryDirectory
        let objectsFile = directory.appendingPathComponent("tinhso-address-objects.bin")
        let queriesFile = directory.appendingPathComponent("tinhso-address-queries.bin")
        try write(objects, to: objectsFile)
        try write(points, to: queriesFile)

        let clock = ContinuousClock.now
        let index = NearestIndex(objects)
        let built = GeoBenchmark.seconds(since: clock)
        var answers = [Int32](repeating: -1, count: queries)
        for (i, p) in points.enumerated() { answers[i] = Int32(index.nearest(to: p)[0].index) }
        let swiftSeconds = GeoBenchmark.seconds(since: clock)
        print(
            String(
                format: "Swift k-d tree: %d objects (built in %.3f s), %d lookups in %.3f s = %.0f lookups/s",
                count,
                built,
                queries,
                swiftSeconds,
                Double(queries) / swiftSeconds
            )
        )

        let peer = try GeoBenchmark.runPeer(
            script: "bench/address_peer.py",
            arguments: [objectsFile.path, queriesFile.path],
            root: root
        )
        print(
            String(
                format: "shapely %@ STRtree nearest: %d lookups in %.3f s = %.0f lookups/s",
                peer.version,
                peer.answers.count,
                peer.seconds,
                Double(peer.answers.count) / peer.seconds
            )
        )
        var same = 0
        var notFarther = 0
        for i in 0..<queries {
            if answers[i] == peer.answers[i] { same += 1 }
            let ours = NearestIndex.metres(from: points[i], to: objects[Int(answers[i])])
            let theirs = NearestIndex.metres(from: points[i], to: objects[Int(peer.answers[i])])
            if ours <= theirs + 1e-9 { notFarther += 1 }
        }
        print(
            "  identical answers: \(same) of \(queries); ours as near or nearer in metres: \(notFarther) of \(queries)"
        )
        print(String(format: "RATIO Swift/shapely: %.1f×", peer.seconds / swiftSeconds))
    }

    static func write(_ points: [GeoPoint], to url: URL) throws {
        var raw = [Double]()
        raw.reserveCapacity(points.count * 2)
        for p in points { raw += [p.longitude, p.latitude] }
        try raw.withUnsafeBytes { Data($0) }.write(to: url)
    }
}
