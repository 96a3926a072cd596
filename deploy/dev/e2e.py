#!/usr/bin/env python3
"""End to end through the gateway: sign up with a code read from the dev mail folder, log in, refresh,
read and update the profile, log out; the gateway's own errors (404, 413, and 502 while catalog is down) must be
problem+json with the request id; then the catalog: an instructor builds a course, an admin approves it,
the public finds it, and identity's events rename its instructor — also across a SIGKILL and restart of
catalog, after which every event must have been applied exactly once; a student enrolls, completes and reviews,
and catalog shows the counts learning announced; then learning is killed (SIGKILL) while catalog delivers a
burst of course changes to it and its own counts travel to catalog, and after a restart every event, each way,
must have been applied exactly once. Exits non-zero with a message at the first broken step.

    E2E_DATABASE_URL=… E2E_CATALOG_PIDFILE=… E2E_LEARNING_PIDFILE=… E2E_RESTART='command' \
        e2e.py GATEWAY_URL MAIL_DIR
"""
import base64
import glob
import json
import os
import random
import re
import signal
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

base, mail_dir = sys.argv[1].rstrip("/"), sys.argv[2]


def call(method, path, body=None, token=None, expect=200, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
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


def expect_problem(method, path, expect, body=b"", request_id=None):
    """Checks that the gateway answers `expect` as problem+json with one request id in header and body."""
    request = urllib.request.Request(base + path, data=body or None, method=method)
    if request_id:
        request.add_header("X-Request-Id", request_id)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, raw = error.code, error.headers, error.read()
    where = f"e2e: {method} {path}"
    if status != expect:
        sys.exit(f"{where} answered {status}, expected {expect}: {raw[:300]!r}")
    if headers.get("Content-Type") != "application/problem+json":
        sys.exit(f"{where} answered {headers.get('Content-Type')}, not problem+json: {raw[:300]!r}")
    problem = json.loads(raw)
    header_id = headers.get("X-Request-Id")
    if not header_id or problem.get("requestId") != header_id or problem.get("status") != expect:
        sys.exit(f"{where}: X-Request-Id {header_id!r} and body {problem!r} do not agree")
    if request_id and re.fullmatch(r"[A-Za-z0-9._-]{1,128}", request_id) and header_id != request_id:
        sys.exit(f"{where}: the well-formed request id {request_id!r} came back as {header_id!r}")
    if request_id and not re.fullmatch(r"[A-Za-z0-9._-]{1,128}", request_id) and header_id == request_id:
        sys.exit(f"{where}: the malformed request id {request_id!r} was kept")


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
expect_problem("GET", "/internal/v1/anything", 404, request_id="e2e-internal-1")
oversized = b"x" * (1024 * 1024 + 1)
expect_problem("POST", "/v1/auth/signup", 413, body=oversized, request_id="e2e-oversized-1")
expect_problem("POST", "/v1/courses", 413, body=oversized, request_id="not well formed")
expect_problem("GET", "/nowhere", 404, request_id="x" * 200)
print("e2e: sign-up, login, refresh, profile and logout through the gateway work; its own errors are problems")


def psql(sql):
    output = subprocess.run(
        ["psql", os.environ["E2E_DATABASE_URL"], "-XAtq", "-c", sql], check=True, capture_output=True, text=True)
    return output.stdout.strip()


def process_state(pid):
    """The state letter of process `pid` (R, S, Z…), or None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None


def wait_for(what, check, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.2)
    sys.exit(f"e2e: {what} did not happen within {seconds} s")


demo_password = "campus-demo-password"
admin = call("POST", "/v1/auth/login", {"email": "admin@campus.localhost", "password": demo_password})["accessToken"]
teacher_login = call("POST", "/v1/auth/login", {"email": "instructor@campus.localhost", "password": demo_password})
teacher = teacher_login["accessToken"]
categories = call("GET", "/v1/categories")["items"]
if not categories:
    sys.exit("e2e: the demo catalog has no categories (catalog seed)")
word = "".join(random.choice(string.ascii_lowercase) for _ in range(12))
course = call("POST", "/v1/courses", {
    "title": f"Practical {word} for engineers", "description": f"Learn {word} end to end.",
    "categoryId": categories[0]["id"], "price": 0, "currency": "USD", "level": "beginner",
    "tags": ["E2E", "e2e"]}, token=teacher, expect=201)
if course["tags"] != ["e2e"]:
    sys.exit(f"e2e: tags were not lower-cased and de-duplicated: {course['tags']}")
section = call("POST", f"/v1/courses/{course['id']}/sections", {"title": "Start"}, token=teacher, expect=201)
section_id = section.get("id") or section["curriculum"][0]["id"]
call("POST", f"/v1/courses/{course['id']}/sections/{section_id}/lessons", {
    "title": "Welcome", "type": "video", "durationSeconds": 300, "isFreePreview": True,
    "videoUrl": "https://videos.example.com/welcome.mp4"}, token=teacher, expect=201)
call("POST", f"/v1/courses/{course['id']}/submit", {}, token=teacher)
call("GET", f"/v1/courses/{course['slug']}", expect=404)
call("POST", f"/v1/courses/{course['id']}/approve", {}, token=admin)
public = call("GET", f"/v1/courses/{course['slug']}")
if public["status"] != "published" or public["lessonCount"] != 1 or public["totalDurationSeconds"] != 300:
    sys.exit(f"e2e: the published course reads wrong: {public['status']}, {public['lessonCount']} lessons")
found = call("GET", f"/v1/courses?q={word}")["items"]
if [item["id"] for item in found] != [course["id"]]:
    sys.exit(f"e2e: searching for {word} found {[item['id'] for item in found]}")
call("GET", f"/internal/v1/courses/{course['id']}", expect=404)
print("e2e: an instructor's course is built, approved, published and found through the gateway")


def instructor_name():
    return call("GET", f"/v1/courses/{course['id']}")["instructor"]["name"]


call("PATCH", "/v1/me", {"firstName": "Irene"}, token=teacher)
wait_for("the instructor's new name reaching catalog", lambda: instructor_name() == "Irene Instructor")

# Catalog dies (SIGKILL) while identity's dispatcher is delivering a burst of renames, then comes back.
names = [f"Name{n}" for n in range(8)]
for n, name in enumerate(names):
    call("PATCH", "/v1/me", {"firstName": name}, token=teacher)
    if n == 2:
        killed = int(open(os.environ["E2E_CATALOG_PIDFILE"]).read())
        os.kill(killed, signal.SIGKILL)
wait_for("the killed catalog to be gone", lambda: process_state(killed) in (None, "Z", "X"), seconds=10)
expect_problem("GET", "/v1/categories", 502, request_id="e2e-upstream-down")
subprocess.run(os.environ["E2E_RESTART"], shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wait_for("the last rename reaching catalog after the restart",
         lambda: instructor_name() == f"{names[-1]} Instructor", seconds=60)
user_id = course["instructor"]["id"]
sent = psql(f"SELECT count(*) FROM identity.outbox WHERE topic = 'user.changed' AND payload->>'id' = '{user_id}'")
wait_for("every user.changed delivery to be marked delivered", lambda: psql(
    "SELECT count(*) FROM identity.outbox_deliveries d JOIN identity.outbox o ON o.id = d.event_id "
    f"WHERE o.payload->>'id' = '{user_id}' AND d.delivered_at IS NULL") == "0")
applied = psql(
    "SELECT count(*) FROM catalog.inbox i JOIN identity.outbox o ON o.id = i.event_id "
    f"WHERE o.topic = 'user.changed' AND o.payload->>'id' = '{user_id}'")
if sent != applied or int(sent) < len(names) + 1:
    sys.exit(f"e2e: identity wrote {sent} user.changed events for the instructor, catalog applied {applied}")
print(f"e2e: {sent} renames crossed from identity to catalog, each applied once, across a SIGKILL of catalog")

# Learning: the demo student enrolls in the new free course, watches it to the end, and catalog's course page
# shows the enrollment that learning announced (course.stats).
student = call("POST", "/v1/auth/login", {"email": "student@campus.localhost", "password": demo_password})["accessToken"]
preview = call("GET", f"/v1/learn/{course['id']}")
if preview["accessLevel"] != "preview" or preview["lessonCount"] != 1:
    sys.exit(f"e2e: the player shows the new course wrong before enrolling: {preview}")
enrollment = call("POST", "/v1/enrollments", {"courseId": course["id"]}, token=student, expect=201)
call("POST", "/v1/enrollments", {"courseId": course["id"]}, token=student, expect=200)
player = call("GET", f"/v1/learn/{course['id']}", token=student)
lessons = [lesson for section in player["sections"] for lesson in section["lessons"]]
if player["accessLevel"] != "full" or not all(lesson.get("videoUrl") for lesson in lessons):
    sys.exit(f"e2e: an enrolled student does not get every video: {player}")
for lesson in lessons:
    done = call("POST", f"/v1/learn/{course['id']}/lessons/{lesson['id']}/complete", token=student)
if done["progressPercent"] != 100 or done["status"] != "completed":
    sys.exit(f"e2e: watching every lesson did not complete the enrollment: {done}")
mine = [item["id"] for item in call("GET", "/v1/enrollments?status=completed", token=student)["items"]]
if enrollment["id"] not in mine:
    sys.exit("e2e: the completed enrollment is not among the student's completed ones")
call("GET", "/internal/v1/enrollments?userId=x&courseIds=y", expect=404)

# The completion earned a certificate: public by its code, and verifiable offline, by code nobody here wrote, from
# its JWS and the keys learning publishes.
def certificates():
    return call("GET", "/v1/certificates", token=student)["items"]


wait_for("the student's certificate", lambda: any(c["courseId"] == course["id"] for c in certificates()))
certificate = next(c for c in certificates() if c["courseId"] == course["id"])
shown = call("GET", f"/v1/certificates/{certificate['code'].lower().replace('-', '')}")
if shown["status"] != "valid" or shown["courseTitle"] != course["title"] or not shown["holderName"]:
    sys.exit(f"e2e: the certificate reads wrong: {shown}")


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_certificate(token):
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    header_part, payload_part, signature_part = token.split(".")
    header = json.loads(b64url(header_part))
    keys = {key["kid"]: key for key in call("GET", "/v1/certificates/jwks.json")["keys"]}
    if header.get("alg") != "EdDSA" or header.get("kid") not in keys:
        return None
    key = Ed25519PublicKey.from_public_bytes(b64url(keys[header["kid"]]["x"]))
    try:
        key.verify(b64url(signature_part), f"{header_part}.{payload_part}".encode())
    except InvalidSignature:
        return None
    return json.loads(b64url(payload_part))


claims = verify_certificate(shown["token"])
if not claims or claims["sub"] != certificate["code"] or claims["courseId"] != course["id"] \
        or claims["name"] != shown["holderName"]:
    sys.exit(f"e2e: the certificate's JWS does not verify against learning's keys: {claims}")
head, body, signature = shown["token"].split(".")
forged = base64.urlsafe_b64encode(json.dumps({**claims, "name": "Mallory"}).encode()).decode().rstrip("=")
if verify_certificate(f"{head}.{forged}.{signature}") is not None:
    sys.exit("e2e: a certificate with a changed name still verified")
request = urllib.request.Request(f"{base}/v1/certificates/{certificate['code']}", headers={"Accept": "text/html"})
with urllib.request.urlopen(request, timeout=10) as answer:
    page = answer.read().decode()
    if not answer.headers["Content-Type"].startswith("text/html") or certificate["code"] not in page:
        sys.exit("e2e: the certificate's printable page is missing")
print("e2e: the completed course earned a certificate, verified by its code and offline by its signature")
wait_for("learning's enrollment count reaching catalog",
         lambda: call("GET", f"/v1/courses/{course['id']}")["enrollmentCount"] == 1)
review = call("POST", "/v1/reviews", {"courseId": course["id"], "rating": 4, "comment": "Clear and short."},
              token=student, expect=201)
call("POST", "/v1/reviews", {"courseId": course["id"], "rating": 5}, token=student, expect=409)
listed = call("GET", f"/v1/reviews?courseId={course['id']}")
if [item["id"] for item in listed["items"]] != [review["id"]] or listed["summary"]["average"] != 4:
    sys.exit(f"e2e: the course's reviews read wrong: {listed}")
wait_for("learning's rating reaching catalog", lambda: (
    lambda page: page["ratingCount"] == 1 and page["ratingAverage"] == 4)(call("GET", f"/v1/courses/{course['id']}")))
print("e2e: a student enrolls, watches every lesson, completes and reviews; catalog shows the count and rating")

# The instructor sees the student and the course's statistics through the gateway (learning), the student does not;
# the student's data export holds learning's part.
students = call("GET", f"/v1/instructor/students?courseId={course['id']}", token=teacher)["items"]
if [item["enrollmentId"] for item in students] != [enrollment["id"]] or students[0]["progressPercent"] != 100:
    sys.exit(f"e2e: the instructor's list of students reads wrong: {students}")
stats = call("GET", f"/v1/instructor/courses/{course['id']}/stats?days=7", token=teacher)
if (stats["totalEnrollments"], stats["statusCounts"]["completed"], stats["rating"]["count"]) != (1, 1, 1) \
        or len(stats["enrollmentsPerDay"]) != 7 or stats["enrollmentsPerDay"][-1]["count"] != 1:
    sys.exit(f"e2e: the course's statistics read wrong: {stats}")
call("GET", f"/v1/instructor/courses/{course['id']}/stats", token=student, expect=403)
call("GET", "/v1/instructor/courses?limit=1", token=teacher)
export = call("GET", "/v1/me/export", token=student)
learned = export.get("learning") or {}
if enrollment["id"] not in [item["id"] for item in learned.get("enrollments", [])] \
        or review["id"] not in [item["id"] for item in learned.get("reviews", [])]:
    sys.exit(f"e2e: the student's export lacks learning's enrollment or review: {str(learned)[:300]}")
call("GET", f"/internal/v1/users/{export['account']['id']}/export", expect=404)
print("e2e: the instructor sees the student and the statistics; the student's export holds learning's data")

# Learning dies (SIGKILL) while catalog is delivering a burst of course.changed events to it (the instructor renames
# the course again and again) and while its own course.stats for a second enrollment and review may still be on
# the way to catalog; after a restart every event must have been applied exactly once, each way.
second = call("POST", "/v1/auth/login", {"email": email, "password": password})["accessToken"]
call("POST", "/v1/enrollments", {"courseId": course["id"]}, token=second, expect=201)
call("POST", "/v1/reviews", {"courseId": course["id"], "rating": 5}, token=second, expect=201)
version = call("GET", f"/v1/courses/{course['id']}", token=teacher)["version"]
titles = [f"Practical {word} for engineers, take {n}" for n in range(8)]
for n, title in enumerate(titles):
    version = call("PATCH", f"/v1/courses/{course['id']}", {"title": title, "version": version},
                   token=teacher)["version"]
    if n == 2:
        killed = int(open(os.environ["E2E_LEARNING_PIDFILE"]).read())
        os.kill(killed, signal.SIGKILL)
wait_for("the killed learning to be gone", lambda: process_state(killed) in (None, "Z", "X"), seconds=10)
expect_problem("GET", f"/v1/learn/{course['id']}", 502, request_id="e2e-learning-down")
subprocess.run(os.environ["E2E_RESTART"], shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wait_for("the last title reaching learning after the restart",
         lambda: call("GET", f"/v1/learn/{course['id']}", token=student)["title"] == titles[-1], seconds=90)


def undelivered(schema, topic, key, subscriber):
    """Events of `topic` about the course in `schema`'s outbox not yet delivered to `subscriber`."""
    return psql(
        f"SELECT count(*) FROM {schema}.outbox o WHERE o.topic = '{topic}' AND o.payload->>'{key}' = '{course['id']}' "
        f"AND NOT EXISTS (SELECT 1 FROM {schema}.outbox_deliveries d WHERE d.event_id = o.id "
        f"AND d.subscriber = '{subscriber}' AND d.delivered_at IS NOT NULL)")


def crossed(source, target, topic, key):
    """How many events of `topic` about the course `source` wrote, and how many of them `target` applied."""
    sent = psql(f"SELECT count(*) FROM {source}.outbox WHERE topic = '{topic}' AND payload->>'{key}' = '{course['id']}'")
    applied = psql(
        f"SELECT count(*) FROM {target}.inbox i JOIN {source}.outbox o ON o.id = i.event_id "
        f"WHERE o.topic = '{topic}' AND o.payload->>'{key}' = '{course['id']}'")
    return int(sent), int(applied)


wait_for("every course.changed delivery to learning to be marked delivered",
         lambda: undelivered("catalog", "course.changed", "id", "learning") == "0", seconds=90)
sent, applied = crossed("catalog", "learning", "course.changed", "id")
if sent != applied or sent < len(titles) + 2:
    sys.exit(f"e2e: catalog wrote {sent} course.changed events for the course, learning applied {applied}")
snapshot = psql(f"SELECT version || ' ' || title FROM learning.course_snapshots WHERE course_id = '{course['id']}'")
if snapshot != f"{version} {titles[-1]}":
    sys.exit(f"e2e: learning's copy of the course is {snapshot!r}, catalog's is {version} {titles[-1]!r}")
wait_for("every course.stats delivery to catalog to be marked delivered",
         lambda: undelivered("learning", "course.stats", "courseId", "catalog") == "0", seconds=90)
stats_sent, stats_applied = crossed("learning", "catalog", "course.stats", "courseId")
if stats_sent != stats_applied or stats_sent < 4:
    sys.exit(f"e2e: learning wrote {stats_sent} course.stats events for the course, catalog applied {stats_applied}")
page = call("GET", f"/v1/courses/{course['id']}")
if (page["enrollmentCount"], page["ratingCount"], page["ratingAverage"]) != (2, 2, 4.5):
    sys.exit(f"e2e: after the restart catalog shows {page['enrollmentCount']} enrollments and "
             f"{page['ratingCount']} ratings averaging {page['ratingAverage']}, expected 2, 2 and 4.5")
print(f"e2e: {sent} course changes crossed from catalog to learning and {stats_sent} course counts back, "
      "each applied once, across a SIGKILL of learning")

# The account that enrolled and reviewed above deletes itself at identity and is erased at learning (user.deleted):
# its enrollment stays only as a count, its review leaves the course's rating in catalog.
call("DELETE", "/v1/me", {"password": password}, token=second, expect=204)
wait_for("learning erasing the deleted account", lambda: psql(
    f"SELECT count(*) FROM learning.enrollments WHERE user_id = '{me['account']['id']}'") == "0")
wait_for("the erased review leaving catalog's rating", lambda: (
    lambda page: (page["ratingCount"], page["ratingAverage"], page["enrollmentCount"]) == (1, 4, 2))(
        call("GET", f"/v1/courses/{course['id']}")))
stats = call("GET", f"/v1/instructor/courses/{course['id']}/stats", token=teacher)
if (stats["totalEnrollments"], stats["erasedEnrollments"], stats["rating"]["count"]) != (2, 1, 1):
    sys.exit(f"e2e: the statistics after the erasure read wrong: {stats}")
print("e2e: a deleted account is erased at learning; its enrollment still counts and its rating is gone")

# Billing: a paid course is bought with cash. The quote is priced by the server, the checkout is a pending payment
# (no access yet), an admin marks it paid, and learning opens the course when payment.completed arrives.
paid = call("POST", "/v1/courses", {
    "title": f"Paid {word} in depth", "description": f"Everything about {word}.",
    "categoryId": categories[0]["id"], "price": 4900, "currency": "USD", "level": "beginner", "tags": ["e2e"]},
    token=teacher, expect=201)
paid_section = call("POST", f"/v1/courses/{paid['id']}/sections", {"title": "Start"}, token=teacher, expect=201)
paid_section_id = paid_section.get("id") or paid_section["curriculum"][0]["id"]
call("POST", f"/v1/courses/{paid['id']}/sections/{paid_section_id}/lessons", {
    "title": "Inside", "type": "video", "durationSeconds": 120, "isFreePreview": False,
    "videoUrl": "https://videos.example.com/inside.mp4"}, token=teacher, expect=201)
call("POST", f"/v1/courses/{paid['id']}/submit", {}, token=teacher)
call("POST", f"/v1/courses/{paid['id']}/approve", {}, token=admin)
call("POST", "/v1/enrollments", {"courseId": paid["id"]}, token=student, expect=402)
quote = call("POST", "/v1/checkout/quote", {"courseIds": [paid["id"]], "price": 1}, token=student, expect=400)
quote = call("POST", "/v1/checkout/quote", {"courseIds": [paid["id"]]}, token=student)
if (quote["currency"], quote["total"]) != ("USD", 4900):
    sys.exit(f"e2e: the quote for a 49.00 USD course reads {quote}")
checkout_body = {"courseIds": [paid["id"]], "method": "cash", "billingAddress": {
    "name": "Sam Student", "email": "student@campus.localhost", "line1": "1 Campus Road", "city": "Dhaka",
    "country": "BD"}}
call("POST", "/v1/checkout", checkout_body, token=student, expect=400)
key = {"Idempotency-Key": str(uuid.uuid4())}
payment = call("POST", "/v1/checkout", checkout_body, token=student, expect=201, headers=key)
again = call("POST", "/v1/checkout", checkout_body, token=student, expect=201, headers=key)
if again["id"] != payment["id"] or payment["status"] != "pending":
    sys.exit(f"e2e: a retried checkout made another payment or the first is not pending: {payment} {again}")
wait_for("learning holding the pending enrollment", lambda: psql(
    f"SELECT status FROM learning.enrollments WHERE course_id = '{paid['id']}'") == "pending")
if call("GET", f"/v1/learn/{paid['id']}", token=student)["accessLevel"] == "full":
    sys.exit("e2e: a pending payment already opens the course")
paid_now = call("POST", f"/v1/admin/payments/{payment['id']}/mark-paid", {"reference": "e2e cash"}, token=admin,
                headers={"Idempotency-Key": str(uuid.uuid4())})
if paid_now["status"] != "completed" or not paid_now["receiptNumber"].startswith("R-"):
    sys.exit(f"e2e: marking the cash paid gave {paid_now}")
wait_for("the paid course opening in the player", lambda: call(
    "GET", f"/v1/learn/{paid['id']}", token=student)["accessLevel"] == "full")
call("POST", "/v1/checkout", checkout_body, token=student, expect=409, headers={"Idempotency-Key": "other"})
print(f"e2e: a paid course bought with cash ({paid_now['receiptNumber']}) opens once billing's event reaches learning")
