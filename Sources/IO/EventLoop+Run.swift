import CSystem
import Glibc

extension EventLoop {
    /// What one turn of the loop does once it is awake, gathered under one lock acquisition.
    private enum Work {
        case call(Handler, IOEvents)
        case resume(UnsafeContinuation<IOEvents, any Error>, IOEvents)
        case run(Runnable)
    }

    /// Runs the loop on the calling thread until `stop()`.
    public func run() {
        loopThread.store(UInt(pthread_self()), ordering: .relaxed)
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        var work: [Work] = []
        work.reserveCapacity(capacity)
        while true {
            let timeout: Int32? = state.withLock { state in
                guard state.isRunning else { return nil }
                if !state.tasks.isEmpty { return 0 }
                guard let deadline = state.timers.nextDeadline() else {
                    state.sleepsUntil = .max
                    return -1
                }
                let now = System.monotonicNanoseconds()
                if deadline <= now { return 0 }
                state.sleepsUntil = deadline
                return Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            }
            guard let timeout else { break }
            var count = epoll_wait(epollFD, events, Int32(capacity), timeout)
            if count < 0 {
                guard errno == EINTR else { fatalError("epoll_wait failed: errno \(errno)") }
                count = 0
            }
            for index in 0..<Int(count) where events[index].data.fd == wakeFD {
                var value: UInt64 = 0
                _ = Glibc.read(wakeFD, &value, 8)
                wakePending.store(false, ordering: .releasing)
            }
            state.withLock { state in
                state.sleepsUntil = nil
                for index in 0..<Int(count) {
                    let fd = events[index].data.fd
                    guard fd != wakeFD else { continue }
                    let ready = IOEvents(rawValue: events[index].events)
                    switch state.registrations[fd] {
                    case .handler(let handler)?:
                        work.append(.call(handler, ready))
                    case .waiter(let continuation, let timer)?:
                        state.registrations[fd] = .idle
                        if let timer { state.timers.cancel(timer) }
                        work.append(.resume(continuation, ready))
                    case .idle?, nil:
                        break
                    }
                }
                if state.timers.count > 0 {
                    for task in state.timers.popDue(now: System.monotonicNanoseconds()) {
                        work.append(.run(.closure(task)))
                    }
                }
                for task in state.tasks { work.append(.run(task)) }
                state.tasks.removeAll(keepingCapacity: true)
            }
            for item in work {
                switch item {
                case .call(let handler, let ready): handler(ready)
                case .resume(let continuation, let ready): continuation.resume(returning: ready)
                case .run(let runnable): run(runnable)
                }
            }
            work.removeAll(keepingCapacity: true)
            // Jobs that the work above enqueued on this loop (tasks it resumed) run now, without a trip
            // through epoll; bounded so that a task that keeps yielding cannot starve I/O.
            for _ in 0..<16 {
                let queued: [Runnable] = state.withLock { state in
                    defer { state.tasks.removeAll(keepingCapacity: true) }
                    return state.tasks
                }
                if queued.isEmpty { break }
                for runnable in queued { run(runnable) }
            }
        }
        drainAfterStop()
    }

    @inline(__always)
    private func run(_ runnable: Runnable) {
        switch runnable {
        case .closure(let task): task()
        case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    private func drainAfterStop() {
        let (waiters, tasks): ([UnsafeContinuation<IOEvents, any Error>], [Runnable]) = state.withLock { state in
            var waiters: [UnsafeContinuation<IOEvents, any Error>] = []
            for (fd, registration) in state.registrations {
                if case .waiter(let continuation, _) = registration {
                    waiters.append(continuation)
                    state.registrations[fd] = .idle
                }
            }
            state.hasStopped = true
            defer { state.tasks.removeAll() }
            return (waiters, state.tasks)
        }
        for task in tasks { run(task) }
        for waiter in waiters { waiter.resume(throwing: EventLoopError.shutDown) }
    }
}
