import Glibc
import IO
import Synchronization
import Testing

@Suite struct EventLoopTests {
    @Test func executeRunsOnTheLoopThread() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let ranInLoop = await withCheckedContinuation { continuation in
            loop.execute { continuation.resume(returning: loop.inEventLoop) }
        }
        #expect(ranInLoop)
        #expect(!loop.inEventLoop)
    }

    @Test func scheduledTasksFireInDeadlineOrderAndCancelledOnesDoNot() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fired = Mutex<[Int]>([])
        let order: [Int] = await withCheckedContinuation { continuation in
            loop.schedule(after: .milliseconds(30)) { fired.withLock { $0.append(3) } }
            let cancelled = loop.schedule(after: .milliseconds(20)) { fired.withLock { $0.append(99) } }
            loop.schedule(after: .milliseconds(10)) { fired.withLock { $0.append(1) } }
            #expect(loop.cancel(cancelled))
            loop.schedule(after: .milliseconds(60)) { continuation.resume(returning: fired.withLock { $0 }) }
        }
        #expect(order == [1, 3])
    }

    @Test func waitResumesWhenThePipeBecomesReadable() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fds = try makeNonBlockingPipe()
        defer {
            loop.deregister(fds[0])
            close(fds[0])
            close(fds[1])
        }
        async let ready = loop.wait(for: .readable, on: fds[0])
        try await Task.sleep(for: .milliseconds(20))
        var byte: UInt8 = 7
        #expect(write(fds[1], &byte, 1) == 1)
        #expect(try await ready.contains(.readable))
        // A second wait on the same descriptor re-arms the one-shot registration.
        #expect(try await loop.wait(for: .readable, on: fds[0]).contains(.readable))
    }

    @Test func waitPastItsDeadlineTimesOut() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fds = try makeNonBlockingPipe()
        defer {
            loop.deregister(fds[0])
            close(fds[0])
            close(fds[1])
        }
        let deadline = System.monotonicNanoseconds() + 30_000_000
        await #expect(throws: EventLoopError.timedOut) {
            try await loop.wait(for: .readable, on: fds[0], deadline: deadline)
        }
    }

    @Test func shutdownFailsPendingWaits() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        let loop = group.next()
        let fds = try makeNonBlockingPipe()
        defer {
            close(fds[0])
            close(fds[1])
        }
        async let outcome: Result<IOEvents, any Error> = {
            do { return .success(try await loop.wait(for: .readable, on: fds[0])) } catch { return .failure(error) }
        }()
        try await Task.sleep(for: .milliseconds(20))
        group.shutdown()
        guard case .failure(let error) = await outcome else {
            Issue.record("wait returned after shutdown")
            return
        }
        #expect(error as? EventLoopError == .shutDown)
    }

    @Test func handlerIsCalledOnEachReadinessUntilDeregistered() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fds = try makeNonBlockingPipe()
        defer {
            close(fds[0])
            close(fds[1])
        }
        let reader = fds[0]
        let total: Int = await withCheckedContinuation { continuation in
            let received = Mutex(0)
            try! loop.register(reader, interest: .readable) { _ in
                var buffer = [UInt8](repeating: 0, count: 16)
                let count = read(reader, &buffer, 16)
                let sum = received.withLock { value in
                    value += max(count, 0)
                    return value
                }
                if sum == 3 {
                    loop.deregister(reader)
                    continuation.resume(returning: sum)
                }
            }
            for _ in 0..<3 {
                var byte: UInt8 = 1
                _ = write(fds[1], &byte, 1)
                usleep(5_000)
            }
        }
        #expect(total == 3)
    }
}

/// A pipe whose ends do not block, as the loop expects of every descriptor.
func makeNonBlockingPipe() throws -> [Int32] {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw IOError(call: "pipe", errno: errno) }
    for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    return fds
}
