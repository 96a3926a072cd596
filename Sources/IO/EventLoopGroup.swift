import CSystem
import Glibc
import Synchronization

/// A fixed set of event loops, each on its own thread, handed out round-robin.
public final class EventLoopGroup: Sendable {
    /// The loops of the group.
    public let loops: [EventLoop]
    private let threads: Mutex<[pthread_t]>
    private let counter = Atomic<Int>(0)

    /// Starts `count` loops (default: one per core).
    public init(loopCount count: Int = EventLoopGroup.coreCount) throws {
        precondition(count > 0, "an event loop group needs at least one loop")
        var loops: [EventLoop] = []
        for _ in 0..<count { loops.append(try EventLoop()) }
        self.loops = loops
        var threads: [pthread_t] = []
        for (index, loop) in loops.enumerated() {
            threads.append(try Self.startThread(name: "io-\(index)") { loop.run() })
        }
        self.threads = Mutex(threads)
    }

    /// The next loop, round-robin.
    public func next() -> EventLoop {
        let index = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[Int(UInt(bitPattern: index) % UInt(loops.count))]
    }

    /// Stops every loop and waits for its thread to end; pending waits fail with `EventLoopError.shutDown`.
    public func shutdown() {
        for loop in loops { loop.stop() }
        let threads = self.threads.withLock { threads in
            defer { threads.removeAll() }
            return threads
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    /// The number of online processors.
    public static var coreCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    private final class ThreadBody {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private static func startThread(name: String, _ body: @escaping () -> Void) throws -> pthread_t {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            let body = Unmanaged<ThreadBody>.fromOpaque(argument!).takeRetainedValue()
            body.body()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(box).release()
            throw IOError(call: "pthread_create", errno: result)
        }
        _ = campus_set_thread_name(thread, name)
        return thread
    }
}
