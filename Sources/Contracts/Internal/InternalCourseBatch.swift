/// `POST /internal/v1/courses/batch` (catalog): the body, up to 100 course ids.
public struct InternalCourseBatchRequest: Codable, Sendable, Equatable {
    /// The courses wanted (UUIDv7, lower case); unknown ids are left out of the answer.
    public var ids: [String]

    /// Creates the body.
    public init(ids: [String]) {
        self.ids = ids
    }
}

/// `POST /internal/v1/courses/batch` (catalog): the answer, the known courses among those asked for.
public struct InternalCourseBatch: Codable, Sendable, Equatable {
    /// The courses found, in the order asked.
    public var items: [InternalCourse]

    /// Creates the answer.
    public init(items: [InternalCourse]) {
        self.items = items
    }
}
