import Foundation
import IO
import Postgres
import Synchronization

/// Select-by-primary-key throughput through our pool: `clients` tasks each run the query in a loop.
struct DatabaseBenchmark {
    let url: String
    let clients: Int
    let duration: Duration
    let loops: Int

    /// Runs the benchmark and returns queries per second.
    func run() async throws -> Double {
        let group = try EventLoopGroup(loopCount: loops)
        defer { group.shutdown() }
        let pool = PostgresPool(
            configuration: PostgresConfiguration(url, applicationName: "campus-bench"),
            pool: PoolConfiguration(minConnections: clients, maxConnections: clients, acquireTimeout: .seconds(30)),
            group: group)
        // Warm up: open every connection and prepare the statement on each.
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for client in 0..<clients {
                tasks.addTask { _ = try await Self.selectCourse(pool, id: Int64(client) + 1) }
            }
            try await tasks.waitForAll()
        }
        let deadline = ContinuousClock.now + duration
        let started = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for _ in 0..<clients {
                // Each client runs on an event loop, so resuming after a wait there costs no thread switch.
                tasks.addTask(executorPreference: group.next()) {
                    var count = 0
                    var random = FastRandom(seed: UInt64.random(in: 1...UInt64.max))
                    while ContinuousClock.now < deadline {
                        _ = try await Self.selectCourse(pool, id: Int64(random.next() % 100_000) + 1)
                        count += 1
                    }
                    return count
                }
            }
            return try await tasks.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - started
        await pool.close()
        return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The anchor's query: one course by id.
    static func selectCourse(_ pool: PostgresPool, id: Int64) async throws -> (Int64, String, String, Decimal) {
        let rows = try await pool.query("SELECT id, title, description, price FROM courses WHERE id = \(id)")
        return try rows[0].decode((Int64, String, String, Decimal).self)
    }
}

/// xorshift64*: random ids without a system call per query, as pgbench draws its own.
struct FastRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
