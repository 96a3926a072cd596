/// What a `HashingThreadPool` knows and decides, without threads or clocks: the jobs waiting in FIFO order, how
/// many run, the places reserved for jobs still to come, and the measured time of one job; it admits a job only
/// while the work waiting for a thread stays within `maxQueuedWork`.
///
/// The rule: at most `waitingLimit` = ⌊`maxQueuedWork` × threads ÷ cost⌋ jobs (at least one) may wait or hold a
/// reserved place beyond the `threadCount` that run, where cost is the moving average of the jobs' measured times
/// (starting from `expectedCost`). Until the first is measured and with no expected cost, `threadCount` may wait.
struct HashingQueue: ~Copyable {
    typealias Job = @Sendable () -> Void

    /// Whether a job may come in; a refusal says about when to try again.
    enum Admission: Equatable {
        case admitted
        case refused(retryAfter: Duration)
    }

    /// The jobs that run at once.
    let threadCount: Int
    /// The most work that may wait for a thread.
    let maxQueuedWork: Duration
    /// The moving average of one job's time, `nil` until known.
    private(set) var cost: Duration?
    private(set) var running = 0
    private(set) var reserved = 0
    var isShutDown = false
    private var jobs: [Job?] = []
    private var head = 0

    /// How much a new measurement moves the average: about the last ten jobs count.
    static let smoothing = 0.2

    init(threadCount: Int, maxQueuedWork: Duration, expectedCost: Duration?) {
        precondition(threadCount > 0 && maxQueuedWork > .zero)
        self.threadCount = threadCount
        self.maxQueuedWork = maxQueuedWork
        self.cost = expectedCost.flatMap { $0 > .zero ? $0 : nil }
    }

    /// Jobs queued and not yet running.
    var waiting: Int { jobs.count - head }

    /// The most jobs that may wait or hold a reserved place beyond those running.
    var waitingLimit: Int {
        guard let cost else { return threadCount }
        let limit = (maxQueuedWork / cost * Double(threadCount)).rounded(.down)
        return limit >= Double(Int.max) ? Int.max : max(1, Int(limit))
    }

    /// Takes a place for a job that will come later (see `enqueue(_:reserved:)`), if one is free.
    mutating func reserve() -> Admission {
        let admission = admission()
        if admission == .admitted { reserved += 1 }
        return admission
    }

    /// Gives back a place taken with `reserve()` that will not be used.
    mutating func release() {
        precondition(reserved > 0, "released a place that was not reserved")
        reserved -= 1
    }

    /// Queues `job` in a place reserved for it, or, when `reserved` is false, if a place is free.
    mutating func enqueue(_ job: @escaping Job, reserved isReserved: Bool) -> Admission {
        if isReserved {
            release()
        } else {
            let admission = admission()
            guard admission == .admitted else { return admission }
        }
        jobs.append(job)
        return .admitted
    }

    /// The next job to run, counted as running.
    mutating func start() -> Job? {
        guard head < jobs.count, let job = jobs[head] else { return nil }
        jobs[head] = nil
        head += 1
        if head >= 64 && head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        running += 1
        return job
    }

    /// Records that a job ended after running for `duration`.
    mutating func finish(after duration: Duration) {
        running -= 1
        cost = cost.map { $0 * (1 - Self.smoothing) + duration * Self.smoothing } ?? duration
    }

    private func admission() -> Admission {
        let places = threadCount.addingReportingOverflow(waitingLimit)
        if places.overflow || running + waiting + reserved < places.partialValue { return .admitted }
        // What is ahead drains at `threadCount` jobs per `cost`; one second when the cost is not known yet.
        let backlog = Double(running + waiting + reserved) / Double(threadCount)
        return .refused(retryAfter: cost.map { $0 * backlog } ?? .seconds(1))
    }
}
