import Postgres

extension PrometheusMetrics {
    /// Adds gauges for a connection pool: connections in use, idle and being opened.
    public func addPoolGauges(_ pool: PostgresPool) {
        addGauge("db_pool_connections", help: "Pooled database connections by state.") {
            let statistics = pool.statistics
            return [
                (labels: ["state": "in_use"], value: Double(statistics.leased)),
                (labels: ["state": "idle"], value: Double(statistics.idle)),
                (labels: ["state": "connecting"], value: Double(statistics.connecting)),
            ]
        }
        addGauge("db_pool_waiting", help: "Requests waiting for a pooled database connection.") {
            Double(pool.statistics.waiting)
        }
    }
}
