import Foundation

extension UUID {
    /// The id as the wire carries it: lower case.
    var lowercased: String { uuidString.lowercased() }
}
