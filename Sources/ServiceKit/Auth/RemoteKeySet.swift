import Crypto
import Foundation
import HTTP

/// Identity's public keys for services other than identity: fetched from its JWKS URL, cached, and
/// fetched again when a token names an unknown key (after a key rotation).
public enum RemoteKeySet {
    /// A key set reloaded from `url` with `client`.
    public static func make(url: String, client: HTTPClient) -> RefreshingJWTKeySet {
        RefreshingJWTKeySet {
            let response = try await client.get(url)
            guard response.status == .ok else { throw ServiceError.unavailable }
            return Data(response.body)
        }
    }
}
