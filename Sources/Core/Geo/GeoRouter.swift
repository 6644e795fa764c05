/// Point → commune. A uniform grid over the communes' bounding boxes narrows each question to a few candidates,
/// then an exact point-in-polygon test (holes and multipolygons included) decides. Candidates are tried in code
/// order, so a point claimed by two overlapping shapes always goes to the same commune.
public struct GeoRouter: Sendable {
    public struct Answer: Hashable, Sendable {
        public let code: String
        /// True when the areas are centroid cells, not surveyed boundaries.
        public let isApproximate: Bool

        public init(code: String, isApproximate: Bool) {
            self.code = code
            self.isApproximate = isApproximate
        }
    }

    public let isApproximate: Bool
    public let codes: [String]
    let areas: [GeoArea]
    let boxes: [GeoBounds]
    let extent: GeoBounds
    let cellSize: Double
    let columns: Int
    let rows: Int
    let buckets: [[Int32]]

    public init(areas input: [(code: String, area: GeoArea)], isApproximate: Bool, cellSize: Double = 0.05) {
        let sorted = input.sorted { $0.code < $1.code }
        self.isApproximate = isApproximate
        codes = sorted.map(\.code)
        areas = sorted.map(\.area)
        boxes = areas.map(\.bounds)
        extent = GeoBounds(
            minLatitude: boxes.map(\.minLatitude).min() ?? 0,
            maxLatitude: boxes.map(\.maxLatitude).max() ?? 0,
            minLongitude: boxes.map(\.minLongitude).min() ?? 0,
            maxLongitude: boxes.map(\.maxLongitude).max() ?? 0
        )
        self.cellSize = cellSize
        columns = max(1, Int(((extent.maxLongitude - extent.minLongitude) / cellSize).rounded(.up)) + 1)
        rows = max(1, Int(((extent.maxLatitude - extent.minLatitude) / cellSize).rounded(.up)) + 1)
        var buckets = [[Int32]](repeating: [], count: columns * rows)
        for (index, box) in boxes.enumerated() {
            let (c0, r0) = (
                Int((box.minLongitude - extent.minLongitude) / cellSize),
                Int((box.minLatitude - extent.minLatitude) / cellSize)
            )
            let (c1, r1) = (
                Int((box.maxLongitude - extent.minLongitude) / cellSize),
                Int((box.maxLatitude - extent.minLatitude) / cellSize)
            )
            for r in r0...r1 { for c in c0...c1 { buckets[r * columns + c].append(Int32(index)) } }
        }
        self.buckets = buckets
    }

    /// The index (into `codes`) of the commune containing `point`, or nil.
    public func locate(_ point: GeoPoint) -> Int? {
        let c = Int((point.longitude - extent.minLongitude) / cellSize)
        let r = Int((point.latitude - extent.minLatitude) / cellSize)
        guard point.longitude >= extent.minLongitude, point.latitude >= extent.minLatitude, c < columns, r < rows else {
            return nil
        }
        for candidate in buckets[r * columns + c] {
            let index = Int(candidate)
            let box = boxes[index]
            guard point.latitude >= box.minLatitude, point.latitude <= box.maxLatitude,
                point.longitude >= box.minLongitude, point.longitude <= box.maxLongitude
            else { continue }
            if areas[index].contains(point) { return index }
        }
        return nil
    }

    /// The commune of a reported location, or a clear error: bad coordinates, outside Vietnam, or in no commune.
    public func route(latitude: Double, longitude: Double) throws(GeoError) -> Answer {
        guard latitude.isFinite, longitude.isFinite, abs(latitude) <= 90, abs(longitude) <= 180 else {
            throw .invalidCoordinate(latitude: latitude, longitude: longitude)
        }
        let point = GeoPoint(latitude: latitude, longitude: longitude)
        guard let index = locate(point) else {
            throw GeoBounds.vietnam.contains(point) ? .outsideAllCommunes(point) : .outsideVietnam(point)
        }
        return Answer(code: codes[index], isApproximate: isApproximate)
    }

    /// The area of a commune, by code (codes are sorted, so this is a binary search).
    public func area(of code: String) -> GeoArea? {
        var low = 0
        var high = codes.count
        while low < high {
            let mid = (low + high) / 2
            if codes[mid] < code { low = mid + 1 } else { high = mid }
        }
        return low < codes.count && codes[low] == code ? areas[low] : nil
    }
}
