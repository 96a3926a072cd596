#!/usr/bin/env python3
"""Checks deploy/fakes/stripe_fake.py against the official Stripe Python library.

    python3 deploy/fakes/check_stripe_fake.py

Needs the `stripe` package pinned in deploy/fakes/stripe.requirements.txt. When the running
interpreter lacks it, the check re-runs itself with the virtualenv at $CAMPUS_STRIPE_VENV
(default /var/tmp/campus-stripe-venv), made with:

    python3 -m venv /var/tmp/campus-stripe-venv
    /var/tmp/campus-stripe-venv/bin/pip install -r deploy/fakes/stripe.requirements.txt

It makes a throw-away CA with deploy/fakes/test-ca.sh, starts the fake on a free loopback
port with two webhook secrets, starts a plain-HTTP webhook receiver on loopback, and drives
the fake through the library (TLS verified against the test CA) and the control API.
Exit 0 when everything holds; otherwise a message naming the failed expectation, and 1.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.environ.get("CAMPUS_STRIPE_VENV", "/var/tmp/campus-stripe-venv")
REQUIREMENTS = os.path.join(HERE, "stripe.requirements.txt")

try:
    import stripe
except ImportError:
    venv_python = os.path.join(VENV, "bin", "python3")
    if os.path.exists(venv_python) and os.path.abspath(sys.prefix) != os.path.abspath(VENV) \
            and not os.environ.get("CAMPUS_STRIPE_CHECK_REEXEC"):
        os.environ["CAMPUS_STRIPE_CHECK_REEXEC"] = "1"
        os.execv(venv_python, [venv_python] + sys.argv)
    sys.exit("check_stripe_fake: the `stripe` package is not importable. Install it with:\n"
             "  python3 -m venv %s\n  %s/bin/pip install -r %s\n"
             "then run this check again (or with %s/bin/python3)." % (VENV, VENV, REQUIREMENTS, VENV))

import hmac  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import selectors  # noqa: E402
import signal  # noqa: E402
import ssl  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
from base64 import b64encode  # noqa: E402
from hashlib import sha256  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402

API_KEY = "sk_test_campus"
SECRETS = ("whsec_campus_one", "whsec_campus_two")
FAKE = os.path.join(HERE, "stripe_fake.py")
CA_SCRIPT = os.path.join(HERE, "test-ca.sh")
SignatureVerificationError = getattr(stripe, "SignatureVerificationError", None) or \
    stripe.error.SignatureVerificationError  # older library versions


class CheckFailed(Exception):
    pass


PASSED = []


def ok(condition, what):
    if not condition:
        raise CheckFailed(what)
    PASSED.append(what)


def expect_error(cls, fn, what, **attrs):
    try:
        fn()
    except cls as exc:
        for name, want in attrs.items():
            got = getattr(exc, name, None)
            if got != want:
                raise CheckFailed("%s: %s.%s is %r, expected %r (%s)" % (what, cls.__name__, name, got, want, exc))
        PASSED.append(what)
        return exc
    except Exception as exc:  # the wrong error
        raise CheckFailed("%s: expected %s, got %s: %s" % (what, cls.__name__, type(exc).__name__, exc))
    raise CheckFailed("%s: expected %s, but the call succeeded" % (what, cls.__name__))


def wait_until(fn, what, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise CheckFailed("timed out after %.0fs waiting for %s" % (timeout, what))
        time.sleep(0.02)


# ----------------------------------------------------------------- webhook receiver

class Receiver:
    def __init__(self):
        self.lock = threading.Lock()
        self.hooks = []  # {"headers": {...}, "body": bytes, "path": str}
        self.fail_next = 0
        receiver = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    failing = receiver.fail_next > 0
                    if failing:
                        receiver.fail_next -= 1
                    receiver.hooks.append({"headers": {k.lower(): v for k, v in self.headers.items()},
                                           "body": body, "path": self.path, "answered": 500 if failing else 200})
                answer = b'{"received": false}' if failing else b'{"received": true}'
                self.send_response(500 if failing else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d/v1/webhooks/stripe" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def snapshot(self):
        with self.lock:
            return list(self.hooks)

    def for_event(self, event_id):
        return [h for h in self.snapshot() if json.loads(h["body"])["id"] == event_id]


# ---------------------------------------------------------------- control client

class Control:
    def __init__(self, url, cafile):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.ctx = ssl.create_default_context(cafile=cafile)

    def raw(self, method, path, body=None, headers=None):
        conn = http.client.HTTPSConnection(self.host, self.port, context=self.ctx, timeout=15)
        try:
            conn.request(method, path, body, headers or {})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def __call__(self, method, path, body=None, expect=200):
        data = json.dumps(body).encode() if body is not None else None
        status, _, raw = self.raw(method, path, data, {"Content-Type": "application/json"} if data else {})
        parsed = json.loads(raw)
        if expect is not None and status != expect:
            raise CheckFailed("control %s %s answered %d, expected %d: %s" % (method, path, status, expect, raw[:300]))
        return parsed


# ------------------------------------------------------------------------- check

def run(tmp):
    ca_dir = os.path.join(tmp, "ca")
    subprocess.run(["bash", CA_SCRIPT, ca_dir], check=True)
    ca = os.path.join(ca_dir, "ca.pem")
    receiver = Receiver()

    fake_log = open(os.path.join(tmp, "fake.log"), "w+")
    cmd = [sys.executable, FAKE, "--host", "127.0.0.1", "--port", "0",
           "--cert", os.path.join(ca_dir, "server.pem"), "--key", os.path.join(ca_dir, "server.key"),
           "--api-key", API_KEY, "--webhook-url", receiver.url,
           "--webhook-secret", SECRETS[0], "--webhook-secret", SECRETS[1], "--webhook-retry-delay", "0.1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=fake_log, text=True)
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout=15):
            raise CheckFailed("the fake printed no JSON line within 15s")
        line = proc.stdout.readline()
        try:
            url = json.loads(line)["url"]
        except (ValueError, KeyError):
            raise CheckFailed("the fake's first stdout line is not {\"url\": ...}: %r" % line)
        ok(url.startswith("https://127.0.0.1:"), "fake announces an https loopback URL")
        scenario(url, ca, receiver, Control(url, ca))
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            raise CheckFailed("the fake did not stop within 10s of SIGTERM")
        ok(code == 0, "fake exits 0 on SIGTERM (got %s)" % code)
        rest = proc.stdout.read()
        ok(rest == "", "fake printed nothing but the URL line to stdout (extra: %r)" % rest[:200])
    except BaseException:
        fake_log.flush()
        fake_log.seek(0)
        tail = fake_log.read()[-4000:]
        sys.stderr.write("---- fake stderr (tail) ----\n%s\n----------------------------\n" % tail)
        raise
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        receiver.server.shutdown()


def scenario(url, ca, receiver, ctl):
    stripe.api_key = API_KEY
    stripe.api_base = url
    stripe.enable_telemetry = False

    # TLS is verified: the library's own CA bundle does not know our test CA.
    stripe.max_network_retries = 0
    expect_error(stripe.APIConnectionError, lambda: stripe.PaymentIntent.retrieve("pi_nothing"),
                 "a client without the test CA refuses the fake's certificate")
    stripe.default_http_client = None  # a fresh client, so no connection is reused
    stripe.ca_bundle_path = ca
    stripe.max_network_retries = 2

    expect_error(stripe.AuthenticationError,
                 lambda: stripe.PaymentIntent.retrieve("pi_nothing", api_key="sk_test_wrong"),
                 "a wrong API key is refused with 401", http_status=401)

    # ---- PaymentIntent create / idempotency
    params = dict(amount=2500, currency="usd", description="Swift 101 – Café edition",
                  receipt_email="learner@example.com", automatic_payment_methods={"enabled": True},
                  metadata={"payment_id": "pay_check_1", "course": "swift-101"})
    pi1 = stripe.PaymentIntent.create(idempotency_key="campus-check-1", **params)
    ok(pi1.id.startswith("pi_") and pi1.object == "payment_intent", "create returns a PaymentIntent pi_...")
    ok(pi1.status == "requires_payment_method", "new intent requires_payment_method")
    ok(pi1.amount == 2500 and pi1.currency == "usd" and pi1.amount_received == 0, "amount and currency kept")
    ok(pi1.client_secret.startswith(pi1.id + "_secret_"), "client_secret is pi_..._secret_...")
    ok(pi1.metadata.to_dict() == {"payment_id": "pay_check_1", "course": "swift-101"}, "metadata kept")
    ok(pi1.livemode is False and pi1.latest_charge is None and pi1.last_payment_error is None,
       "livemode false, no charge, no error yet")
    ok(pi1.automatic_payment_methods.enabled is True and pi1.payment_method_types == ["card"],
       "automatic_payment_methods and payment_method_types")
    ok(pi1.description == params["description"] and pi1.receipt_email == params["receipt_email"],
       "description (non-ASCII) and receipt_email kept")
    ok(pi1.last_response.request_id.startswith("req_"), "Request-Id header req_...")

    again = stripe.PaymentIntent.create(idempotency_key="campus-check-1", **params)
    ok(again.id == pi1.id, "same Idempotency-Key and parameters give the same intent")
    ok(again.last_response.headers.get("Idempotent-Replayed") == "true", "replay says Idempotent-Replayed: true")
    expect_error(stripe.IdempotencyError,
                 lambda: stripe.PaymentIntent.create(idempotency_key="campus-check-1", **dict(params, amount=9999)),
                 "same key with other parameters raises IdempotencyError", http_status=400)

    # ---- Stripe's parameter errors
    expect_error(stripe.InvalidRequestError, lambda: stripe.PaymentIntent.create(amount=100, currency="usd", bogus="x"),
                 "unknown parameter", code="parameter_unknown", param="bogus", http_status=400)
    expect_error(stripe.InvalidRequestError, lambda: stripe.PaymentIntent.create(amount=100),
                 "missing currency", code="parameter_missing", param="currency")
    expect_error(stripe.InvalidRequestError, lambda: stripe.PaymentIntent.create(amount="ten", currency="usd"),
                 "non-integer amount", code="parameter_invalid_integer", param="amount")
    expect_error(stripe.InvalidRequestError, lambda: stripe.PaymentIntent.retrieve("pi_doesnotexist"),
                 "unknown id is 404 resource_missing", code="resource_missing", http_status=404)

    got = stripe.PaymentIntent.retrieve(pi1.id)
    ok(got.id == pi1.id and got.status == "requires_payment_method" and got.amount == 2500, "retrieve the intent")

    # ---- the customer pays; refunds
    ctl("POST", "/_fake/payment_intents/%s/succeed" % pi1.id)
    paid = stripe.PaymentIntent.retrieve(pi1.id)
    ok(paid.status == "succeeded" and paid.amount_received == 2500, "after succeed: status succeeded, amount_received")
    ok(paid.latest_charge and paid.latest_charge.startswith("ch_"), "after succeed: latest_charge ch_...")
    expanded = stripe.PaymentIntent.retrieve(pi1.id, expand=["latest_charge"])
    ok(expanded.latest_charge.object == "charge" and expanded.latest_charge.amount == 2500,
       "expand[]=latest_charge gives the Charge")

    r1 = stripe.Refund.create(payment_intent=pi1.id, amount=1000, reason="requested_by_customer",
                              metadata={"payment_id": "pay_check_1"})
    ok(r1.id.startswith("re_") and r1.object == "refund" and r1.status == "succeeded", "partial refund re_... succeeded")
    ok(r1.amount == 1000 and r1.charge == paid.latest_charge and r1.payment_intent == pi1.id and r1.currency == "usd",
       "refund points at the charge and intent")
    expect_error(stripe.InvalidRequestError, lambda: stripe.Refund.create(payment_intent=pi1.id, amount=5000),
                 "refunding more than remains is refused", code="amount_too_large", param="amount")
    r2 = stripe.Refund.create(payment_intent=pi1.id)
    ok(r2.amount == 1500, "refund without amount takes what remains (1500)")
    ok(stripe.Refund.retrieve(r1.id).amount == 1000, "retrieve the refund")
    expect_error(stripe.InvalidRequestError, lambda: stripe.Refund.create(payment_intent=pi1.id, amount=1),
                 "refunding a fully refunded charge is refused", code="charge_already_refunded")
    charge = stripe.Charge.retrieve(paid.latest_charge)
    ok(charge.amount_refunded == 2500 and charge.refunded is True, "charge fully refunded")

    # ---- cancel
    pi2 = stripe.PaymentIntent.create(amount=1200, currency="eur", payment_method_types=["card"],
                                      metadata={"payment_id": "pay_check_2"})
    expect_error(stripe.InvalidRequestError, lambda: stripe.Refund.create(payment_intent=pi2.id),
                 "refunding an unpaid intent is refused")
    canceled = stripe.PaymentIntent.cancel(pi2.id, cancellation_reason="requested_by_customer")
    ok(canceled.status == "canceled" and canceled.cancellation_reason == "requested_by_customer"
       and canceled.canceled_at, "cancel an open intent")
    expect_error(stripe.InvalidRequestError, lambda: stripe.PaymentIntent.cancel(pi1.id),
                 "cancelling a succeeded intent is refused", code="payment_intent_unexpected_state")

    # ---- a declined card, then paying by payment_id; pending refunds
    pi3 = stripe.PaymentIntent.create(amount=4000, currency="usd", metadata={"payment_id": "pay_check_3"})
    ctl("POST", "/_fake/payment_intents/%s/fail" % pi3.id)
    failed = stripe.PaymentIntent.retrieve(pi3.id)
    ok(failed.status == "requires_payment_method" and failed.last_payment_error.code == "card_declined",
       "fail: requires_payment_method with card_declined")
    ctl("POST", "/_fake/pay/pay_check_3")
    ok(stripe.PaymentIntent.retrieve(pi3.id).status == "succeeded", "pay by metadata[payment_id]")
    ctl("POST", "/_fake/pay/pay_unknown", expect=404)
    ctl("POST", "/_fake/script", {"refundStatus": "pending"})
    r3 = stripe.Refund.create(payment_intent=pi3.id, amount=500)
    r4 = stripe.Refund.create(payment_intent=pi3.id, amount=700)
    ok(r3.status == "pending" and r4.status == "pending", "scripted refunds are pending")
    ctl("POST", "/_fake/refunds/%s/settle" % r3.id, {"status": "succeeded"})
    ctl("POST", "/_fake/refunds/%s/settle" % r4.id, {"status": "failed"})
    ok(stripe.Refund.retrieve(r3.id).status == "succeeded", "settled refund succeeded")
    ok(stripe.Refund.retrieve(r4.id).status == "failed", "settled refund failed")
    ok(stripe.Charge.retrieve(stripe.PaymentIntent.retrieve(pi3.id).latest_charge).amount_refunded == 500,
       "a failed refund gives its amount back to the charge")
    ctl("POST", "/_fake/script", {"refundStatus": "succeeded"})

    # ---- events API
    recorded = ctl("GET", "/_fake/events")["data"]
    ids_oldest_first = [e["id"] for e in recorded]
    page1 = stripe.Event.list(limit=3)
    ok([e.id for e in page1.data] == ids_oldest_first[::-1][:3] and page1.has_more, "events list: newest first, has_more")
    page2 = stripe.Event.list(limit=3, starting_after=page1.data[-1].id)
    ok([e.id for e in page2.data] == ids_oldest_first[::-1][3:6], "events list: starting_after pages on")
    every = [e.id for e in stripe.Event.list(limit=4).auto_paging_iter()]
    ok(every == ids_oldest_first[::-1], "auto-paging lists every event once")
    ev = stripe.Event.retrieve(ids_oldest_first[0])
    ok(ev.object == "event" and ev.type == "payment_intent.created" and ev.data.object.id == pi1.id
       and ev.request.idempotency_key == "campus-check-1" and ev.api_version and ev.livemode is False,
       "retrieve an event with data.object, request, api_version")

    # ---- webhooks: every event arrives, signed with both secrets
    wait_until(lambda: all(e["state"] == "delivered" for e in ctl("GET", "/_fake/events")["data"]),
               "every event delivered")
    hooks = receiver.snapshot()
    ok(len(hooks) == len(ids_oldest_first), "one webhook per event (%d, got %d)" % (len(ids_oldest_first), len(hooks)))
    ok(all(h["headers"].get("content-type") == "application/json; charset=utf-8" for h in hooks),
       "webhooks are sent as application/json; charset=utf-8")
    ok(all(h["headers"].get("stripe-signature", "").count("v1=") == 2 for h in hooks),
       "every Stripe-Signature has one v1 per secret")
    seen = []
    for h in hooks:
        for secret in SECRETS:
            try:
                event = stripe.Webhook.construct_event(h["body"], h["headers"]["stripe-signature"], secret)
            except SignatureVerificationError as exc:
                raise CheckFailed("construct_event refused a webhook with secret %s: %s" % (secret, exc))
        seen.append(event)
    PASSED.append("construct_event accepts every webhook with either secret")
    ok([e.id for e in seen] == ids_oldest_first, "webhooks arrive in the order the events happened")
    types = {e.type for e in seen}
    expected = {"payment_intent.created", "payment_intent.succeeded", "payment_intent.payment_failed",
                "payment_intent.canceled", "charge.succeeded", "charge.refunded", "refund.created", "refund.updated"}
    ok(expected <= types, "webhook types include %s (missing %s)" % (sorted(expected), sorted(expected - types)))
    pi1_types = [e.type for e in seen if e.data.object.to_dict().get("payment_intent", e.data.object.id) == pi1.id]
    ok(pi1_types == ["payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "refund.created",
                     "charge.refunded", "refund.created", "charge.refunded"], "events of the first intent: %s" % pi1_types)
    refunded = [e.data.object for e in seen if e.type == "charge.refunded" and e.data.object.id == paid.latest_charge]
    ok([(c.amount_refunded, c.refunded) for c in refunded] == [(1000, False), (2500, True)],
       "charge.refunded carries amount_refunded; refunded only when full")
    ok(seen[0].data.object.description == params["description"], "non-ASCII text survives signing")

    body, sig = hooks[0]["body"], hooks[0]["headers"]["stripe-signature"]
    expect_error(SignatureVerificationError,
                 lambda: stripe.Webhook.construct_event(body.replace(b"2500", b"2501"), sig, SECRETS[0]),
                 "a changed body fails verification")
    expect_error(SignatureVerificationError, lambda: stripe.Webhook.construct_event(body, sig, "whsec_other"),
                 "another secret fails verification")
    t = int(sig.split(",")[0][2:])
    mine = hmac.new(SECRETS[1].encode(), b"%d." % t + body, sha256).hexdigest()
    ok(mine in sig, "v1 is HMAC-SHA256 of '<t>.<raw body>'")

    # a webhook signed with an old timestamp (resent through the control API)
    old = int(time.time()) - 3600
    ctl("POST", "/_fake/events/%s/resend" % ids_oldest_first[0], {"timestamp": old})
    resent = wait_until(lambda: len(receiver.for_event(ids_oldest_first[0])) >= 2 and receiver.for_event(ids_oldest_first[0])[-1],
                        "the resent webhook")
    ok(resent["headers"]["stripe-signature"].startswith("t=%d," % old), "resend signs with the given timestamp")
    expect_error(SignatureVerificationError,
                 lambda: stripe.Webhook.construct_event(resent["body"], resent["headers"]["stripe-signature"], SECRETS[0]),
                 "a timestamp older than the tolerance fails verification")
    ok(stripe.Webhook.construct_event(resent["body"], resent["headers"]["stripe-signature"], SECRETS[0],
                                      tolerance=7200).id == ids_oldest_first[0], "the old signature itself is valid")

    # ---- retries after a failing receiver
    receiver.fail_next = 1
    pi4 = stripe.PaymentIntent.create(amount=300, currency="usd")
    created4 = wait_until(lambda: [e for e in ctl("GET", "/_fake/events?type=payment_intent.created")["data"]
                                   if e["event"]["data"]["object"]["id"] == pi4.id and e["state"] == "delivered"],
                          "the retried webhook")[0]
    ok([a["status"] for a in created4["attempts"]] == [500, 200], "a 500 answer is retried (%s)" % created4["attempts"])

    # ---- hold, then release in reverse
    ctl("POST", "/_fake/script", {"holdWebhooks": True})
    pi5 = stripe.PaymentIntent.create(amount=700, currency="usd", metadata={"payment_id": "pay_check_5"})
    ctl("POST", "/_fake/pay/pay_check_5")
    held = [e for e in ctl("GET", "/_fake/events")["data"] if e["state"] == "held"]
    ok([e["type"] for e in held] == ["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"],
       "held events are queued")
    before = len(receiver.snapshot())
    time.sleep(0.3)
    ok(len(receiver.snapshot()) == before, "held events are not sent")
    released = ctl("POST", "/_fake/release", {"order": "reverse"})
    ok(released["released"] == [e["id"] for e in held][::-1], "release reverse answers the order")
    wait_until(lambda: len(receiver.snapshot()) >= before + 3, "the released webhooks")
    arrived = [json.loads(h["body"])["id"] for h in receiver.snapshot()[before:]]
    ok(arrived == [e["id"] for e in held][::-1], "released webhooks arrive in reverse order")
    ok(ctl("GET", "/_fake/script")["holdWebhooks"] is False, "release stops holding")
    ok(held[0]["event"]["data"]["object"]["id"] == pi5.id, "the held events are the new intent's")

    # ---- duplicates
    ctl("POST", "/_fake/script", {"duplicateWebhooks": 2})
    pi6 = stripe.PaymentIntent.create(amount=800, currency="usd")
    ev6 = [e for e in ctl("GET", "/_fake/events?type=payment_intent.created")["data"]
           if e["event"]["data"]["object"]["id"] == pi6.id][0]
    dups = wait_until(lambda: len(receiver.for_event(ev6["id"])) >= 2 and receiver.for_event(ev6["id"]), "duplicates")
    ok(len(dups) == 2 and all(stripe.Webhook.construct_event(h["body"], h["headers"]["stripe-signature"], SECRETS[1]).id
                              == ev6["id"] for h in dups), "duplicateWebhooks: 2 delivers twice with the same event id")
    ctl("POST", "/_fake/script", {"duplicateWebhooks": 1, "dropWebhooks": True})
    pi7 = stripe.PaymentIntent.create(amount=900, currency="usd")
    time.sleep(0.3)
    ev7 = [e for e in ctl("GET", "/_fake/events?type=payment_intent.created")["data"]
           if e["event"]["data"]["object"]["id"] == pi7.id][0]
    ok(ev7["state"] == "dropped" and not receiver.for_event(ev7["id"]), "dropWebhooks records but does not send")
    ctl("POST", "/_fake/script", {"dropWebhooks": False})

    # ---- injected API failures: the library retries with the same Idempotency-Key
    ctl("POST", "/_fake/script", {"failNext": {"method": "POST", "path": "/v1/payment_intents", "status": 500, "count": 1}})
    pi8 = stripe.PaymentIntent.create(amount=1000, currency="usd", idempotency_key="campus-check-retry")
    tries = [r for r in ctl("GET", "/_fake/requests")["data"] if r["idempotencyKey"] == "campus-check-retry"]
    ok([r["status"] for r in tries] == [500, 200] and tries[0]["injected"], "failNext 500, the library's retry succeeds")
    ok(pi8.id.startswith("pi_"), "the retried create returns the intent")
    ctl("POST", "/_fake/script", {"failNext": {"path": "/v1/refunds", "status": 500, "store": True}})
    stripe.max_network_retries = 1
    expect_error(stripe.APIError, lambda: stripe.Refund.create(payment_intent=pi3.id, idempotency_key="campus-check-500"),
                 "a stored 500 is replayed to the retry")
    stripe.max_network_retries = 2
    tries = [r for r in ctl("GET", "/_fake/requests")["data"] if r["idempotencyKey"] == "campus-check-500"]
    ok([(r["status"], r["replayed"]) for r in tries] == [(500, False), (500, True)], "stored 500 then replayed 500")

    # ---- request log, Basic auth
    log = ctl("GET", "/_fake/requests")["data"]
    first = [r for r in log if r["idempotencyKey"] == "campus-check-1"][0]
    ok(first["method"] == "POST" and first["path"] == "/v1/payment_intents" and first["authOk"]
       and first["params"]["metadata"] == {"payment_id": "pay_check_1", "course": "swift-101"}
       and first["params"]["automatic_payment_methods"] == {"enabled": "true"}, "request log has parsed form params")
    ok(any(not r["authOk"] for r in log), "request log marks the bad key")
    status, headers, raw = ctl.raw("GET", "/v1/payment_intents/" + pi1.id,
                                   headers={"Authorization": "Basic " + b64encode(API_KEY.encode() + b":").decode()})
    ok(status == 200 and json.loads(raw)["id"] == pi1.id, "HTTP Basic auth with the key as user name")
    ok(headers.get("Request-Id", "").startswith("req_"), "raw answer has Request-Id")
    status, _, raw = ctl.raw("GET", "/v1/payment_intents/" + pi1.id)
    ok(status == 401 and json.loads(raw)["error"]["type"] == "invalid_request_error", "no key: 401 Stripe error")

    # ---- reset
    ctl("POST", "/_fake/reset")
    expect_error(stripe.InvalidRequestError, lambda: stripe.PaymentIntent.retrieve(pi1.id), "reset forgets intents",
                 code="resource_missing")
    ok(ctl("GET", "/_fake/events")["data"] == [] and ctl("GET", "/_fake/script")["holdWebhooks"] is False,
       "reset forgets events and the script")


def pinned_version():
    with open(REQUIREMENTS) as fh:
        for line in fh:
            if line.strip().lower().startswith("stripe=="):
                return line.split("==", 1)[1].split()[0]
    return None


def main():
    os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1,localhost,::1"]))
    os.environ["no_proxy"] = os.environ["NO_PROXY"]
    pin = pinned_version()
    if pin and pin != stripe.VERSION:
        sys.stderr.write("check_stripe_fake: warning: stripe %s is installed, %s is pinned\n" % (stripe.VERSION, pin))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="stripe-fake-check-") as tmp:
        try:
            run(tmp)
        except CheckFailed as exc:
            print("FAIL: %s" % exc)
            print("stripe fake check: %d passed, 1 failed" % len(PASSED))
            return 1
        except Exception as exc:
            print("FAIL: unexpected %s: %s" % (type(exc).__name__, exc))
            print("stripe fake check: %d passed, 1 failed" % len(PASSED))
            raise
    print("stripe fake check with stripe-python %s: all expectations held in %.1fs"
          % (stripe.VERSION, time.monotonic() - started))
    print("stripe fake check: %d passed, 0 failed" % len(PASSED))
    return 0


if __name__ == "__main__":
    sys.exit(main())
