import Foundation
import Glibc
import Logging
import Testing

/// A temporary file to write lines into, read back whole.
struct LineFile: ~Copyable {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)").path
    let descriptor: Int32

    init() { descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// Every line written so far, without newlines; a partial last line is kept as it is.
    func lines() -> [Substring] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

@Suite struct LogWriterTests {
    @Test func twentyConcurrentTasksLoseNoLineAndKeepEachWholeAndInOrder() async throws {
        let file = LineFile()
        // A small ring, so that it wraps many times and writers wait for space.
        let writer = LogWriter(fileDescriptor: file.descriptor, capacity: 64 * 1024, interval: .milliseconds(1))
        let logger = Logger(service: "test", writer: writer)
        let tasks = 20
        let perTask = 2_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for sequence in 0..<perTask {
                        logger.info(
                            "line",
                            ["task": task, "sequence": sequence, "pad": String(repeating: "x", count: sequence % 300)])
                    }
                }
            }
        }
        writer.flush()
        let lines = file.lines()
        #expect(lines.count == tasks * perTask)
        var next = [Int](repeating: 0, count: tasks)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let task = try #require(object["task"] as? Int)
            #expect(object["sequence"] as? Int == next[task], "lines of one task stay in order")
            next[task] += 1
        }
        #expect(next == [Int](repeating: perTask, count: tasks))
    }

    @Test func writesALineLongerThanTheRingWholeAfterTheLinesBeforeIt() throws {
        let file = LineFile()
        let writer = LogWriter(fileDescriptor: file.descriptor, capacity: 16 * 1024, interval: .seconds(60))
        let logger = Logger(service: "test", writer: writer)
        logger.info("before")
        let long = String(repeating: "long \"line\" ", count: 100_000)
        logger.info(long)
        logger.info("after")
        writer.flush()
        let messages = try file.lines().map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["message"]
                as? String
        }
        #expect(messages == ["before", long, "after"])
    }

    @Test func writesWithinTheIntervalWithoutAFlush() async throws {
        let file = LineFile()
        let writer = LogWriter(fileDescriptor: file.descriptor, interval: .milliseconds(2))
        Logger(service: "test", writer: writer).info("soon")
        for _ in 0..<200 where file.lines().isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        #expect(file.lines().count == 1)
    }

    @Test func flushWritesEverythingAppendedBeforeIt() {
        let file = LineFile()
        let writer = LogWriter(fileDescriptor: file.descriptor, interval: .seconds(60))
        let logger = Logger(service: "test", writer: writer)
        for index in 0..<1000 { logger.info("n", ["index": index]) }
        #expect(file.lines().count < 1000)
        writer.flush()
        #expect(file.lines().count == 1000)
    }
}
