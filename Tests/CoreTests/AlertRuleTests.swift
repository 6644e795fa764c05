import Core
import Foundation
import Testing

@Suite("IOC alert rules")
struct AlertRuleTests {
    static let rule = AlertRule(
        name: "Hồ sơ quá hạn của xã",
        subjectKind: .counter,
        subject: LiveCounter.overdueDossiers.rawValue,
        comparison: .above,
        threshold: 5,
        unitCode: "38",
        eachChild: true
    )

    func observe(_ values: [String: Double]) -> [Observation] {
        values.sorted { $0.key < $1.key }.map {
            Observation(unitCode: $0.key, unitName: "Xã \($0.key)", value: $0.value)
        }
    }

    @Test("Comparisons hold strictly or not as named")
    func comparisons() {
        #expect(Comparison.above.holds(6, 5) && !Comparison.above.holds(5, 5))
        #expect(Comparison.atLeast.holds(5, 5) && !Comparison.atLeast.holds(4.9, 5))
        #expect(Comparison.below.holds(94.9, 95) && !Comparison.below.holds(95, 95))
        #expect(Comparison.atMost.holds(95, 95) && !Comparison.atMost.holds(95.1, 95))
        #expect(Self.rule.condition == "> 5")
    }

    @Test("A breach raises one alert per unit, stays raised while it lasts (value updated), clears when back within")
    func lifecycle() throws {
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let first = Self.rule.evaluate(observe(["14758": 6, "14797": 5, "14845": 9]), open: [], at: t0)
        #expect(first.raised.map(\.unitCode) == ["14758", "14845"] && first.cleared.isEmpty)
        #expect(first.raised.allSatisfy { $0.isOpen && $0.acknowledgedAt == nil && $0.raisedAt == t0 })
        var open = first.raised
        open[0].acknowledgedAt = t0  // an officer took it in hand

        let t1 = t0.addingTimeInterval(600)
        let second = Self.rule.evaluate(observe(["14758": 7, "14797": 5, "14845": 9]), open: open, at: t1)
        #expect(second.raised.isEmpty && second.cleared.isEmpty)
        #expect(second.updated.map(\.value) == [7] && second.updated[0].acknowledgedAt == t0)

        let t2 = t1.addingTimeInterval(600)
        let third = Self.rule.evaluate(observe(["14758": 2, "14797": 8]), open: open, at: t2)
        #expect(third.raised.map(\.unitCode) == ["14797"])
        // 14758 is back within; 14845 is no longer observed: both clear.
        #expect(third.cleared.map(\.unitCode) == ["14758", "14845"] && third.cleared.allSatisfy { $0.clearedAt == t2 })

        // Alerts of another rule are not this rule's business.
        var other = Self.rule
        other.id = AlertRule.ID()
        #expect(other.evaluate(observe(["14758": 9]), open: open, at: t2).raised.count == 1)
    }
}
