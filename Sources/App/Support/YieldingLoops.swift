/// Swift's cooperative pool has a thread per core (two here), so a job's loop over a million rows would leave the
/// requests one thread until it ends. These loops give way to other tasks every few thousand elements.
enum YieldingLoops {
    static let stride = 5_000
}

extension Sequence {
    /// `map`, giving way to other work every `YieldingLoops.stride` elements.
    func mapGivingWay<T>(_ transform: (Element) throws -> T) async throws -> [T] {
        var result: [T] = []
        result.reserveCapacity(underestimatedCount)
        try await forEachGivingWay { result.append(try transform($0)) }
        return result
    }

    /// `forEach`, giving way to other work every `YieldingLoops.stride` elements.
    func forEachGivingWay(_ body: (Element) throws -> Void) async rethrows {
        for (index, element) in enumerated() {
            if index > 0, index % YieldingLoops.stride == 0 { await Task.yield() }
            try body(element)
        }
    }
}
