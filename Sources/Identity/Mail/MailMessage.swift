/// A plain-text e-mail to one recipient.
public struct MailMessage: Sendable, Equatable {
    /// The recipient's address.
    public var recipient: String
    /// The subject line.
    public var subject: String
    /// The plain-text body.
    public var body: String

    /// Creates a message.
    public init(recipient: String, subject: String, body: String) {
        self.recipient = recipient
        self.subject = subject
        self.body = body
    }
}
