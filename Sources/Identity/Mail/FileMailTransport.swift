import Foundation
import HTTP
import Logging

/// The development transport: writes each message as an `.eml` file into a folder and logs where.
public struct FileMailTransport: MailTransport {
    let directory: String
    let logger: Logger

    /// Creates the transport writing into `directory` (created if missing).
    public init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    /// Writes the message to `<directory>/<time>-<recipient>.eml`.
    public func send(_ message: MailMessage, from: String) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stamp = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            .replacingOccurrences(of: ":", with: "")
        let safeRecipient = String(
            message.recipient.map { $0.isLetter || $0.isNumber || "@.-_".contains($0) ? $0 : "_" })
        let path = directory + "/" + stamp + "-" + safeRecipient + "-" + UUID().uuidString.prefix(8) + ".eml"
        let text = message.rfc5322(
            from: from, messageID: UUID().uuidString + "@campus.localhost",
            date: Self.rfc5322Date(Date()))
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        logger.info("mail written", ["path": path, "to": message.recipient])
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
