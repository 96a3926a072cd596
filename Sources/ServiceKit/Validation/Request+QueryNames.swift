import Foundation
import HTTP

extension Request {
    /// Records unknown and repeated query parameters in `errors`: a misspelt filter would otherwise silently
    /// widen a search. A route that refuses them lists the names its document declares.
    ///
    /// - Parameters:
    ///   - allowed: The names the route takes (percent-decoded, `+` as a space).
    ///   - errors: Gets "is not a parameter of this request" for an unknown name and "is given more than once"
    ///     for an allowed one given again, each under the name.
    public func checkQueryNames(_ allowed: Set<String>, errors: inout FieldErrors) {
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
