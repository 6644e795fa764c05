import Core
import Foundation

/// 1,000,000 random deadline computations (`addingWorkingDays(1…60)` from an instant in 2025–2027) against the
/// Python peer a Vietnamese developer would write: python-holidays plus a day-by-day loop.
enum CalendarBenchmark {
    static let firstDay = CivilDate(year: 2025, month: 1, day: 1)!.julianDay
    static let spanDays = 3 * 365

    struct Case {
        let day: CivilDate
        let secondOfDay: Int
        let n: Int
    }

    static func cases(count: Int, seed: UInt64) -> [Case] {
        var random = SplitMix64(state: seed)
        return (0..<count).map { _ in
            let day = CivilDate(julianDay: firstDay + Int(random.next() % UInt64(spanDays)))
            let second = Int(random.next() % 86_400)
            return Case(day: day, secondOfDay: second, n: Int(random.next() % 60) + 1)
        }
    }

    static func run(count: Int, peerCount: Int, seed: UInt64, root: URL) throws {
        let started = Date()
        let calendar = BusinessCalendar(decrees: try loadDecrees(root: root))
        print("calendar built for 1900–2100 in \(String(format: "%.1f", Date().timeIntervalSince(started) * 1000)) ms")
        let inputs = cases(count: count, seed: seed)
        let instants = inputs.map { $0.day.instant(atSecond: $0.secondOfDay) }

        var checksum = 0
        var clock = ContinuousClock.now
        for (index, input) in inputs.enumerated() {
            checksum &+= Int(try calendar.addingWorkingDays(input.n, to: instants[index]).timeIntervalSince1970)
        }
        let instantSeconds = seconds(since: clock)
        clock = ContinuousClock.now
        var dates: [Int] = []
        dates.reserveCapacity(count)
        for input in inputs { dates.append(try calendar.addingWorkingDays(input.n, to: input.day).julianDay) }
        let daySeconds = seconds(since: clock)
        report("Swift, office-time deadline (instant)", count: count, seconds: instantSeconds)
        report("Swift, working-day deadline (date)", count: count, seconds: daySeconds)
        print("  checksum \(checksum)")

        let peer = try runPeer(count: peerCount, seed: seed, root: root)
        report("Python holidays + loop (date)", count: peerCount, seconds: peer.seconds)
        let agree = zip(dates, peer.julianDays).filter { $0 == $1 }.count
        // Where the answers differ, the span must contain a day the two calendars see differently: 24/11 (off in
        // python-holidays from 2026, not in the Labour Code per our reference) or a Saturday worked under a swap.
        let special = Set(
            calendar.workedWeekendDays(in: 2025) + calendar.workedWeekendDays(in: 2026)
                + calendar.workedWeekendDays(in: 2027)
        )
        .union([CivilDate(year: 2026, month: 11, day: 24)!, CivilDate(year: 2027, month: 11, day: 24)!])
        let unexplained = zip(inputs, zip(dates, peer.julianDays)).filter { input, answers in
            answers.0 != answers.1 && !special.contains { $0 > input.day && $0.julianDay <= max(answers.0, answers.1) }
        }.count
        print(
            "  same date as the peer in \(agree) of \(peer.julianDays.count) cases; \(unexplained) differences not explained by 24/11 or a worked Saturday"
        )
        let ratio = (Double(count) / daySeconds) / (Double(peerCount) / peer.seconds)
        let instantRatio = (Double(count) / instantSeconds) / (Double(peerCount) / peer.seconds)
        print(
            String(
                format: "RATIO Swift/Python: %.0f× (date deadlines), %.0f× (office-time deadlines)",
                ratio,
                instantRatio
            )
        )
    }

    static func loadDecrees(root: URL) throws -> [DecreeRecord] {
        try DecreeFile.load(folder: root.appendingPathComponent("Resources/Data/calendar").path)
    }

    static func runPeer(count: Int, seed: UInt64, root: URL) throws -> (seconds: Double, julianDays: [Int]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appendingPathComponent("bench/calendar_peer.py").path, String(count), String(seed),
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let first = output.split(separator: "\n").first,
            let elapsed = Double(first.replacingOccurrences(of: "seconds ", with: ""))
        else { throw BenchError.peerFailed(output) }
        return (elapsed, output.split(separator: "\n").dropFirst().compactMap { Int($0) })
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func report(_ label: String, count: Int, seconds: Double) {
        print(String(format: "%@: %d ops in %.3f s = %.0f ops/s", label, count, seconds, Double(count) / seconds))
    }
}

enum BenchError: Error {
    case peerFailed(String)
    case usage(String)
}
