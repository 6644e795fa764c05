import Core
import Vapor

/// Bcrypt password hashing (Vapor's implementation) at the configured cost.
struct BcryptHasher: PasswordHashing {
    let cost: Int
    let decoyHash: String

    init(cost: Int) throws {
        self.cost = cost
        self.decoyHash = try Bcrypt.hash([UInt8].random(count: 32).base64, cost: cost)
    }

    func hash(_ password: String) throws -> String { try Bcrypt.hash(password, cost: cost) }

    func verify(_ password: String, against hash: String) throws -> Bool { try Bcrypt.verify(password, created: hash) }
}
