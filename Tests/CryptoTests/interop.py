#!/usr/bin/env python3
"""Cross-checks Campus's EdDSA JWTs and JWKS against Python's `cryptography` package.

verify ISSUER AUDIENCE   reads {"jwks": ..., "token": ...} on stdin, verifies the token's signature with the key
                         its kid names, checks alg/typ/iss/aud/exp, and prints the claims as JSON.
generate ISSUER AUDIENCE prints {"jwks": ..., "token": ..., "claims": ...} for a fresh key and a token it signed.

Exit status 3 means `cryptography` could not be imported.
"""
import base64
import json
import sys
import time

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
except ImportError as error:
    print(f"python3 cannot import the 'cryptography' package ({error}); install it with "
          "'python3 -m pip install cryptography'", file=sys.stderr)
    sys.exit(3)


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if "=" in text:
        raise ValueError("padding is not allowed")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(issuer: str, audience: str) -> None:
    request = json.load(sys.stdin)
    keys = {key["kid"]: key for key in request["jwks"]["keys"]}
    header_segment, payload_segment, signature_segment = request["token"].split(".")
    header = json.loads(b64url_decode(header_segment))
    if header.get("alg") != "EdDSA" or header.get("typ") != "JWT":
        raise SystemExit(f"unexpected header {header}")
    jwk = keys[header["kid"]]
    if (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"]) != ("OKP", "Ed25519", "EdDSA", "sig"):
        raise SystemExit(f"unexpected JWK {jwk}")
    public_key = Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))
    try:
        public_key.verify(b64url_decode(signature_segment), f"{header_segment}.{payload_segment}".encode("ascii"))
    except InvalidSignature:
        raise SystemExit("signature does not verify")
    claims = json.loads(b64url_decode(payload_segment))
    if claims["iss"] != issuer or claims["aud"] != audience or claims["exp"] <= time.time():
        raise SystemExit(f"unexpected claims {claims}")
    print(json.dumps(claims))


def generate(issuer: str, audience: str) -> None:
    private_key = Ed25519PrivateKey.generate()
    raw_public = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    kid = "python-" + b64url_encode(raw_public[:6])
    header = {"alg": "EdDSA", "typ": "JWT", "kid": kid}
    now = int(time.time())
    claims = {"iss": issuer, "aud": audience, "sub": "python-user", "role": "student", "approved": False,
              "iat": now, "nbf": now, "exp": now + 300, "jti": b64url_encode(raw_public[6:18])}
    signing_input = (b64url_encode(json.dumps(header).encode()) + "." + b64url_encode(json.dumps(claims).encode()))
    signature = private_key.sign(signing_input.encode("ascii"))
    jwks = {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw_public), "kid": kid,
                      "alg": "EdDSA", "use": "sig"}]}
    print(json.dumps({"jwks": jwks, "token": signing_input + "." + b64url_encode(signature), "claims": claims}))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("verify", "generate"):
        raise SystemExit(__doc__)
    {"verify": verify, "generate": generate}[sys.argv[1]](sys.argv[2], sys.argv[3])
