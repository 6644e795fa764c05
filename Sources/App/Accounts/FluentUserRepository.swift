import Core
import Fluent
import Foundation

struct FluentUserRepository: UserRepository {
    let db: any Database

    func find(_ id: User.ID) async throws -> User? {
        try await UserRecord.find(id.rawValue, on: db)?.toDomain()
    }

    func find(username: String) async throws -> User? {
        try await UserRecord.query(on: db).filter(\.$username == username.lowercased()).first()?.toDomain()
    }

    func passwordHash(of id: User.ID) async throws -> String? {
        try await UserRecord.find(id.rawValue, on: db)?.passwordHash
    }

    func create(_ user: User, passwordHash: String) async throws {
        try await UserRecord(user, passwordHash: passwordHash).create(on: db)
    }

    func setPasswordHash(_ hash: String, for id: User.ID) async throws {
        try await UserRecord.query(on: db).filter(\.$id == id.rawValue).set(\.$passwordHash, to: hash).update()
    }

    func grants(of id: User.ID) async throws -> [RoleGrant] {
        try await RoleGrantRecord.query(on: db).filter(\.$userID == id.rawValue).sort(\.$grantedAt).all()
            .compactMap { $0.toDomain() }
    }

    func grant(_ id: RoleGrant.ID) async throws -> RoleGrant? {
        try await RoleGrantRecord.find(id.rawValue, on: db)?.toDomain()
    }

    func add(_ grant: RoleGrant) async throws {
        try await RoleGrantRecord(grant).create(on: db)
    }

    func remove(_ id: RoleGrant.ID) async throws {
        try await RoleGrantRecord.query(on: db).filter(\.$id == id.rawValue).delete()
    }

    func list(grantedOn units: [AdminUnit.ID]?, page: Paging) async throws -> Paged<User> {
        let query = UserRecord.query(on: db)
        if let units {
            let userIDs = try await RoleGrantRecord.query(on: db).filter(\.$unitID ~~ units.map(\.rawValue))
                .unique().all(\.$userID)
            query.filter(\.$id ~~ userIDs)
        }
        let total = try await query.count()
        let items = try await query.sort(\.$createdAt, .descending).sort(\.$username)
            .range(page.offset..<(page.offset + page.limit)).all()
        return Paged(items: items.map { $0.toDomain() }, total: total, limit: page.limit, offset: page.offset)
    }
}
