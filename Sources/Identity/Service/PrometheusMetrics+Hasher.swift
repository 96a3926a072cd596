import Crypto
import ServiceKit

extension PrometheusMetrics {
    /// Adds gauges for the password hasher: derivations by state, how many may wait, and the measured cost.
    func addHasherGauges(_ hasher: PasswordHasher) {
        addGauge("password_hashes", help: "Password derivations running, waiting for a thread, or reserved.") {
            [
                (labels: ["state": "running"], value: Double(hasher.runningHashes)),
                (labels: ["state": "waiting"], value: Double(hasher.waitingHashes)),
                (labels: ["state": "reserved"], value: Double(hasher.reservedHashes)),
            ]
        }
        addGauge("password_hash_queue_limit", help: "Password derivations that may wait beyond those running.") {
            Double(hasher.maxWaitingHashes)
        }
        addGauge("password_hash_cost_seconds", help: "Moving average of one password derivation's time.") {
            hasher.cost.map { Double($0.components.seconds) + Double($0.components.attoseconds) * 1e-18 } ?? 0
        }
    }
}
