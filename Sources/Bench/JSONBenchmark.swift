import Foundation
import HTTP

/// JSON encoding of a catalog list page (twenty course summaries, as `GET /v1/categories/{category}` and the
/// instructor's list send them): Foundation's `JSONEncoder`, a new one per body as responses used to make, against
/// `JSONWriter`. Rounds alternate between the two so that both see the same machine load.
enum JSONBenchmark {
    /// Runs `rounds` rounds of `roundSeconds` per encoder and returns a short report with the ratio.
    static func run(rounds: Int = 5, roundSeconds: Double = 1) throws -> String {
        let page = Page.sample
        let writer = JSONWriter()
        let theirs = try JSONEncoder().encode(page)
        let ours = try writer.encode(page, capacity: 16_384)
        var lines = ["page: \(page.items.count) course summaries, \(ours.count) bytes (JSONEncoder: \(theirs.count))"]
        var encoderTotal = (count: 0, seconds: 0.0)
        var writerTotal = (count: 0, seconds: 0.0)
        for _ in 0..<rounds {
            let encoder = try measure(seconds: roundSeconds) { try JSONEncoder().encode(page).count }
            let written = try measure(seconds: roundSeconds) { try writer.encode(page, capacity: 16_384).count }
            encoderTotal = (encoderTotal.count + encoder.count, encoderTotal.seconds + encoder.seconds)
            writerTotal = (writerTotal.count + written.count, writerTotal.seconds + written.seconds)
        }
        let encoderRate = Double(encoderTotal.count) / encoderTotal.seconds
        let writerRate = Double(writerTotal.count) / writerTotal.seconds
        lines.append("JSONEncoder: \(format(encoderRate)) pages/s (\(format(1e6 / encoderRate)) µs per page)")
        lines.append("JSONWriter:  \(format(writerRate)) pages/s (\(format(1e6 / writerRate)) µs per page)")
        lines.append("ratio JSONWriter / JSONEncoder: \(String(format: "%.2f", writerRate / encoderRate))")
        return lines.joined(separator: "\n")
    }

    /// Calls `encode` until `seconds` have passed; returns the calls made and the time they took.
    private static func measure(seconds: Double, _ encode: () throws -> Int) throws -> (count: Int, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var count = 0
        var bytes = 0
        while clock.now < deadline {
            // Ten encodes per clock read, so reading the clock is no part of the cost.
            for _ in 0..<10 { bytes &+= try encode() }
            count += 10
        }
        let elapsed = clock.now - start
        precondition(bytes > 0)
        return (count, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private static func format(_ value: Double) -> String { String(format: value >= 100 ? "%.0f" : "%.1f", value) }
}

extension JSONBenchmark {
    /// The shape of catalog's `CourseSummaryResponse`, member for member.
    struct CourseSummary: Encodable {
        struct Instructor: Encodable {
            var id: String
            var name: String
        }
        var id: String
        var slug: String
        var title: String
        var description: String
        var categoryId: String?
        var level: String
        var tags: [String]
        var language: String
        var price: Int?
        var originalPrice: Int?
        var currency: String
        var coverUrl: String?
        var isPublic: Bool
        var status: String
        var instructor: Instructor
        var ratingAverage: Double
        var ratingCount: Int
        var enrollmentCount: Int
        var lessonCount: Int
        var totalDurationSeconds: Int
        var publishedAt: String?
        var submittedAt: String?
        var version: Int
        var createdAt: String
        var updatedAt: String
    }

    /// Catalog's `CoursePage`: the items, then `nextCursor` written even when null.
    struct Page: Encodable {
        var items: [CourseSummary]
        var nextCursor: String?

        private enum CodingKeys: String, CodingKey { case items, nextCursor }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(items, forKey: .items)
            try container.encode(nextCursor, forKey: .nextCursor)
        }

        /// Twenty courses with text of the lengths the seed catalog has, a few quotes and accents included.
        static var sample: Page {
            let topics = ["Swift", "PostgreSQL", "Linear Algebra", "Watercolour", "Bengali", "Machine Learning"]
            let items = (0..<20).map { index in
                let topic = topics[index % topics.count]
                let id = String(format: "0190a1b2-c3d4-7e5f-8a9b-%012x", 0x0c1d_2e3f_4a00 + index)
                return CourseSummary(
                    id: id, slug: "\(topic.lowercased().replacingOccurrences(of: " ", with: "-"))-\(index)",
                    title: "\(topic) from the ground up, part \(index + 1)",
                    description: """
                        A practical course on \(topic): short lessons, worked examples and a "capstone" project. \
                        You will build real things step by step, with exercises after every section, café-style \
                        discussions and feedback on your work. No prior knowledge is needed; bring curiosity.
                        """,
                    categoryId: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0001", level: ["beginner", "intermediate"][index % 2],
                    tags: [topic.lowercased(), "practical", "projects"], language: "en",
                    price: index % 4 == 0 ? nil : 1999 + index * 100, originalPrice: index % 3 == 0 ? 4999 : nil,
                    currency: "USD", coverUrl: "https://cdn.campus.example/covers/\(id).jpg", isPublic: true,
                    status: "published",
                    instructor: .init(id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f9999", name: "Ada Lovelace"),
                    ratingAverage: 3.5 + Double(index % 15) / 10, ratingCount: 120 + index * 7,
                    enrollmentCount: 4_000 + index * 311, lessonCount: 24 + index,
                    totalDurationSeconds: 36_000 + index * 600,
                    publishedAt: "2026-10-0\(index % 9 + 1)T10:00:00.000Z", submittedAt: nil, version: 3,
                    createdAt: "2026-09-01T08:30:00.000Z", updatedAt: "2026-11-21T10:00:00.123Z")
            }
            return Page(items: items, nextCursor: "eyJpZCI6IjAxOTBhMWIyIiwibWljcm9zIjoxNzk1MDAwMDAwMDAwMDAwfQ")
        }
    }
}
