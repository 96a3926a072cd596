extension EventLoop: TaskExecutor {
    /// Runs a job of a task that prefers this loop (`Task(executorPreference: loop)`) on the loop thread.
    ///
    /// Once the loop has stopped, jobs go to the global executor, so that no task is stranded.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let accepted = state.withLock { state in
            guard !state.hasStopped else { return false }
            state.tasks.append(.job(job))
            return true
        }
        if !accepted {
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
        } else if !inEventLoop {
            wake()
        }
    }

    /// This loop as an unowned task executor.
    public func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }
}
