import COpenSSL
import OpenSSLSupport

/// Client TLS settings.
public struct TLSConfiguration: Sendable {
    /// Whether to verify the server's certificate chain and host name (keep on outside tests).
    public var verifiesPeer: Bool
    /// A PEM file of extra trusted CA certificates, added to the system store.
    public var caFile: String?
    /// Whether to trust the system CA store.
    public var usesSystemTrustStore: Bool

    /// Creates settings; verification against the system store is on by default.
    public init(verifiesPeer: Bool = true, caFile: String? = nil, usesSystemTrustStore: Bool = true) {
        self.verifiesPeer = verifiesPeer
        self.caFile = caFile
        self.usesSystemTrustStore = usesSystemTrustStore
    }
}

/// An OpenSSL client context (`SSL_CTX`), shared by every TLS connection of a client.
///
/// `SSL_CTX` is safe to share across threads once configured; it is freed when the context goes away.
final class TLSContext: @unchecked Sendable {
    private let handle: OpenSSLHandle
    let configuration: TLSConfiguration

    /// The `SSL_CTX`, valid while this context is alive.
    var context: OpaquePointer { handle.pointer }

    init(configuration: TLSConfiguration) throws {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw TLSError.setup("SSL_CTX_new") }
        handle = OpenSSLHandle(taking: context, free: SSL_CTX_free)
        self.configuration = configuration
        guard campus_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw TLSError.setup("SSL_CTX_set_min_proto_version")
        }
        if configuration.usesSystemTrustStore, SSL_CTX_set_default_verify_paths(context) != 1 {
            throw TLSError.setup("SSL_CTX_set_default_verify_paths")
        }
        if let caFile = configuration.caFile, SSL_CTX_load_verify_locations(context, caFile, nil) != 1 {
            throw TLSError.setup("SSL_CTX_load_verify_locations")
        }
        SSL_CTX_set_verify(context, configuration.verifiesPeer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nil)
    }
}
