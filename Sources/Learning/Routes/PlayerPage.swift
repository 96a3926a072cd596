import Contracts
import Foundation
import HTTP

/// The player's answer, rendered from parts made once per course version: every lesson's JSON in its four
/// forms (open or locked, completed or not) and every section's opening, so an answer is the head (course,
/// caller's access and enrollment) and a copy of the right parts, byte for byte what encoding the whole
/// `PlayerResponse` gives (a test holds it to that).
struct PlayerPage: Sendable {
    /// One section: its opening `{"id":…,"title":…,"lessons":[` and its lessons.
    struct Section: Sendable {
        var opening: [UInt8]
        var lessons: [Lesson]
    }

    /// One lesson: its id, whether it is a free preview, and its JSON by `[open][completed]`.
    struct Lesson: Sendable {
        var id: UUID?
        var isFreePreview: Bool
        var forms: [[[UInt8]]]
    }

    let sections: [Section]

    /// The parts of `outline`.
    init(outline: [InternalSection]) throws {
        let writer = JSONWriter()
        sections = try outline.map { section in
            var opening = try writer.encode(PlayerSection(id: section.id, title: section.title, lessons: []))
            try Self.dropClosing(of: &opening, "]}")
            let lessons = try section.lessons.map { lesson in
                Lesson(
                    id: UUID(text: lesson.id), isFreePreview: lesson.isFreePreview,
                    forms: try [false, true].map { open in
                        try [false, true].map { completed in
                            try writer.encode(PlayerRoutes.lesson(lesson, open: open, completed: completed))
                        }
                    })
            }
            return Section(opening: opening, lessons: lessons)
        }
    }

    /// The answer for `head` (whose `sections` are ignored): each lesson open when `level` is full or it is a
    /// free preview, completed when `completed` has it.
    func render(_ head: PlayerResponse, level: AccessLevel, completed: Set<UUID>) throws -> [UInt8] {
        var top = head
        top.sections = []
        var bytes = try JSONWriter().encode(top, capacity: 16 << 10)
        try Self.dropClosing(of: &bytes, "]}")
        for (index, section) in sections.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += section.opening
            for (position, lesson) in section.lessons.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                let open = level == .full || lesson.isFreePreview
                let done = !completed.isEmpty && (lesson.id.map(completed.contains) ?? false)
                bytes += lesson.forms[open ? 1 : 0][done ? 1 : 0]
            }
            bytes += Array("]}".utf8)
        }
        bytes += Array("]}".utf8)
        return bytes
    }

    /// Removes `closing` from the end of `bytes` (the empty list and object an encoding ends with).
    private static func dropClosing(of bytes: inout [UInt8], _ closing: String) throws {
        let tail = Array(closing.utf8)
        guard bytes.count >= tail.count + 1, Array(bytes.suffix(tail.count + 1)) == [UInt8(ascii: "[")] + tail else {
            throw EncodingError.invalidValue(
                closing, .init(codingPath: [], debugDescription: "the encoding does not end with an empty list"))
        }
        bytes.removeLast(tail.count)
    }
}
