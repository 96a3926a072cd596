/// The I/O module: one small epoll event loop shared by the HTTP server and the PostgreSQL layer.
///
/// An `EventLoop` is one thread blocked in `epoll_wait`. Work reaches it three ways:
/// - **Handlers**: a descriptor registered with a callback that the loop calls on its thread whenever
///   the descriptor is ready (level-triggered). The HTTP server drives its connections this way.
/// - **Waits**: `wait(for:on:deadline:)` suspends the calling task until the descriptor is ready once
///   (`EPOLLONESHOT`), then resumes it on Swift's cooperative pool. The PostgreSQL layer waits on its
///   socket this way, so a query never blocks a thread.
/// - **Tasks and timers**: closures run on the loop thread now (`execute`) or later (`schedule`).
///
/// A loop is also a `TaskExecutor`: a task started with the loop as executor preference runs its code on
/// the loop thread, so resuming it after a wait on that loop costs no thread switch.
///
/// Other threads wake a sleeping loop through an `eventfd`. Registrations, tasks and timers sit
/// behind one mutex; callbacks always run outside it.
import CSystem
import Glibc
import Synchronization

/// One epoll event-loop thread; see the module overview above.
public final class EventLoop: Sendable {
    /// A persistent readiness callback, run on the loop thread.
    public typealias Handler = @Sendable (IOEvents) -> Void
    /// A closure run on the loop thread.
    public typealias Task = @Sendable () -> Void

    /// Work queued for the loop thread: a closure, or a Swift concurrency job run on the loop as executor.
    enum Runnable {
        case closure(Task)
        case job(UnownedJob)
    }

    enum Registration {
        case handler(Handler)
        case waiter(UnsafeContinuation<IOEvents, any Error>, TimerID?)
        case idle
    }

    struct State {
        var registrations: [Int32: Registration] = [:]
        var tasks: [Runnable] = []
        var timers = TimerQueue<Task>()
        var isRunning = true
        var hasStopped = false
        /// When the sleeping loop will wake by itself (monotonic ns; `.max` for never), or nil while awake.
        var sleepsUntil: UInt64? = nil
    }

    let epollFD: Int32
    let wakeFD: Int32
    let state = Locked(State())
    let wakePending = Atomic<Bool>(false)
    let loopThread = Atomic<UInt>(0)

    /// Creates the loop's epoll and wake descriptors; call `run()` on a thread of its own (see `EventLoopGroup`).
    public init() throws {
        epollFD = try System.retrying("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        do {
            wakeFD = try System.retrying("eventfd") { eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK)) }
        } catch {
            System.close(epollFD)
            throw error
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        _ = try System.retrying("epoll_ctl") { epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event) }
    }

    deinit {
        System.close(wakeFD)
        System.close(epollFD)
    }

    /// Whether the caller runs on this loop's thread.
    public var inEventLoop: Bool {
        loopThread.load(ordering: .relaxed) == UInt(pthread_self())
    }

    // MARK: Handlers

    /// Registers `fd` with a callback run on the loop thread whenever any of `interest` is ready.
    public func register(_ fd: Int32, interest: IOEvents, handler: @escaping Handler) throws {
        try state.withLock { state in
            switch state.registrations[fd] {
            case .handler?, .waiter?: preconditionFailure("descriptor \(fd) is already registered")
            case .idle?: try add(fd, interest.rawValue, known: true)
            case nil: try add(fd, interest.rawValue, known: false)
            }
            state.registrations[fd] = .handler(handler)
        }
    }

    /// Changes what a registered handler is woken for.
    public func reregister(_ fd: Int32, interest: IOEvents) throws {
        try control(EPOLL_CTL_MOD, fd, interest.rawValue)
    }

    /// Removes `fd` from the loop, failing a pending wait with `EventLoopError.shutDown`. Call before closing it.
    public func deregister(_ fd: Int32) {
        let pending: Registration? = state.withLock { state in
            guard let registration = state.registrations.removeValue(forKey: fd) else { return nil }
            if case .waiter(_, let timer?) = registration { state.timers.cancel(timer) }
            try? control(EPOLL_CTL_DEL, fd, 0)
            return registration
        }
        if case .waiter(let continuation, _)? = pending {
            continuation.resume(throwing: EventLoopError.shutDown)
        }
    }

    // MARK: Waits

    /// Suspends until `fd` is ready for any of `events` (or reports an error or hang-up), once.
    ///
    /// - Parameter deadline: monotonic nanoseconds after which the wait fails with `EventLoopError.timedOut`.
    /// - Returns: the readiness the loop observed.
    public func wait(for events: IOEvents, on fd: Int32, deadline: UInt64? = nil) async throws -> IOEvents {
        try await withUnsafeThrowingContinuation { continuation in
            var mustWake = false
            var known = false
            let refusal: EventLoopError? = state.withLock { state in
                guard state.isRunning else { return .shutDown }
                switch state.registrations[fd] {
                case .idle?: known = true
                case nil: known = false
                case .waiter?, .handler?: return .alreadyWaiting
                }
                var timer: TimerID?
                if let deadline {
                    timer = state.timers.schedule(at: deadline) { [weak self] in self?.expireWait(on: fd) }
                    mustWake = state.sleepsUntil.map { deadline < $0 } ?? false
                }
                state.registrations[fd] = .waiter(continuation, timer)
                return nil
            }
            if let refusal {
                continuation.resume(throwing: refusal)
                return
            }
            // Armed outside the lock: the waiter is in place, so the loop can resume it the moment epoll reports.
            do {
                try add(fd, events.rawValue | EPOLLONESHOT.rawValue, known: known)
            } catch {
                let undone: Bool = state.withLock { state in
                    guard case .waiter(_, let timer)? = state.registrations[fd] else { return false }
                    if let timer { state.timers.cancel(timer) }
                    state.registrations[fd] = nil
                    return true
                }
                if undone { continuation.resume(throwing: error) }
                return
            }
            if mustWake { wake() }
        }
    }

    private func expireWait(on fd: Int32) {
        let expired: UnsafeContinuation<IOEvents, any Error>? = state.withLock { state in
            guard case .waiter(let continuation, _)? = state.registrations[fd] else { return nil }
            state.registrations[fd] = .idle
            try? control(EPOLL_CTL_MOD, fd, 0)
            return continuation
        }
        expired?.resume(throwing: EventLoopError.timedOut)
    }

    // MARK: Tasks and timers

    /// Runs `task` on the loop thread as soon as possible.
    public func execute(_ task: @escaping Task) {
        let accepted = state.withLock { state in
            guard state.isRunning else { return false }
            state.tasks.append(.closure(task))
            return true
        }
        if accepted, !inEventLoop { wake() }
    }

    /// Runs `task` on the loop thread after `delay`; the returned id cancels it.
    @discardableResult
    public func schedule(after delay: Duration, _ task: @escaping Task) -> TimerID {
        let deadline = System.monotonicNanoseconds() &+ delay.nanoseconds
        let (id, mustWake) = state.withLock { state in
            (state.timers.schedule(at: deadline, task), state.sleepsUntil.map { deadline < $0 } ?? false)
        }
        if mustWake { wake() }
        return id
    }

    /// Cancels a scheduled task; returns whether it had not run yet.
    @discardableResult
    public func cancel(_ timer: TimerID) -> Bool {
        state.withLock { $0.timers.cancel(timer) } != nil
    }

    /// Asks the loop to stop; `run()` returns after failing pending waits with `EventLoopError.shutDown`.
    public func stop() {
        state.withLock { $0.isRunning = false }
        wake()
    }

    func wake() {
        if wakePending.exchange(true, ordering: .acquiringAndReleasing) { return }
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    /// Adds `fd` to the epoll set, or re-arms it if it is there already.
    ///
    /// The table of registrations is only a hint about the epoll set (`known`): a descriptor closed
    /// without `deregister` leaves the set by itself, and its number may come back for a new socket.
    private func add(_ fd: Int32, _ events: UInt32, known: Bool) throws {
        let (first, fallback, fallbackErrno) =
            known ? (EPOLL_CTL_MOD, EPOLL_CTL_ADD, ENOENT) : (EPOLL_CTL_ADD, EPOLL_CTL_MOD, EEXIST)
        do {
            try control(first, fd, events)
        } catch let error as IOError where error.errno == fallbackErrno {
            try control(fallback, fd, events)
        }
    }

    private func control(_ operation: Int32, _ fd: Int32, _ events: UInt32) throws {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        _ = try System.retrying("epoll_ctl") { epoll_ctl(epollFD, operation, fd, &event) }
    }
}
