import Core
import Foundation

/// Everything the platform reads from the environment, parsed once at start-up. `Environment.get` appears
/// nowhere else.
public struct AppConfig: Sendable, Equatable {
    public enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    public var database: Database
    /// Bcrypt work factor (4–15). 12 is the production default; tests use the minimum to stay fast.
    public var bcryptCost: Int
    /// Whether session cookies carry the `Secure` flag (set behind HTTPS).
    public var secureCookies: Bool
    /// How long an SQLite writer waits for a lock before giving up, in milliseconds.
    public var sqliteBusyTimeoutMilliseconds: Int
    /// SQLite `synchronous` in WAL mode: FULL (default) syncs every commit, so an acknowledged write survives a
    /// power cut; NORMAL syncs at checkpoints, so it survives a crash of the process but not of the machine, and
    /// commits without waiting for the disk.
    public var sqliteSynchronousNormal = false
    /// How long the operations-centre dashboards' widgets are shared by viewers of the same view (0: never).
    public var iocCacheSeconds = 15
    /// The province's office hours and same-day cut-off for deadlines.
    public var officeHours: OfficeHours
    /// Where report photos are stored (by content hash).
    public var uploadDirectory: String = "./uploads"
    /// The installing province (2025 code), whose map the pages open on; nil lets each page pick.
    public var homeProvince: String? = nil
    /// The DTI rank the province aims for (e.g. 10): the monthly analysis compares its indices with the province
    /// ranked there; without it, with the mean of the ranked provinces.
    public var dtiRankTarget: Int? = nil
    /// Base64 of 32 bytes: seals the document-signing private keys (see `KeyCustody`). Nil: signing is off.
    public var keyEncryptionKey: String? = nil

    public init(
        database: Database,
        bcryptCost: Int = 12,
        secureCookies: Bool = false,
        sqliteBusyTimeoutMilliseconds: Int = 5_000,
        officeHours: OfficeHours = .standard
    ) {
        self.officeHours = officeHours
        self.database = database
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
        self.sqliteBusyTimeoutMilliseconds = sqliteBusyTimeoutMilliseconds
    }

    /// The variables read, with their meaning, for `--help` text and the README.
    /// The demo's key encryption key (published, so demo keys are demo keys only).
    public static let demoKeyEncryptionKey = Data("TinhSo demo key: not for real use".utf8.prefix(32))
        .base64EncodedString()

    public static let variables: [(name: String, meaning: String)] = [
        ("DATABASE_URL", "postgres://user:password@host:5432/db selects PostgreSQL; unset means SQLite"),
        ("TINHSO_SQLITE_PATH", "SQLite file (default ./tinhso.sqlite); ':memory:' for a throw-away database"),
        ("TINHSO_BCRYPT_COST", "Bcrypt cost 4–15 (default 12)"),
        ("TINHSO_SECURE_COOKIES", "true behind HTTPS: cookies get the Secure flag (default false)"),
        ("TINHSO_SQLITE_BUSY_TIMEOUT_MS", "SQLite lock wait in ms, 0–600000 (default 5000)"),
        (
            "TINHSO_SQLITE_SYNCHRONOUS",
            "full (default: every commit on disk) or normal (survives a process crash, not a power cut)"
        ),
        ("TINHSO_IOC_CACHE_SECONDS", "seconds viewers of one dashboard view share its widgets, 0–3600 (default 15)"),
        ("TINHSO_OFFICE_HOURS", "office hours, default 07:30-11:30,13:30-17:00"),
        ("TINHSO_CUTOFF", "same-day cut-off for received dossiers, default 15:00"),
        ("TINHSO_UPLOAD_DIR", "where report photos are stored, default ./uploads"),
        ("TINHSO_PROVINCE", "the installing province's 2025 code (e.g. 38), the map's default; digits only"),
        ("TINHSO_DTI_RANK_TARGET", "the DTI rank the province aims for, 1–63, for the monthly analysis (default none)"),
        (
            "TINHSO_KEY_ENCRYPTION_KEY",
            "32 random bytes in base64 (openssl rand -base64 32) sealing the signing keys; unset: no signing"
        ),
    ]

    /// Parses the environment, collecting every problem before failing so one run shows them all.
    public static func parse(_ environment: [String: String]) throws(ConfigError) -> AppConfig {
        var problems: [String] = []
        var config = AppConfig(database: .sqliteFile(path: "./tinhso.sqlite"))
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            if let parsed = URL(string: url), ["postgres", "postgresql"].contains(parsed.scheme ?? ""),
                parsed.host?.isEmpty == false
            {
                config.database = .postgres(url: url)
            } else {
                problems.append("DATABASE_URL must look like postgres://user:password@host:5432/database")
            }
        } else if let path = environment["TINHSO_SQLITE_PATH"], !path.isEmpty {
            config.database = path == ":memory:" ? .sqliteMemory : .sqliteFile(path: path)
        }
        if let raw = environment["TINHSO_BCRYPT_COST"] {
            if let cost = Int(raw), (4...15).contains(cost) {
                config.bcryptCost = cost
            } else {
                problems.append("TINHSO_BCRYPT_COST must be a whole number from 4 to 15, got '\(raw)'")
            }
        }
        if let raw = environment["TINHSO_SECURE_COOKIES"] {
            switch raw.lowercased() {
            case "1", "true", "yes": config.secureCookies = true
            case "0", "false", "no": config.secureCookies = false
            default: problems.append("TINHSO_SECURE_COOKIES must be true or false, got '\(raw)'")
            }
        }
        switch environment["TINHSO_SQLITE_SYNCHRONOUS"]?.lowercased() {
        case nil, "", "full": config.sqliteSynchronousNormal = false
        case "normal": config.sqliteSynchronousNormal = true
        case let other?: problems.append("TINHSO_SQLITE_SYNCHRONOUS must be full or normal, got '\(other)'")
        }
        if let raw = environment["TINHSO_IOC_CACHE_SECONDS"] {
            if let seconds = Int(raw), (0...3600).contains(seconds) {
                config.iocCacheSeconds = seconds
            } else {
                problems.append("TINHSO_IOC_CACHE_SECONDS must be 0–3600, got '\(raw)'")
            }
        }
        if let raw = environment["TINHSO_SQLITE_BUSY_TIMEOUT_MS"] {
            if let ms = Int(raw), (0...600_000).contains(ms) {
                config.sqliteBusyTimeoutMilliseconds = ms
            } else {
                problems.append("TINHSO_SQLITE_BUSY_TIMEOUT_MS must be 0–600000, got '\(raw)'")
            }
        }
        let sessions = (environment["TINHSO_OFFICE_HOURS"] ?? "07:30-11:30,13:30-17:00").split(separator: ",")
        do {
            guard sessions.count == 2 else { throw CalendarError.invalidOfficeHours(.officeHoursFormat) }
            config.officeHours = try OfficeHours(
                morning: String(sessions[0]),
                afternoon: String(sessions[1]),
                cutoff: environment["TINHSO_CUTOFF"] ?? "15:00"
            )
        } catch {
            problems.append("TINHSO_OFFICE_HOURS/TINHSO_CUTOFF must look like 07:30-11:30,13:30-17:00 and 15:00")
        }
        if let directory = environment["TINHSO_UPLOAD_DIR"], !directory.isEmpty { config.uploadDirectory = directory }
        if let province = environment["TINHSO_PROVINCE"], !province.isEmpty {
            if (1...3).contains(province.count), province.allSatisfy(\.isASCII), province.allSatisfy(\.isNumber) {
                config.homeProvince = province
            } else {
                problems.append("TINHSO_PROVINCE must be a province code such as 38")
            }
        }
        if let raw = environment["TINHSO_DTI_RANK_TARGET"], !raw.isEmpty {
            if let rank = Int(raw), (1...63).contains(rank) {
                config.dtiRankTarget = rank
            } else {
                problems.append("TINHSO_DTI_RANK_TARGET must be a rank from 1 to 63, got '\(raw)'")
            }
        }
        if let raw = environment["TINHSO_KEY_ENCRYPTION_KEY"], !raw.isEmpty {
            if let bytes = Data(base64Encoded: raw), bytes.count == 32 {
                config.keyEncryptionKey = raw
            } else {
                problems.append("TINHSO_KEY_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)")
            }
        }
        guard problems.isEmpty else { throw ConfigError(problems: problems) }
        return config
    }
}

/// The configuration could not be read; lists every problem found.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public let problems: [String]

    public var description: String {
        "Invalid configuration / Cấu hình không hợp lệ:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
