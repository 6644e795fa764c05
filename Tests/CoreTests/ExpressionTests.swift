import Core
import Testing

@Suite("Indicator formulas")
struct ExpressionTests {
    func value(_ text: String, _ values: [String: Double] = [:]) throws -> Double? {
        try Expression(text).evaluate(element: { values[$0] })
    }

    @Test("Precedence and associativity: * / before + -, left to right, unary minus, parentheses")
    func precedence() throws {
        #expect(try value("1 + 2 * 3") == 7)
        #expect(try value("(1 + 2) * 3") == 9)
        #expect(try value("10 - 4 - 3") == 3)
        #expect(try value("8 / 4 / 2") == 1)
        #expect(try value("-2 * 3") == -6 && value("2 * -3") == -6 && value("--2") == 2)
        #expect(try value("1.5e2 + .5") == 150.5)
        #expect(try value("1 + 2 < 4 && 2 * 2 == 4") == 1)
        #expect(try value("!(1 > 2) || 0") == 1 && value("1 != 1 || 0") == 0)
        #expect(try value("1 < 2 == 1") == 1)  // comparison binds tighter than equality
    }

    @Test("Elements, if with only the taken branch, and no value for a missing input or a division by zero")
    func evaluation() throws {
        let values: [String: Double] = ["dung_han": 97, "tong": 100, "zero": 0]
        #expect(try value("#{dung_han} / #{tong} * 100", values) == 97)
        #expect(try value("if(#{zero} == 0, 1, #{dung_han} / #{zero})", values) == 1)
        #expect(try value("if(#{tong} > 50, #{tong}, 0)", values) == 100)
        #expect(try value("#{dung_han} / #{zero}", values) == nil)
        #expect(try value("#{khong_co} + 1", values) == nil)
        let formula = try Expression("#{a} + N{ty_le} * #{b.c}")
        #expect(formula.elements == ["a", "b.c"] && formula.indicators == ["ty_le"])
        #expect(formula.evaluate(element: { _ in 2 }, indicator: { _ in 10 }) == 22)
    }

    @Test(
        "Syntax errors say where",
        arguments: [
            ("", 1), ("1 +", 4), ("#{a", 4), ("#{}", 3), ("sum(1)", 1), ("1 2", 3), ("((1)", 5), ("#{a b}", 4),
            ("1 = 2", 3), ("if(1, 2)", 8),
        ]
    )
    func syntaxErrors(text: String, position: Int) {
        #expect {
            try Expression(text)
        } throws: { error in
            guard case .syntax(let at, _) = error as? IndicatorError else { return false }
            return at == position
        }
    }
}
