import Foundation

extension UUID {
    /// The id as every Campus answer, event and internal call carries it: lower case.
    public var lowercased: String { uuidString.lowercased() }
}
