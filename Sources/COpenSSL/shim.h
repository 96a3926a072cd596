#ifndef CAMPUS_COPENSSL_SHIM_H
#define CAMPUS_COPENSSL_SHIM_H
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdint.h>

/// Derives `out_len` bytes with scrypt through the EVP_KDF API. OSSL_PARAM keeps pointers to its key names and
/// buffers, so the parameter array is built here, where they outlive the call. Returns 1 on success, 0 on failure.
static inline int campus_scrypt_derive(const unsigned char *pass, size_t pass_len, const unsigned char *salt,
                                       size_t salt_len, uint64_t n, uint32_t r, uint32_t p, uint64_t maxmem,
                                       unsigned char *out, size_t out_len) {
    static unsigned char empty[1] = {0};
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_SCRYPT, NULL);
    if (kdf == NULL) {
        return 0;
    }
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (ctx == NULL) {
        return 0;
    }
    OSSL_PARAM params[7];
    params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                                  pass_len > 0 ? (void *)pass : (void *)empty, pass_len);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                                  salt_len > 0 ? (void *)salt : (void *)empty, salt_len);
    params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
    params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
    params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
    params[5] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
    params[6] = OSSL_PARAM_construct_end();
    int ok = EVP_KDF_derive(ctx, out, out_len, params);
    EVP_KDF_CTX_free(ctx);
    return ok;
}

/// The bytes held by a memory BIO (`BIO_get_mem_data` is a macro Swift cannot import). Returns their count.
static inline long campus_bio_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

// Function forms of OpenSSL macros used by the HTTP client's TLS (Swift cannot call macros).
static inline long campus_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

static inline int campus_SSL_CTX_set_min_proto_version(SSL_CTX *context, int version) {
    return (int)SSL_CTX_set_min_proto_version(context, version);
}

static inline long campus_SSL_set_mode(SSL *ssl, long mode) {
    return SSL_set_mode(ssl, mode);
}
#endif
