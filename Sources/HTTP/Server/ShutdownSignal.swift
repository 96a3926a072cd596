import Dispatch
import Glibc
import Synchronization

/// Waits for SIGTERM or SIGINT, which stop the process only through this waiter once it exists.
public final class ShutdownSignal: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>
    private let state = Mutex<(received: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

    /// Starts watching SIGTERM and SIGINT (their default action is disabled from now on).
    public init(signals: [Int32] = [SIGTERM, SIGINT]) {
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            _ = signal(number, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: number, queue: .global()))
        }
        self.sources = Mutex(sources)
        self.sources.withLock { sources in
            for (source, number) in zip(sources, signals) {
                source.setEventHandler { [weak self] in self?.deliver(number) }
                source.resume()
            }
        }
    }

    deinit {
        sources.withLock { sources in
            for source in sources { source.cancel() }
        }
    }

    private func deliver(_ number: Int32) {
        let waiters = state.withLock { state in
            if state.received == nil { state.received = number }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: number) }
    }

    /// Suspends until one of the signals arrives; returns its number.
    @discardableResult
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let received = state.withLock { state in
                if state.received == nil { state.waiters.append(continuation) }
                return state.received
            }
            if let received { continuation.resume(returning: received) }
        }
    }
}
