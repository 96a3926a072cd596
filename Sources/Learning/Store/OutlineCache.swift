import Contracts
import Foundation
import IO

/// The curricula of the courses the player served lately, decoded, by course and version. A read asks
/// PostgreSQL for the course's row with the version held here; the row's outline comes back only when its
/// version differs, so a course changed on any replica is never served from an older copy, and a course
/// unchanged costs neither the transfer nor the decoding of its outline.
final class OutlineCache: Sendable {
    /// One course's curriculum at one version.
    struct Entry: Sendable {
        var version: Int
        var lessonIds: [UUID]
        var outline: [InternalSection]
    }

    private let entries = Locked<[UUID: Entry]>([:])
    /// The most courses held; past it, an arbitrary one makes room.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The curriculum held for `course`, if any.
    func entry(_ course: UUID) -> Entry? {
        entries.withLock { $0[course] }
    }

    /// Holds `entry` for `course`, unless a newer version is held.
    func store(_ entry: Entry, for course: UUID) {
        entries.withLock { entries in
            if let held = entries[course], held.version >= entry.version { return }
            if entries[course] == nil, entries.count >= capacity, let any = entries.keys.first {
                entries[any] = nil
            }
            entries[course] = entry
        }
    }
}
