import CSystem
import Glibc

/// A value guarded by an adaptive pthread mutex.
///
/// The standard library's `Mutex` uses a priority-inheritance futex on Linux, whose contended path
/// sleeps in the kernel at once; the event loop and the pool hold their locks for a few hundred
/// nanoseconds but take them from many threads, where spinning briefly first is much cheaper.
public final class Locked<Value>: @unchecked Sendable {
    // Every access to `value` happens with `mutex` held.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// Creates the lock around an initial value.
    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        let result = campus_mutex_init_adaptive(mutex)
        precondition(result == 0, "pthread_mutex_init failed: \(result)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
