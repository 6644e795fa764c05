import Testing
import VaporTesting
@Test func y() { #expect(1 == 1) }
