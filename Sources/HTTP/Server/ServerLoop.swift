import IO

/// One event loop's share of a server: its listening socket, its connections, its `Date` value and read
/// buffer. Confined to the loop's thread, hence `@unchecked Sendable`.
final class ServerLoop: @unchecked Sendable {
    let loop: EventLoop
    let responder: any Responder
    let readBuffer: UnsafeMutableRawBufferPointer
    private(set) var date = HTTPDate()
    private let shared: ServerShared
    private var listener: Int32 = -1
    private var isAccepting = false
    private var connections: [Int32: Connection] = [:]
    private var sweepTimer: TimerID?

    init(loop: EventLoop, responder: any Responder, shared: ServerShared) {
        self.loop = loop
        self.responder = responder
        self.shared = shared
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Starts accepting on `listener` (runs on the loop).
    func start(listener fd: Int32) {
        listener = fd
        date.refresh()
        do {
            try loop.register(fd, interest: .readable) { [unowned self] _ in self.acceptPending() }
            isAccepting = true
        } catch {
            System.close(fd)
            listener = -1
        }
        scheduleSweep()
    }

    private func acceptPending() {
        guard isAccepting else { return }
        // A bounded batch per wake-up keeps accepting from starving established connections.
        for _ in 0..<64 {
            if shared.openConnections.load(ordering: .relaxed) >= shared.configuration.maxConnections {
                return pauseAccepting()
            }
            let fd: Int32
            do {
                guard let accepted = try System.accept(listener) else { return }
                fd = accepted
            } catch {
                // EMFILE, ENFILE, ENOBUFS, ENOMEM: out of resources; retrying at once would spin.
                return pauseAccepting()
            }
            try? System.setNoDelay(fd)
            let responder = self.responder
            let configuration = shared.configuration
            let machine = ConnectionStateMachine(
                parserLimits: configuration.parserLimits, limits: shared.limits, now: System.monotonicNanoseconds(),
                bodyLimit: { head in responder.maxBodyBytes(method: head.method, path: head.path) })
            let connection = Connection(fd: fd, owner: self, machine: machine)
            do {
                try loop.register(fd, interest: .readable) { events in connection.handle(events) }
            } catch {
                System.close(fd)
                continue
            }
            connections[fd] = connection
            shared.openConnections.add(1, ordering: .relaxed)
        }
    }

    private func pauseAccepting() {
        guard isAccepting, listener >= 0 else { return }
        try? loop.reregister(listener, interest: [])
        loop.schedule(after: .milliseconds(100)) { [weak self] in
            guard let self, self.isAccepting, self.listener >= 0 else { return }
            try? self.loop.reregister(self.listener, interest: .readable)
        }
    }

    private func scheduleSweep() {
        sweepTimer = loop.schedule(after: shared.sweepInterval) { [weak self] in
            guard let self else { return }
            self.date.refresh()
            let now = System.monotonicNanoseconds()
            for connection in Array(self.connections.values) { connection.tick(now: now) }
            if self.listener >= 0 || !self.connections.isEmpty { self.scheduleSweep() }
        }
    }

    /// Forgets a closed connection.
    func connectionClosed(_ connection: Connection) {
        if connections.removeValue(forKey: connection.fd) != nil {
            shared.openConnections.subtract(1, ordering: .relaxed)
        }
    }

    /// Stops accepting and asks every connection to finish (runs on the loop).
    func drain() {
        isAccepting = false
        if listener >= 0 {
            loop.deregister(listener)
            System.close(listener)
            listener = -1
        }
        for connection in Array(connections.values) { connection.drain() }
    }

    /// Closes every connection at once (runs on the loop).
    func closeAll() {
        for connection in Array(connections.values) { connection.close() }
        if let sweepTimer { loop.cancel(sweepTimer) }
        sweepTimer = nil
    }
}
