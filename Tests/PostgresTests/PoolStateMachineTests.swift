import Postgres
import Testing

@Suite struct PoolStateMachineTests {
    typealias Machine = PoolStateMachine
    let second: UInt64 = 1_000_000_000

    func machine(min: Int = 0, max: Int = 2) -> Machine {
        var configuration = PoolConfiguration(minConnections: min, maxConnections: max)
        configuration.maxLifetime = .seconds(60)
        configuration.checkAfterIdle = .seconds(1)
        return Machine(configuration: configuration)
    }

    @Test func startOpensTheMinimumConnections() {
        var pool = machine(min: 2, max: 4)
        #expect(pool.start(now: 0) == [.connect(1), .connect(2)])
    }

    @Test func aWaiterTriggersAConnectAndGetsTheConnectionWhenItOpens() {
        var pool = machine()
        #expect(pool.acquire(10, now: 0) == [.connect(1)])
        #expect(pool.statistics == PoolStatistics(connecting: 1, waiting: 1))
        #expect(pool.connected(1, now: 1) == [.lease(1, to: 10, check: false)])
        #expect(pool.statistics == PoolStatistics(leased: 1))
    }

    @Test func theMaximumIsNeverExceededAndReleasedConnectionsGoToWaitersInOrder() {
        var pool = machine(max: 2)
        _ = pool.acquire(1, now: 0)
        _ = pool.acquire(2, now: 0)
        #expect(pool.acquire(3, now: 0) == [])
        #expect(pool.acquire(4, now: 0) == [])
        _ = pool.connected(1, now: 0)
        _ = pool.connected(2, now: 0)
        #expect(pool.release(1, broken: false, hadError: false, now: 1) == [.lease(1, to: 3, check: false)])
        #expect(pool.release(2, broken: false, hadError: true, now: 1) == [.lease(2, to: 4, check: true)])
        #expect(pool.statistics == PoolStatistics(leased: 2))
    }

    @Test func timedOutWaiterFailsOnceAndIsNotServedLater() {
        var pool = machine(max: 1)
        _ = pool.acquire(1, now: 0)
        _ = pool.connected(1, now: 0)
        #expect(pool.acquire(2, now: 0) == [])
        #expect(pool.timedOut(2) == [.fail(2, .timedOut)])
        #expect(pool.timedOut(2) == [])
        #expect(pool.release(1, broken: false, hadError: false, now: 1) == [])
        #expect(pool.statistics == PoolStatistics(idle: 1))
    }

    @Test func aPreferredIdleConnectionIsLeasedFirst() {
        var pool = machine(max: 3)
        for waiter in 1...3 { _ = pool.acquire(waiter, now: 0) }
        for id in 1...3 { _ = pool.connected(id, now: 0) }
        for id in [1, 2, 3] { _ = pool.release(id, broken: false, hadError: false, now: 0) }
        #expect(pool.leaseIdle(to: 4, now: 1) { $0 == 1 } == [.lease(1, to: 4, check: false)])
        #expect(pool.leaseIdle(to: 5, now: 1) { $0 == 99 } == [.lease(3, to: 5, check: false)])
        #expect(pool.statistics == PoolStatistics(idle: 1, leased: 2))
    }

    @Test func idleConnectionIsCheckedAfterAnErrorOrLongIdleness() {
        var pool = machine()
        _ = pool.acquire(1, now: 0)
        _ = pool.connected(1, now: 0)
        _ = pool.release(1, broken: false, hadError: false, now: 0)
        #expect(pool.acquire(2, now: second / 2) == [.lease(1, to: 2, check: false)])
        _ = pool.release(1, broken: false, hadError: true, now: second / 2)
        #expect(pool.acquire(3, now: second / 2) == [.lease(1, to: 3, check: true)])
        _ = pool.release(1, broken: false, hadError: false, now: second)
        #expect(pool.acquire(4, now: 3 * second) == [.lease(1, to: 4, check: true)])
    }

    @Test func brokenConnectionIsClosedAndReplacedForWaiters() {
        var pool = machine(max: 1)
        _ = pool.acquire(1, now: 0)
        _ = pool.connected(1, now: 0)
        _ = pool.acquire(2, now: 0)
        #expect(pool.release(1, broken: true, hadError: true, now: 1) == [.close(1), .connect(2)])
        #expect(pool.connected(2, now: 2) == [.lease(2, to: 2, check: false)])
    }

    @Test func failedConnectsRetryWithGrowingBackOffWhileSomeoneWaits() {
        var configuration = PoolConfiguration(minConnections: 0, maxConnections: 1)
        configuration.reconnectDelay = .milliseconds(10)
        configuration.maxReconnectDelay = .milliseconds(25)
        var pool = Machine(configuration: configuration)
        #expect(pool.acquire(1, now: 0) == [.connect(1)])
        #expect(pool.connectFailed(1, now: 0) == [.connectAfter(2, delay: 10_000_000)])
        #expect(pool.connectFailed(2, now: 0) == [.connectAfter(3, delay: 20_000_000)])
        #expect(pool.connectFailed(3, now: 0) == [.connectAfter(4, delay: 25_000_000)])
        #expect(pool.timedOut(1) == [.fail(1, .timedOut)])
        #expect(pool.connectFailed(4, now: 0) == [])
        #expect(pool.acquire(5, now: 0) == [.connectAfter(5, delay: 25_000_000)])
        #expect(pool.connected(5, now: 0) == [.lease(5, to: 5, check: false)])
    }

    @Test func connectionsPastTheirLifetimeAreClosedNotReused() {
        var pool = machine(max: 1)
        _ = pool.acquire(1, now: 0)
        _ = pool.connected(1, now: 0)
        _ = pool.acquire(2, now: 0)
        #expect(pool.release(1, broken: false, hadError: false, now: 61 * second) == [.close(1), .connect(2)])
    }

    @Test func tickClosesIdleConnectionsAboveTheMinimumAndRefillsIt() {
        var configuration = PoolConfiguration(minConnections: 1, maxConnections: 3)
        configuration.idleTimeout = .seconds(10)
        var pool = Machine(configuration: configuration)
        #expect(pool.start(now: 0) == [.connect(1)])
        _ = pool.connected(1, now: 0)
        _ = pool.acquire(1, now: 0)
        _ = pool.acquire(2, now: 0)
        _ = pool.connected(2, now: 0)
        _ = pool.release(1, broken: false, hadError: false, now: 0)
        _ = pool.release(2, broken: false, hadError: false, now: 0)
        #expect(pool.tick(now: 11 * second).count == 1)
        #expect(pool.statistics == PoolStatistics(idle: 1))
        #expect(pool.tick(now: 12 * second) == [])
    }

    @Test func closeFailsWaitersClosesIdleAndClosesLeasedOnReturn() {
        var pool = machine(max: 2)
        _ = pool.acquire(1, now: 0)
        _ = pool.acquire(2, now: 0)
        _ = pool.connected(1, now: 0)
        _ = pool.connected(2, now: 0)
        _ = pool.release(2, broken: false, hadError: false, now: 0)
        _ = pool.acquire(3, now: 0)
        _ = pool.release(2, broken: false, hadError: false, now: 0)
        _ = pool.acquire(4, now: 0)
        #expect(pool.acquire(5, now: 0) == [])
        #expect(pool.close() == [.fail(5, .closed)])
        #expect(!pool.isDrained)
        #expect(pool.release(1, broken: false, hadError: false, now: 0) == [.close(1)])
        #expect(pool.release(2, broken: false, hadError: false, now: 0) == [.close(2)])
        #expect(pool.isDrained)
        #expect(pool.acquire(6, now: 0) == [.fail(6, .closed)])
    }
}
