import Testing

@testable import Crypto

@Suite struct HashingQueueTests {
    private static let job: HashingQueue.Job = {}

    @Test func untilACostIsKnownAsManyMayWaitAsRun() {
        var queue = HashingQueue(threadCount: 2, maxQueuedWork: .seconds(2), expectedCost: nil)
        #expect(queue.waitingLimit == 2)
        for _ in 0..<4 { #expect(queue.enqueue(Self.job, reserved: false) == .admitted) }
        #expect(queue.enqueue(Self.job, reserved: false) == .refused(retryAfter: .seconds(1)))
        #expect(queue.reserve() == .refused(retryAfter: .seconds(1)))
    }

    @Test func theBoundIsTheQueuedWorkOverTheCostPerThread() {
        // 2 s of work at 450 ms per hash on 2 threads: ⌊2 × 2 ÷ 0.45⌋ = 8 wait while 2 run.
        var queue = HashingQueue(threadCount: 2, maxQueuedWork: .seconds(2), expectedCost: .milliseconds(450))
        #expect(queue.waitingLimit == 8)
        for _ in 0..<10 { #expect(queue.enqueue(Self.job, reserved: false) == .admitted) }
        _ = queue.start()
        _ = queue.start()
        #expect(queue.running == 2 && queue.waiting == 8)
        // Ten jobs ahead drain at two per 450 ms.
        #expect(queue.enqueue(Self.job, reserved: false) == .refused(retryAfter: .milliseconds(2250)))
        #expect(
            HashingQueueFull(retryAfter: .milliseconds(2250)).retryAfterSeconds == 3,
            "Retry-After rounds up to whole seconds")
        #expect(HashingQueue(threadCount: 4, maxQueuedWork: .seconds(1), expectedCost: .seconds(10)).waitingLimit == 1)
    }

    @Test func measuredTimesMoveTheBound() {
        var queue = HashingQueue(threadCount: 2, maxQueuedWork: .seconds(2), expectedCost: nil)
        #expect(queue.enqueue(Self.job, reserved: false) == .admitted)
        _ = queue.start()
        queue.finish(after: .milliseconds(500))
        #expect(queue.cost == .milliseconds(500) && queue.waitingLimit == 8)
        #expect(queue.enqueue(Self.job, reserved: false) == .admitted)
        _ = queue.start()
        queue.finish(after: .milliseconds(1000))
        #expect(queue.cost == .milliseconds(600) && queue.waitingLimit == 6)
    }

    @Test func reservedPlacesCountAndTheirJobsGetInWhenTheQueueIsFull() {
        var queue = HashingQueue(threadCount: 1, maxQueuedWork: .seconds(1), expectedCost: .seconds(1))
        #expect(queue.reserve() == .admitted)
        #expect(queue.reserve() == .admitted)
        #expect(queue.reserve() != .admitted)
        #expect(queue.enqueue(Self.job, reserved: false) != .admitted)
        #expect(queue.enqueue(Self.job, reserved: true) == .admitted)
        #expect(queue.reserved == 1 && queue.waiting == 1)
        queue.release()
        #expect(queue.enqueue(Self.job, reserved: false) == .admitted)
        #expect(queue.start() != nil && queue.start() != nil && queue.start() == nil)
    }
}
