import Crypto
import Foundation

/// Where a service's signing keys are: `<PREFIX>_SIGNING_KEY_FILE` (the current private key, PKCS#8 PEM) and
/// `<PREFIX>_RETIRED_PUBLIC_KEY_FILES` (public keys still published, comma-separated), each checked readable when
/// the settings are read, so `config check` names a missing key before `serve` would fail on it.
public struct SigningKeyFiles: Sendable, Equatable {
    /// The current private key's file.
    public var current: String
    /// Retired public keys' files.
    public var retired: [String]

    /// Files at these paths.
    public init(current: String, retired: [String] = []) {
        self.current = current
        self.retired = retired
    }

    /// Reads the keys.
    public func load() throws -> SigningKeys {
        try SigningKeys(currentFile: current, retiredFiles: retired)
    }
}

extension ConfigurationReader {
    /// The signing key files named by `<prefix>_SIGNING_KEY_FILE` (default `defaultFile`) and
    /// `<prefix>_RETIRED_PUBLIC_KEY_FILES`; an unreadable one is reported.
    public mutating func signingKeyFiles(_ prefix: String, default defaultFile: String) -> SigningKeyFiles {
        let currentName = prefix + "_SIGNING_KEY_FILE"
        let retiredName = prefix + "_RETIRED_PUBLIC_KEY_FILES"
        let files = SigningKeyFiles(current: string(currentName, default: defaultFile), retired: list(retiredName))
        for file in [files.current] + files.retired where !FileManager.default.isReadableFile(atPath: file) {
            report(file == files.current ? currentName : retiredName, "cannot read \(file)")
        }
        return files
    }
}
