/// Swift tasks run on the event loops that serve connections (see the entry point), so a loop over a million rows
/// would hold up every request of its event loop until it ends. These loops give way every few thousand elements.
enum YieldingLoops {
    static let stride = 5_000
}

extension Sequence {
    /// `map`, giving way to other work every `YieldingLoops.stride` elements.
    func mapGivingWay<T>(_ transform: (Element) throws -> T) async throws -> [T] {
        var result: [T] = []
        result.reserveCapacity(underestimatedCount)
        for (index, element) in enumerated() {
            if index > 0, index % YieldingLoops.stride == 0 { await Task.yield() }
            result.append(try transform(element))
        }
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
