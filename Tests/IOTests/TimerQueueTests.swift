import IO
import Testing

@Suite struct TimerQueueTests {
    @Test func popsDueTimersEarliestFirstAndKeepsLaterOnes() {
        var queue = TimerQueue<String>()
        _ = queue.schedule(at: 30, "c")
        _ = queue.schedule(at: 10, "a")
        _ = queue.schedule(at: 20, "b")
        _ = queue.schedule(at: 40, "d")
        #expect(queue.nextDeadline() == 10)
        #expect(queue.popDue(now: 25) == ["a", "b"])
        #expect(queue.nextDeadline() == 30)
        #expect(queue.count == 2)
    }

    @Test func equalDeadlinesFireInSchedulingOrder() {
        var queue = TimerQueue<Int>()
        for value in 0..<50 { _ = queue.schedule(at: 5, value) }
        #expect(queue.popDue(now: 5) == Array(0..<50))
    }

    @Test func cancelledTimerNeitherFiresNorHoldsTheDeadline() {
        var queue = TimerQueue<String>()
        let first = queue.schedule(at: 10, "a")
        _ = queue.schedule(at: 20, "b")
        #expect(queue.cancel(first) == "a")
        #expect(queue.cancel(first) == nil)
        #expect(queue.nextDeadline() == 20)
        #expect(queue.popDue(now: 100) == ["b"])
        #expect(queue.nextDeadline() == nil)
    }

    @Test func manyRandomTimersComeOutSorted() {
        var queue = TimerQueue<UInt64>()
        var generator = SystemRandomNumberGenerator()
        var deadlines: [UInt64] = []
        for _ in 0..<1000 {
            let deadline = UInt64.random(in: 0..<10_000, using: &generator)
            deadlines.append(deadline)
            _ = queue.schedule(at: deadline, deadline)
        }
        #expect(queue.popDue(now: .max) == deadlines.sorted())
    }
}
