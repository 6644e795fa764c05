import Foundation

/// An indicator formula, written as DHIS2 writes them: data elements `#{code}`, other indicators `N{code}`, numbers,
/// `+ - * /`, parentheses, comparisons `< <= > >= == !=`, `&&`, `||`, `!` and `if(condition, then, else)`.
/// Parsed once; evaluated against any source of values.
public indirect enum Expression: Hashable, Sendable {
    case number(Double)
    case element(String)
    case indicator(String)
    case negate(Expression)
    case not(Expression)
    case binary(Operator, Expression, Expression)
    case condition(Expression, Expression, Expression)

    public enum Operator: String, Hashable, Sendable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case equal = "=="
        case notEqual = "!="
        case and = "&&"
        case or = "||"

        /// Binding strength: higher binds tighter.
        var precedence: Int {
            switch self {
            case .or: 1
            case .and: 2
            case .equal, .notEqual: 3
            case .less, .lessOrEqual, .greater, .greaterOrEqual: 4
            case .add, .subtract: 5
            case .multiply, .divide: 6
            }
        }
    }

    public init(_ text: String) throws(IndicatorError) {
        var parser = ExpressionParser(text)
        self = try parser.parseAll()
    }

    /// The data elements the formula reads, directly.
    public var elements: Set<String> {
        switch self {
        case .number, .indicator: []
        case .element(let code): [code]
        case .negate(let e), .not(let e): e.elements
        case .binary(_, let a, let b): a.elements.union(b.elements)
        case .condition(let c, let a, let b): c.elements.union(a.elements).union(b.elements)
        }
    }

    /// The indicators the formula reads, directly.
    public var indicators: Set<String> {
        switch self {
        case .number, .element: []
        case .indicator(let code): [code]
        case .negate(let e), .not(let e): e.indicators
        case .binary(_, let a, let b): a.indicators.union(b.indicators)
        case .condition(let c, let a, let b): c.indicators.union(a.indicators).union(b.indicators)
        }
    }

    /// The value for the given inputs. A missing input, a division by zero or a result that is not a finite number
    /// gives no value (nil), never an error: that is how a report shows "no data". Truth is non-zero; comparisons
    /// give 1 or 0. Only the taken branch of `if` is evaluated.
    public func evaluate(
        element: (String) -> Double?,
        indicator: (String) -> Double? = { _ in nil }
    ) -> Double? {
        func eval(_ e: Expression) -> Double? {
            switch e {
            case .number(let v): return v
            case .element(let code): return element(code)
            case .indicator(let code): return indicator(code)
            case .negate(let a): return eval(a).map { -$0 }
            case .not(let a): return eval(a).map { $0 == 0 ? 1 : 0 }
            case .condition(let c, let a, let b):
                guard let test = eval(c) else { return nil }
                return test != 0 ? eval(a) : eval(b)
            case .binary(let op, let a, let b):
                guard let x = eval(a), let y = eval(b) else { return nil }
                let result: Double
                switch op {
                case .add: result = x + y
                case .subtract: result = x - y
                case .multiply: result = x * y
                case .divide:
                    guard y != 0 else { return nil }
                    result = x / y
                case .less: result = x < y ? 1 : 0
                case .lessOrEqual: result = x <= y ? 1 : 0
                case .greater: result = x > y ? 1 : 0
                case .greaterOrEqual: result = x >= y ? 1 : 0
                case .equal: result = x == y ? 1 : 0
                case .notEqual: result = x != y ? 1 : 0
                case .and: result = x != 0 && y != 0 ? 1 : 0
                case .or: result = x != 0 || y != 0 ? 1 : 0
                }
                return result.isFinite ? result : nil
            }
        }
        return eval(self)
    }
}

/// Recursive descent with precedence climbing; positions in errors are 1-based character offsets.
struct ExpressionParser {
    let chars: [Character]
    var index = 0

    init(_ text: String) { chars = Array(text) }

    mutating func parseAll() throws(IndicatorError) -> Expression {
        skipSpace()
        guard index < chars.count else { throw syntax("empty formula", "công thức rỗng") }
        let result = try parseBinary(minimum: 1)
        skipSpace()
        guard index == chars.count else { throw syntax("unexpected “\(chars[index])”", "ký tự thừa “\(chars[index])”") }
        return result
    }

    mutating func parseBinary(minimum: Int) throws(IndicatorError) -> Expression {
        var left = try parseUnary()
        while true {
            skipSpace()
            guard let op = peekOperator(), op.precedence >= minimum else { return left }
            index += op.rawValue.count
            let right = try parseBinary(minimum: op.precedence + 1)
            left = .binary(op, left, right)
        }
    }

    mutating func parseUnary() throws(IndicatorError) -> Expression {
        skipSpace()
        if consume("-") { return .negate(try parseUnary()) }
        if consume("+") { return try parseUnary() }
        if peek() == "!" && peek(1) != "=" {
            index += 1
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(IndicatorError) -> Expression {
        skipSpace()
        guard let c = peek() else { throw syntax("the formula ends too early", "công thức kết thúc quá sớm") }
        if c == "(" {
            index += 1
            let inner = try parseBinary(minimum: 1)
            try expect(")")
            return inner
        }
        if (c == "#" || c == "N") && peek(1) == "{" {
            index += 2
            let start = index
            while let d = peek(), d != "}" {
                guard d.isLetter || d.isNumber || d == "_" || d == "." || d == "-" else {
                    throw syntax("bad character “\(d)” in a code", "ký tự “\(d)” không hợp lệ trong mã")
                }
                index += 1
            }
            let code = String(chars[start..<index])
            guard peek() == "}" else { throw syntax("“}” is missing", "thiếu “}”") }
            guard !code.isEmpty else { throw syntax("empty code", "mã rỗng") }
            index += 1
            return c == "#" ? .element(code) : .indicator(code)
        }
        if c.isNumber || c == "." {
            let start = index
            while let d = peek(), d.isNumber || d == "." { index += 1 }
            if let e = peek(), e == "e" || e == "E", let n = peek(1),
                n.isNumber || ((n == "-" || n == "+") && peek(2)?.isNumber == true)
            {
                index += 2
                while let d = peek(), d.isNumber { index += 1 }
            }
            guard let value = Double(String(chars[start..<index])) else {
                index = start
                throw syntax("bad number", "số không hợp lệ")
            }
            return .number(value)
        }
        if c.isLetter {
            let start = index
            while let d = peek(), d.isLetter { index += 1 }
            let word = String(chars[start..<index])
            guard word.lowercased() == "if" else {
                index = start
                throw syntax("unknown function “\(word)” (only if)", "hàm “\(word)” không được hỗ trợ (chỉ có if)")
            }
            try expect("(")
            let test = try parseBinary(minimum: 1)
            try expect(",")
            let then = try parseBinary(minimum: 1)
            try expect(",")
            let otherwise = try parseBinary(minimum: 1)
            try expect(")")
            return .condition(test, then, otherwise)
        }
        throw syntax("unexpected “\(c)”", "ký tự không mong đợi “\(c)”")
    }

    func peek(_ offset: Int = 0) -> Character? { index + offset < chars.count ? chars[index + offset] : nil }

    mutating func skipSpace() { while let c = peek(), c.isWhitespace { index += 1 } }

    mutating func consume(_ c: Character) -> Bool {
        skipSpace()
        guard peek() == c else { return false }
        index += 1
        return true
    }

    mutating func expect(_ c: Character) throws(IndicatorError) {
        guard consume(c) else { throw syntax("“\(c)” expected", "thiếu “\(c)”") }
    }

    func peekOperator() -> Expression.Operator? {
        guard let c = peek() else { return nil }
        let two = peek(1).map { String([c, $0]) } ?? ""
        if let op = Expression.Operator(rawValue: two) { return op }
        return Expression.Operator(rawValue: String(c))
    }

    func syntax(_ english: String, _ vietnamese: String) -> IndicatorError {
        .syntax(position: index + 1, FieldIssue(english: english, vietnamese: vietnamese))
    }
}
