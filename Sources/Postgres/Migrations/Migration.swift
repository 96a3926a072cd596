import Foundation

/// One numbered schema change: `NNNN_name.up.sql` and its optional `NNNN_name.down.sql`.
///
/// A migration belongs to the schema's owner (`track` nil: the service's own, recorded in
/// `schema_migrations`) or to a named track of migrations that the owner shares with others, such as the
/// service kit's tables (recorded in `<track>_migrations`); each track numbers its migrations on its own.
public struct Migration: Sendable, Equatable {
    /// The number that orders it within its track.
    public let version: Int
    /// The name after the number, e.g. `create_users`.
    public let name: String
    /// The SQL that applies it.
    public let up: String
    /// The SQL that reverts it, if the file exists.
    public let down: String?
    /// The track it belongs to; nil for the schema owner's own migrations.
    public let track: String?

    /// Creates a migration from its parts.
    public init(version: Int, name: String, up: String, down: String?, track: String? = nil) {
        self.version = version
        self.name = name
        self.up = up
        self.down = down
        self.track = track
    }

    /// The file name of its up script.
    public var fileName: String { String(format: "%04d_%@.up.sql", version, name) }

    /// The file name, after the track's name for a migration of a track: `servicekit/0001_tables.up.sql`.
    public var label: String { track.map { $0 + "/" + fileName } ?? fileName }

    /// Whether `name` can name a track: lower-case ASCII letters, digits and `_`, not `schema`.
    public static func isValidTrack(_ name: String) -> Bool {
        !name.isEmpty && name != "schema"
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Reads the migrations of one schema (or of one `track`) from `directory`, ordered by version.
    ///
    /// Throws `MigrationError` for a file whose name does not follow `NNNN_name.(up|down).sql`, for two
    /// files with one version, for a down script without its up script, and for a track name that
    /// `isValidTrack` refuses.
    public static func load(from directory: URL, track: String? = nil) throws -> [Migration] {
        if let track, !isValidTrack(track) { throw MigrationError.badTrack(track) }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var ups: [Int: (name: String, sql: String)] = [:]
        var downs: [Int: String] = [:]
        for file in names.sorted() where file.hasSuffix(".sql") {
            guard let (version, name, direction) = parse(file) else {
                throw MigrationError.badFileName(file)
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            if direction == "up" {
                if let existing = ups[version] {
                    throw MigrationError.duplicateVersion(version, existing.name, name)
                }
                ups[version] = (name, sql)
            } else {
                downs[version] = sql
            }
        }
        if let orphan = downs.keys.first(where: { ups[$0] == nil }) {
            throw MigrationError.downWithoutUp(orphan)
        }
        return ups.keys.sorted().map { version in
            Migration(
                version: version, name: ups[version]!.name, up: ups[version]!.sql, down: downs[version], track: track)
        }
    }

    private static func parse(_ file: String) -> (Int, String, String)? {
        let direction: String
        if file.hasSuffix(".up.sql") {
            direction = "up"
        } else if file.hasSuffix(".down.sql") {
            direction = "down"
        } else {
            return nil
        }
        let stem = file.dropLast(direction.count + 5)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = String(stem[stem.index(after: underscore)...])
        guard digits.count >= 4, digits.allSatisfy(\.isASCII), let version = Int(digits), version > 0,
            !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { return nil }
        return (version, name, direction)
    }
}

/// Why migrations cannot be loaded or applied.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the file or version.
    public let description: String

    static func badFileName(_ file: String) -> MigrationError {
        MigrationError(description: "\(file): migration files are named NNNN_name.up.sql or NNNN_name.down.sql")
    }
    static func duplicateVersion(_ version: Int, _ first: String, _ second: String) -> MigrationError {
        MigrationError(description: "version \(version) is used by both \(first) and \(second)")
    }
    static func downWithoutUp(_ version: Int) -> MigrationError {
        MigrationError(description: "version \(version) has a down script but no up script")
    }
    static func checksumChanged(_ file: String) -> MigrationError {
        MigrationError(
            description: "\(file) was changed after it was applied (checksum differs); add a new migration instead")
    }
    static func missingFile(_ version: Int, _ name: String) -> MigrationError {
        MigrationError(description: "applied migration \(version) (\(name)) has no file")
    }
    static func badTrack(_ track: String) -> MigrationError {
        MigrationError(description: "\"\(track)\" cannot name a migration track (a-z, 0-9 and _, not \"schema\")")
    }
    static func noDownScript(_ file: String) -> MigrationError {
        MigrationError(description: "\(file) has no down script")
    }
}
