import Testing

/// Root of every App test. Serialized: on the PostgreSQL lane all tests share one database.
@Suite(.serialized) struct AppTests {}
