/// Owns one long-lived OpenSSL object (an `EVP_PKEY`, `SSL_CTX`, `SSL`) and frees it once, when the owner
/// goes away. Objects that live for one call are freed with `defer` instead.
///
/// Not `Sendable` by itself: whether an object may be used from several threads depends on what it is, so
/// the type that holds the handle decides, and says why.
package final class OpenSSLHandle {
    /// The object; valid as long as this handle is alive, so store the handle rather than the pointer.
    package let pointer: OpaquePointer
    private let free: (OpaquePointer) -> Void

    /// Takes ownership of `pointer`, to be released with `free` (for example `EVP_PKEY_free`).
    package init(taking pointer: OpaquePointer, free: @escaping (OpaquePointer) -> Void) {
        self.pointer = pointer
        self.free = free
    }

    deinit {
        free(pointer)
    }
}
