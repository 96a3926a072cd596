import Crypto
import Foundation
import ServiceKit

/// The identity service's own settings, read from `IDENTITY_…` variables (see README, Operations).
public struct IdentitySettings: Sendable {
    /// Access token lifetime (`IDENTITY_ACCESS_TOKEN_TTL`, 15m).
    public var accessTokenLifetime: Duration = .seconds(15 * 60)
    /// Absolute refresh token lifetime (`IDENTITY_REFRESH_TOKEN_TTL`, 30d).
    public var refreshTokenLifetime: Duration = .seconds(30 * 86400)
    /// Sign-up code lifetime (`IDENTITY_OTP_TTL`, 5m).
    public var codeLifetime: Duration = .seconds(300)
    /// Reset link lifetime (`IDENTITY_RESET_TOKEN_TTL`, 1h).
    public var resetTokenLifetime: Duration = .seconds(3600)
    /// Failed logins in a row before a lock (`IDENTITY_LOCKOUT_THRESHOLD`, 5).
    public var lockoutThreshold = 5
    /// How long a lock lasts (`IDENTITY_LOCKOUT_DURATION`, 15m).
    public var lockoutDuration: Duration = .seconds(900)
    /// Codes per address per 15 minutes (`IDENTITY_OTP_PER_EMAIL`, 5).
    public var codesPerEmail = 5
    /// Codes per client address per 15 minutes (`IDENTITY_OTP_PER_IP`, 30).
    public var codesPerClient = 30
    /// How long deleted accounts keep their data (`IDENTITY_DELETION_GRACE`, 30d).
    public var deletionGracePeriod: Duration = .seconds(30 * 86400)
    /// The page that takes a reset token as `?token=` (`IDENTITY_PASSWORD_RESET_URL`).
    public var passwordResetURL = "http://localhost:8080/reset-password"
    /// The pepper of stored secret digests (`IDENTITY_TOKEN_PEPPER`, at least 32 characters).
    public var tokenPepper: [UInt8] = Array("campus-dev-pepper-not-for-production".utf8)
    /// Logins per client address (an IPv6 client: its /64) per window (`IDENTITY_LOGIN_PER_IP`, 5).
    ///
    /// Each login costs a password hash; one replica on two cores does about four a second. Five per 30 s is a
    /// sustained 10 a minute, about 4 % of that, and a burst of five fills about half of the two seconds of work the
    /// hashing queue holds, so one address can neither take the capacity nor fill the queue for the others. Raise
    /// it where many people share one address (a campus behind NAT).
    public var loginsPerClient = 5
    /// The window of `loginsPerClient` (`IDENTITY_LOGIN_PER_IP_WINDOW`, 30s).
    public var loginsPerClientWindow: Duration = .seconds(30)
    /// Logins per e-mail address, known or not, per window (`IDENTITY_LOGIN_PER_ACCOUNT`, 10): above the lockout
    /// threshold, so guesses meet the lock first; it caps the hashing spent on one account from many addresses.
    public var loginsPerAccount = 10
    /// The window of `loginsPerAccount` (`IDENTITY_LOGIN_PER_ACCOUNT_WINDOW`, 5m).
    public var loginsPerAccountWindow: Duration = .seconds(300)
    /// scrypt cost: log2 of N (`IDENTITY_SCRYPT_LOG_N`, 17).
    public var scrypt: ScryptParameters = .recommended
    /// Password hashes that run at once (`IDENTITY_SCRYPT_THREADS`, the number of cores).
    public var scryptThreads = ProcessInfo.processInfo.activeProcessorCount
    /// The most hashing work that may wait for a thread (`IDENTITY_SCRYPT_MAX_QUEUE`, 2s); beyond it, 503.
    public var scryptMaxQueue: Duration = .seconds(2)
    /// The time of one hash on one thread before any is measured (`IDENTITY_SCRYPT_COST`; unset: measured at
    /// start-up). The hasher follows the measured times afterwards.
    public var scryptCost: Duration?
    /// The access tokens' signing keys: the private key, PEM (`IDENTITY_SIGNING_KEY_FILE`,
    /// `.local/keys/identity-signing.pem`), and retired public keys still published
    /// (`IDENTITY_RETIRED_PUBLIC_KEY_FILES`, comma-separated).
    public var signingKeys = SigningKeyFiles(current: ".local/keys/identity-signing.pem")
    /// The migrations folder (`IDENTITY_MIGRATIONS_DIR`, `sql/identity`).
    public var migrationsDirectory = "sql/identity"
    /// How mail leaves (`IDENTITY_MAIL_TRANSPORT`: `file` or `smtp`).
    public var mailTransport = "file"
    /// Where the file transport writes `.eml` files (`IDENTITY_MAIL_DIR`, `.local/mail`).
    public var mailDirectory = ".local/mail"
    /// The sender address (`IDENTITY_MAIL_FROM`).
    public var mailFrom = "Campus <no-reply@campus.localhost>"
    /// Learning's base URL, for its part of the data export (`IDENTITY_LEARNING_URL`, `http://127.0.0.1:8103`).
    public var learningURL = "http://127.0.0.1:8103"
    /// SMTP settings (`IDENTITY_SMTP_HOST`, `_PORT`, `_SECURITY` none|starttls|tls, `_USERNAME`, `_PASSWORD`).
    public var smtp = SMTPSettings()

    /// Default settings (development).
    public init() {}

    /// Reads the settings; problems are collected in `reader`.
    public init(reader: inout ConfigurationReader) {
        accessTokenLifetime = reader.duration("IDENTITY_ACCESS_TOKEN_TTL", default: accessTokenLifetime)
        refreshTokenLifetime = reader.duration("IDENTITY_REFRESH_TOKEN_TTL", default: refreshTokenLifetime)
        codeLifetime = reader.duration("IDENTITY_OTP_TTL", default: codeLifetime)
        resetTokenLifetime = reader.duration("IDENTITY_RESET_TOKEN_TTL", default: resetTokenLifetime)
        lockoutThreshold = reader.int("IDENTITY_LOCKOUT_THRESHOLD", default: lockoutThreshold, range: 1...100)
        lockoutDuration = reader.duration("IDENTITY_LOCKOUT_DURATION", default: lockoutDuration)
        codesPerEmail = reader.int("IDENTITY_OTP_PER_EMAIL", default: codesPerEmail, range: 1...1000)
        codesPerClient = reader.int("IDENTITY_OTP_PER_IP", default: codesPerClient, range: 1...100_000)
        deletionGracePeriod = reader.duration("IDENTITY_DELETION_GRACE", default: deletionGracePeriod)
        passwordResetURL = reader.string("IDENTITY_PASSWORD_RESET_URL", default: passwordResetURL)
        let pepper = reader.string("IDENTITY_TOKEN_PEPPER", default: String(decoding: tokenPepper, as: UTF8.self))
        if pepper.utf8.count < 32 { reader.report("IDENTITY_TOKEN_PEPPER", "must be at least 32 characters") }
        tokenPepper = Array(pepper.utf8)
        let logN = reader.int("IDENTITY_SCRYPT_LOG_N", default: 17, range: 10...20)
        scrypt = (try? ScryptParameters(logN: logN, r: 8, p: 1)) ?? .recommended
        scryptThreads = reader.int("IDENTITY_SCRYPT_THREADS", default: scryptThreads, range: 1...256)
        scryptMaxQueue = reader.duration("IDENTITY_SCRYPT_MAX_QUEUE", default: scryptMaxQueue)
        if reader.optionalString("IDENTITY_SCRYPT_COST") != nil {
            scryptCost = reader.duration("IDENTITY_SCRYPT_COST", default: .seconds(1))
        }
        loginsPerClient = reader.int("IDENTITY_LOGIN_PER_IP", default: loginsPerClient, range: 1...100_000)
        loginsPerClientWindow = reader.duration("IDENTITY_LOGIN_PER_IP_WINDOW", default: loginsPerClientWindow)
        loginsPerAccount = reader.int("IDENTITY_LOGIN_PER_ACCOUNT", default: loginsPerAccount, range: 1...100_000)
        loginsPerAccountWindow = reader.duration(
            "IDENTITY_LOGIN_PER_ACCOUNT_WINDOW", default: loginsPerAccountWindow)
        for (name, window) in [
            ("IDENTITY_LOGIN_PER_IP_WINDOW", loginsPerClientWindow),
            ("IDENTITY_LOGIN_PER_ACCOUNT_WINDOW", loginsPerAccountWindow),
        ] where window < .seconds(1) {
            reader.report(name, "must be at least one second")
        }
        signingKeys = reader.signingKeyFiles("IDENTITY", default: signingKeys.current)
        migrationsDirectory = reader.string("IDENTITY_MIGRATIONS_DIR", default: migrationsDirectory)
        mailTransport = reader.choice("IDENTITY_MAIL_TRANSPORT", ["file", "smtp"], default: mailTransport)
        mailDirectory = reader.string("IDENTITY_MAIL_DIR", default: mailDirectory)
        mailFrom = reader.string("IDENTITY_MAIL_FROM", default: mailFrom)
        learningURL = reader.string("IDENTITY_LEARNING_URL", default: learningURL)
        smtp.host = reader.string("IDENTITY_SMTP_HOST", default: smtp.host)
        smtp.port = reader.port("IDENTITY_SMTP_PORT", default: smtp.port)
        let security = reader.choice("IDENTITY_SMTP_SECURITY", ["none", "starttls", "tls"], default: "starttls")
        smtp.security = SMTPSettings.Security(rawValue: security) ?? .startTLS
        smtp.username = reader.optionalString("IDENTITY_SMTP_USERNAME")
        smtp.password = reader.optionalString("IDENTITY_SMTP_PASSWORD")
    }
}

/// How to reach an SMTP server.
public struct SMTPSettings: Sendable {
    /// Transport security.
    public enum Security: String, Sendable {
        /// Plain text (local relays and tests only).
        case none
        /// Plain, then `STARTTLS` before authenticating (submission, port 587).
        case startTLS = "starttls"
        /// TLS from the first byte (port 465).
        case tls
    }

    /// The server's host name.
    public var host = "127.0.0.1"
    /// The server's port.
    public var port: UInt16 = 587
    /// Transport security.
    public var security: Security = .startTLS
    /// The AUTH user name; no AUTH without one.
    public var username: String?
    /// The AUTH password.
    public var password: String?
    /// Whether the server's certificate must verify.
    public var verifiesCertificate = true

    /// Creates settings.
    public init(
        host: String = "127.0.0.1", port: UInt16 = 587, security: Security = .startTLS, username: String? = nil,
        password: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
    }
}
