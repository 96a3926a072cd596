#!/usr/bin/env python3
"""Access tokens for the learning benchmark, signed as identity signs them (EdDSA, Ed25519), and the JWKS that
verifies them, so learning runs without identity.

    learning_tokens.py KEY_PEM KEY_ID ISSUER AUDIENCE ENROLLMENTS OUT_DIR

ENROLLMENTS has one "user_id course_id" line per enrollment. Writes OUT_DIR/jwks.json and OUT_DIR/tokens.txt,
one "token course_id" line per enrollment: a student's token (valid two hours) and the course they are
enrolled in.
"""
import base64
import json
import os
import sys
import time
import uuid

from cryptography.hazmat.primitives import serialization

key_path, key_id, issuer, audience, enrollments, out_dir = sys.argv[1:7]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


with open(key_path, "rb") as pem:
    key = serialization.load_pem_private_key(pem.read(), password=None)
public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
with open(os.path.join(out_dir, "jwks.json"), "w") as jwks:
    json.dump({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": b64url(public), "kid": key_id, "alg": "EdDSA",
                         "use": "sig"}]}, jwks)

header = b64url(json.dumps({"alg": "EdDSA", "kid": key_id, "typ": "JWT"}, separators=(",", ":")).encode())
now = int(time.time())
count = 0
with open(enrollments) as source, open(os.path.join(out_dir, "tokens.txt"), "w") as tokens:
    for line in source:
        if not line.strip():
            continue
        user, course = line.split()
        claims = {"iss": issuer, "sub": user, "aud": audience, "exp": now + 7200, "iat": now,
                  "jti": str(uuid.uuid4()), "role": "student", "approved": False}
        signing_input = header + "." + b64url(json.dumps(claims, separators=(",", ":")).encode())
        signature = key.sign(signing_input.encode())
        tokens.write(f"{signing_input}.{b64url(signature)} {course}\n")
        count += 1
print(f"{count} tokens")
