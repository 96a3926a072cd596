#!/usr/bin/env python3
"""Contract fuzzing: schemathesis against each service's /openapi.json, anonymously and with a token for each
role, every check on (schemathesis runs them all unless told otherwise; see deploy/dev/schemathesis.toml for the few switched off, and why). Real ids of the demo
catalog are given for path parameters, so operations reach their success paths and not only 404.

    contract.py IDENTITY_URL CATALOG_URL [EXAMPLES [LEARNING_URL [BILLING_URL]]]

Prints one line per service and role (operations, cases, failures) and exits non-zero on any failure.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

identity, catalog = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/")
examples = sys.argv[3] if len(sys.argv) > 3 else "25"
learning = sys.argv[4].rstrip("/") if len(sys.argv) > 4 else None
billing = sys.argv[5].rstrip("/") if len(sys.argv) > 5 else None
here = os.path.dirname(os.path.abspath(__file__))
schemathesis = os.environ.get("SCHEMATHESIS", "schemathesis")
demo_password = "campus-demo-password"


def call(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for _ in range(20):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            if error.code != 429:
                sys.exit(f"contract: {method} {url} answered {error.code}: {error.read()[:300]!r}")
            time.sleep(int(error.headers.get("Retry-After", "2")))
    sys.exit(f"contract: {method} {url} kept answering 429")


def log_in(role):
    reply = call("POST", identity + "/v1/auth/login", {"email": f"{role}@campus.localhost", "password": demo_password})
    return reply["accessToken"]


tokens = {"anonymous": None, **{role: log_in(role) for role in ("student", "instructor", "admin")}}
me = call("GET", identity + "/v1/me", token=tokens["student"])
course = call("GET", catalog + "/v1/courses?limit=1&sort=newest")["items"][0]
outline = call("GET", catalog + "/v1/courses/" + course["slug"], token=tokens["admin"])
section = outline["curriculum"][0]
lesson = section["lessons"][0]
parameters = {
    "course": course["slug"], "category": course["category"]["slug"], "section": section["id"],
    "lesson": lesson["id"], "id": me["account"]["id"] if "account" in me else me["id"],
    "courseId": course["id"], "lessonId": lesson["id"],
}
services = [("identity", identity), ("catalog", catalog)] + ([("learning", learning)] if learning else []) \
    + ([("billing", billing)] if billing else [])

results, failed = [], False
for service, base in services:
    for role, token in tokens.items():
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as config:
            config.write(open(os.path.join(here, "schemathesis.toml")).read())
            config.write("\n[parameters]\n")
            for name, value in parameters.items():
                config.write(f'"path.{name}" = "{value}"\n')
            # Cursors are opaque: a generated one is invalid by construction (a 400), so every run starts at the
            # first page. The Swift suites walk real cursors.
            config.write('"query.cursor" = ""\n')
        command = [
            schemathesis, "--config-file", config.name, "run", base + "/openapi.json",
            "--phases", "examples,coverage,fuzzing", "-n", examples, "--max-failures", "50",
            "--seed", os.environ.get("CONTRACT_SEED", "20261207"),
        ]
        if token:
            command += ["-H", "Authorization: Bearer " + token]
        run = subprocess.run(command, capture_output=True, text=True)
        output = run.stdout + run.stderr
        os.unlink(config.name)
        tested = re.search(r"Tested: (\d+)", output)
        cases = re.search(r"(\d+) generated", output)
        failures = re.search(r"(\d+) failures?", output.split("SUMMARY")[-1]) if "SUMMARY" in output else None
        count = int(failures.group(1)) if failures else 0
        results.append((service, role, tested.group(1) if tested else "?", cases.group(1) if cases else "?", count))
        if run.returncode != 0:
            failed = True
            log = os.path.join(os.environ.get("CONTRACT_LOG_DIR", tempfile.gettempdir()), f"contract-{service}-{role}.log")
            with open(log, "w") as file:
                file.write(output)
            print(f"contract: {service} as {role}: schemathesis failed (log: {log})", file=sys.stderr)
            print("\n".join(output.splitlines()[-60:]), file=sys.stderr)

print(f"{'service':10} {'role':11} {'operations':>10} {'cases':>7} {'failures':>8}")
for service, role, tested, cases, count in results:
    print(f"{service:10} {role:11} {tested:>10} {cases:>7} {count:>8}")
sys.exit(1 if failed else 0)
