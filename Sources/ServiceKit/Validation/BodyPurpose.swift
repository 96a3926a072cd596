import HTTP

/// Whether a body creates a thing or changes one: one body type serves both (`POST` and `PATCH`), and creation
/// requires fields a change may leave out. Checks read it (`BodyPurpose.current`); `Request.decode(_:for:)` sets
/// it around decoding, and an `OpenAPIOperation` around probing, so the schema of each says which fields it needs.
public enum BodyPurpose: Sendable {
    case creation
    case change

    /// The purpose of the body being decoded in this task.
    @TaskLocal public static var current = BodyPurpose.change
}

extension Request {
    /// Decodes the JSON body strictly for `purpose`.
    public func decode<T: StrictDecodable>(_ type: T.Type, for purpose: BodyPurpose) throws -> T {
        try BodyPurpose.$current.withValue(purpose) { try decode(type) }
    }
}
