/// Delivers one message; throws when it could not (the dispatcher retries).
public protocol MailTransport: Sendable {
    /// Sends `message` from `from`.
    func send(_ message: MailMessage, from: String) async throws
}

extension MailMessage {
    /// The message in RFC 5322 form with CRLF line ends (dot-stuffing is the SMTP transport's job).
    func rfc5322(from: String, messageID: String, date: String) -> String {
        let body = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return [
            "From: \(from)", "To: \(recipient)", "Subject: \(Self.headerSafe(subject))", "Date: \(date)",
            "Message-ID: <\(messageID)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "", body,
        ].joined(separator: "\r\n") + "\r\n"
    }

    /// Header values may not carry line breaks (no header injection).
    static func headerSafe(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
