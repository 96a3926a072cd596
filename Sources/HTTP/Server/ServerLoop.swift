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
    private var isDraining = false
    private var connections: [Int32: Connection] = [:]
    private var sweepTimer: TimerID?
    private var nextPeer = 0
    /// Every loop of the server, this one included; set before `start`, read only on this loop afterwards.
    var peers: [ServerLoop] = []

    init(loop: EventLoop, responder: any Responder, shared: ServerShared) {
        self.loop = loop
        self.responder = responder
        self.shared = shared
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Starts the sweep and, on the accepting loop, accepting on `listener` (runs on the loop).
    func start(listener fd: Int32?) {
        date.refresh()
        if let fd {
            listener = fd
            do {
                try loop.register(fd, interest: .readable) { [unowned self] _ in self.acceptPending() }
                isAccepting = true
            } catch {
                System.close(fd)
                listener = -1
            }
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
            shared.openConnections.add(1, ordering: .relaxed)
            let target = peers.isEmpty ? self : peers[nextPeer % peers.count]
            nextPeer &+= 1
            if target === self {
                adopt(fd)
            } else {
                target.loop.execute { target.adopt(fd) }
            }
        }
    }

    /// Takes charge of an accepted connection (runs on the loop).
    func adopt(_ fd: Int32) {
        let responder = self.responder
        let machine = ConnectionStateMachine(
            parserLimits: shared.configuration.parserLimits, limits: shared.limits,
            now: System.monotonicNanoseconds(),
            route: { head in responder.route(method: head.method, path: head.path) })
        let connection = Connection(fd: fd, owner: self, machine: machine)
        do {
            try loop.register(fd, interest: .readable) { events in connection.handle(events) }
        } catch {
            System.close(fd)
            shared.openConnections.subtract(1, ordering: .relaxed)
            return
        }
        connections[fd] = connection
        if isDraining { connection.drain() }
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
            if !self.isDraining || !self.connections.isEmpty { self.scheduleSweep() }
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
        isDraining = true
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
        peers = []
    }
}
