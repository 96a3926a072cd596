import Foundation
import HTTP
import ServiceKit

extension Request {
    /// Records unknown and repeated query parameters in `errors`: a misspelt filter would otherwise silently
    /// widen a search.
    func checkQueryNames(_ allowed: Set<String>, errors: inout FieldErrors) {
        var seen: Set<String> = []
        for pair in (query ?? "").split(separator: "&") {
            let raw = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            var name = String(raw)
            if name.contains("%") || name.contains("+") {
                name = name.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? name
            }
            if !allowed.contains(name) {
                errors.add(name, "is not a parameter of this request")
            } else if !seen.insert(name).inserted {
                errors.add(name, "is given more than once")
            }
        }
    }
}
