import Foundation

/// A request to create a user, validated before anything is stored.
public struct NewUser: Sendable {
    public var username: String
    public var displayName: String
    public var password: String
    public var email: String?
    public var phone: String?

    public init(username: String, displayName: String, password: String, email: String? = nil, phone: String? = nil) {
        self.username = username
        self.displayName = displayName
        self.password = password
        self.email = email
        self.phone = phone
    }

    public static let minimumPasswordLength = 10

    /// Checks every field and reports the first problem (field name and reason in English; the App translates).
    public func validated() throws(AccountError) -> NewUser {
        var copy = self
        copy.username = username.trimmingCharacters(in: .whitespaces).lowercased()
        copy.displayName = displayName.trimmingCharacters(in: .whitespaces)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (3...64).contains(copy.username.count), copy.username.allSatisfy(allowed.contains) else {
            throw .invalidField(field: "username", issue: .username)
        }
        guard (1...200).contains(copy.displayName.count) else {
            throw .invalidField(field: "displayName", issue: .length(1...200))
        }
        guard password.count >= NewUser.minimumPasswordLength, password.utf8.count <= 72 else {
            // Bcrypt reads at most 72 bytes; a longer password would be silently truncated.
            throw .invalidField(field: "password", issue: .password)
        }
        copy.email = email?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let email = copy.email, !(email.contains("@") && email.count <= 254) {
            throw .invalidField(field: "email", issue: .email)
        }
        copy.phone = phone?.filter { !$0.isWhitespace }.nilIfEmpty
        if let phone = copy.phone,
            !(phone.count >= 9 && phone.count <= 15 && phone.allSatisfy { $0.isNumber || $0 == "+" })
        {
            throw .invalidField(field: "phone", issue: .phone)
        }
        return copy
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension FieldIssue {
    public static let username = FieldIssue(
        english: "3–64 characters: a–z, 0–9, dot, dash, underscore",
        vietnamese: "3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới"
    )
    public static let password = FieldIssue(english: "10 to 72 bytes", vietnamese: "từ 10 đến 72 byte")
    public static let email = FieldIssue(english: "not an e-mail address", vietnamese: "không phải địa chỉ thư điện tử")
    public static let phone = FieldIssue(english: "9–15 digits", vietnamese: "9–15 chữ số")
}
