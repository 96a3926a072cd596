import Foundation
import HTTP
import IO

/// Sends mail to an SMTP server (RFC 5321): plain, `STARTTLS` or implicit TLS, with `AUTH PLAIN` or
/// `AUTH LOGIN` when a user name is set. One connection per message; the dispatcher retries failures.
public struct SMTPTransport: MailTransport {
    let settings: SMTPSettings
    let loop: EventLoop
    let timeout: Duration

    /// Creates the transport.
    public init(settings: SMTPSettings, loop: EventLoop, timeout: Duration = .seconds(30)) {
        self.settings = settings
        self.loop = loop
        self.timeout = timeout
    }

    /// Delivers `message`, throwing `SMTPError` with the server's reply when it refuses.
    public func send(_ message: MailMessage, from: String) async throws {
        let tls = TLSConfiguration(verifiesPeer: settings.verifiesCertificate)
        let stream = try await TCPStream.connect(
            host: settings.host, port: settings.port, loop: loop, timeout: timeout,
            tls: settings.security == .tls ? tls : nil)
        defer { stream.close() }
        var session = SMTPSession(stream: stream, timeout: timeout)
        try await session.expect(220)
        var capabilities = try await session.command("EHLO campus.localhost", expect: 250)
        if settings.security == .startTLS {
            guard capabilities.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                throw SMTPError(reply: "the server does not offer STARTTLS")
            }
            _ = try await session.command("STARTTLS", expect: 220)
            try await stream.startTLS(tls, timeout: timeout)
            capabilities = try await session.command("EHLO campus.localhost", expect: 250)
        }
        if let username = settings.username {
            let password = settings.password ?? ""
            let mechanisms = capabilities.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased() ?? ""
            if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
                let credentials = Data(("\u{0}" + username + "\u{0}" + password).utf8).base64EncodedString()
                _ = try await session.command("AUTH PLAIN " + credentials, expect: 235, redacted: true)
            } else {
                _ = try await session.command("AUTH LOGIN", expect: 334)
                _ = try await session.command(Data(username.utf8).base64EncodedString(), expect: 334, redacted: true)
                _ = try await session.command(Data(password.utf8).base64EncodedString(), expect: 235, redacted: true)
            }
        }
        _ = try await session.command("MAIL FROM:<\(Self.address(in: from))>", expect: 250)
        _ = try await session.command("RCPT TO:<\(Self.address(in: message.recipient))>", expect: 250, or: 251)
        _ = try await session.command("DATA", expect: 354)
        let text = message.rfc5322(
            from: from, messageID: UUID().lowercased + "@campus.localhost",
            date: FileMailTransport.rfc5322Date(Date()))
        // Dot-stuffing: a line that starts with "." gets another one (RFC 5321 §4.5.2).
        let stuffed = text.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
        try await stream.write(Array((stuffed + ".\r\n").utf8), timeout: timeout)
        try await session.expect(250)
        _ = try? await session.command("QUIT", expect: 221)
    }

    /// `a@b.c` from `Name <a@b.c>` or `a@b.c`, without line breaks or angle brackets.
    static func address(in text: String) -> String {
        var address = text
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            address = String(text[text.index(after: open)..<close])
        }
        return String(address.filter { !"\r\n<> ".contains($0) })
    }
}

/// An SMTP reply that was not the one expected.
public struct SMTPError: Error, CustomStringConvertible, Sendable {
    /// The server's reply (or what went wrong).
    public let reply: String

    /// What the server said.
    public var description: String { "SMTP: " + reply }
}

/// Reads SMTP replies (multi-line ones included) and sends commands on one stream.
struct SMTPSession {
    let stream: TCPStream
    let timeout: Duration
    private var buffer: [UInt8] = []

    init(stream: TCPStream, timeout: Duration) {
        self.stream = stream
        self.timeout = timeout
    }

    /// Sends `line` and reads the reply; returns the reply's text lines after the first (EHLO capabilities).
    mutating func command(_ line: String, expect code: Int, or other: Int? = nil, redacted: Bool = false)
        async throws -> [String]
    {
        try await stream.write(Array((line + "\r\n").utf8), timeout: timeout)
        let (status, lines) = try await readReply()
        guard status == code || status == other else {
            let shown = redacted ? String(line.prefix(10)) + "…" : line
            throw SMTPError(reply: "\(shown) → \(status) \(lines.joined(separator: " "))")
        }
        return Array(lines.dropFirst())
    }

    /// Reads one reply and checks its code.
    mutating func expect(_ code: Int) async throws {
        let (status, lines) = try await readReply()
        guard status == code else { throw SMTPError(reply: "\(status) \(lines.joined(separator: " "))") }
    }

    private mutating func readReply() async throws -> (Int, [String]) {
        var lines: [String] = []
        while true {
            let line = try await readLine()
            guard line.count >= 3, let status = Int(line.prefix(3)) else {
                throw SMTPError(reply: "malformed reply: \(line.prefix(100))")
            }
            lines.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (status, lines) }
            if lines.count > 100 { throw SMTPError(reply: "reply too long") }
        }
    }

    private mutating func readLine() async throws -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<end])
                buffer.removeFirst(end + 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < 8192 else { throw SMTPError(reply: "line too long") }
            let bytes = try await stream.read(timeout: timeout)
            if bytes.isEmpty { throw SMTPError(reply: "the server closed the connection") }
            buffer += bytes
        }
    }
}
