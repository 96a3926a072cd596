import Foundation
import Postgres

/// The `migrate up|down|status` commands on a `Migrator`, printing what they did. Migrations of a track (the
/// kit's) are named after it: `applied servicekit/0001_tables.up.sql`, `servicekit/0001 tables  pending`.
public enum MigrationCommands {
    /// Runs `command` (one of the migrate cases) and returns the text to print.
    public static func run(_ command: ServiceCommand, migrator: Migrator) async throws -> String {
        switch command {
        case .migrateUp:
            let applied = try await migrator.up()
            return applied.isEmpty
                ? "\(migrator.schema): up to date\n"
                : applied.map { "applied \($0.label)\n" }.joined()
        case .migrateDown(let count):
            let reverted = try await migrator.down(count)
            return reverted.isEmpty ? "nothing to revert\n" : reverted.map { "reverted \($0.label)\n" }.joined()
        case .migrateStatus:
            let formatter = ISO8601DateFormatter()
            return try await migrator.status().map { status in
                let state =
                    status.isMissing
                    ? "applied, file missing"
                    : status.isModified
                        ? "applied, file changed"
                        : status.appliedAt.map { "applied " + formatter.string(from: $0) } ?? "pending"
                let track = status.track.map { $0 + "/" } ?? ""
                return track + String(format: "%04d %@  %@\n", status.version, status.name, state)
            }.joined()
        default:
            return ""
        }
    }
}
