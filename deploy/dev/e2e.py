#!/usr/bin/env python3
"""End to end through the gateway: sign up with a code read from the dev mail folder, log in, refresh,
read and update the profile, log out. Exits non-zero with a message at the first broken step.

    e2e.py GATEWAY_URL MAIL_DIR
"""
import glob
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
import uuid

base, mail_dir = sys.argv[1].rstrip("/"), sys.argv[2]


def call(method, path, body=None, token=None, expect=200):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, raw = error.code, error.headers, error.read()
    if status != expect:
        sys.exit(f"e2e: {method} {path} answered {status}, expected {expect}: {raw[:300]!r}")
    if not headers.get("X-Request-Id"):
        sys.exit(f"e2e: {method} {path} answered without X-Request-Id")
    return json.loads(raw) if raw else None


email = f"e2e-{uuid.uuid4().hex[:12]}@example.com"
password = "correct horse battery staple"
call("POST", "/v1/auth/otp", {"email": email}, expect=202)

code = None
deadline = time.time() + 15
while code is None and time.time() < deadline:
    for path in glob.glob(os.path.join(mail_dir, f"*{email}*.eml")):
        match = re.search(r"code is (\d{6})", open(path, encoding="utf-8").read())
        if match:
            code = match.group(1)
    if code is None:
        time.sleep(0.2)
if code is None:
    sys.exit(f"e2e: no sign-up code for {email} in {mail_dir}")

call("POST", "/v1/auth/signup", {
    "firstName": "Ada", "lastName": "Lovelace", "email": email, "password": password,
    "confirmPassword": password, "otp": code, "accountType": "Student"}, expect=201)
session = call("POST", "/v1/auth/login", {"email": email, "password": password})
renewed = call("POST", "/v1/auth/refresh", {"refreshToken": session["refreshToken"]})
me = call("GET", "/v1/me", token=renewed["accessToken"])
if me["account"]["email"] != email:
    sys.exit(f"e2e: /v1/me shows {me['account']['email']}, expected {email}")
call("PATCH", "/v1/me", {"firstName": "Augusta"}, token=renewed["accessToken"])
if call("GET", "/v1/me", token=renewed["accessToken"])["account"]["firstName"] != "Augusta":
    sys.exit("e2e: the profile update did not stick")
call("POST", "/v1/auth/logout", {"refreshToken": renewed["refreshToken"]}, expect=204)
call("POST", "/v1/auth/refresh", {"refreshToken": renewed["refreshToken"]}, expect=401)
call("GET", "/internal/v1/anything", expect=404)
print("e2e: sign-up, login, refresh, profile and logout through the gateway work")
