import CSystem
import Glibc

extension EventLoop {
    /// Runs the loop on the calling thread until `stop()`.
    public func run() {
        loopThread.store(UInt(pthread_self()), ordering: .relaxed)
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
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
            let count = epoll_wait(epollFD, events, Int32(capacity), timeout)
            state.withLock { $0.sleepsUntil = nil }
            if count < 0 {
                if errno == EINTR { continue }
                fatalError("epoll_wait failed: errno \(errno)")
            }
            for index in 0..<Int(count) {
                let event = events[index]
                if event.data.fd == wakeFD {
                    var value: UInt64 = 0
                    _ = Glibc.read(wakeFD, &value, 8)
                    wakePending.store(false, ordering: .releasing)
                } else {
                    dispatch(fd: event.data.fd, events: IOEvents(rawValue: event.events))
                }
            }
            let due = state.withLock { $0.timers.popDue(now: System.monotonicNanoseconds()) }
            for task in due { task() }
            let tasks: [Task] = state.withLock { state in
                defer { state.tasks.removeAll(keepingCapacity: true) }
                return state.tasks
            }
            for task in tasks { task() }
        }
        drainAfterStop()
    }

    private func dispatch(fd: Int32, events: IOEvents) {
        enum Action {
            case call(Handler)
            case resume(CheckedContinuation<IOEvents, any Error>)
            case none
        }
        let action: Action = state.withLock { state in
            switch state.registrations[fd] {
            case .handler(let handler)?:
                return .call(handler)
            case .waiter(let continuation, let timer)?:
                state.registrations[fd] = .idle
                if let timer { state.timers.cancel(timer) }
                return .resume(continuation)
            case .idle?, nil:
                return .none
            }
        }
        switch action {
        case .call(let handler): handler(events)
        case .resume(let continuation): continuation.resume(returning: events)
        case .none: break
        }
    }

    private func drainAfterStop() {
        let (waiters, tasks): ([CheckedContinuation<IOEvents, any Error>], [Task]) = state.withLock { state in
            var waiters: [CheckedContinuation<IOEvents, any Error>] = []
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
        for task in tasks { task() }
        for waiter in waiters { waiter.resume(throwing: EventLoopError.shutDown) }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at the bounds of `UInt64` (negative becomes 0).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        return whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}
