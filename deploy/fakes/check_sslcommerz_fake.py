#!/usr/bin/env python3
"""Checks deploy/fakes/sslcommerz_fake.py against an independent SSLCommerz client.

The client is sslcommerz-lib (module sslcommerz_lib, class SSLCOMMERZ) from PyPI, pinned in
deploy/fakes/sslcommerz.requirements.txt. Run without arguments:

    python3 deploy/fakes/check_sslcommerz_fake.py

If the running Python lacks the library, the check uses (creating it if needed) the venv at
$CAMPUS_SSLCOMMERZ_VENV, default /var/tmp/campus-sslcommerz-venv, installs the pinned requirements
there and runs itself again with it. Exit status 0 when every step passes, 1 with a message otherwise.

What it does: makes a test CA with deploy/fakes/test-ca.sh in a temporary folder, starts the fake on
port 0 over HTTPS, starts a plain-HTTP IPN receiver on 127.0.0.1:0 and drives the fake with the
library, whose hard-coded sandbox URLs are replaced by the fake's. TLS is verified against the test
CA through requests' REQUESTS_CA_BUNDLE, never switched off. The library has no refe_id parameter on
refunds and no control calls; those few requests are made with urllib.
"""

import http.server
import json
import os
import queue
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "sslcommerz_fake.py")
TEST_CA = os.path.join(HERE, "test-ca.sh")
REQUIREMENTS = os.path.join(HERE, "sslcommerz.requirements.txt")
VENV = os.environ.get("CAMPUS_SSLCOMMERZ_VENV", "/var/tmp/campus-sslcommerz-venv")
REEXEC_FLAG = "CAMPUS_SSLCOMMERZ_CHECK_IN_VENV"

STORE_ID = "campustest"
STORE_PASS = "campustest@ssl"
CREDENTIAL_ERROR = "Store Credential Error Or Store is De-active"
SESSION_PATH = "/gwprocess/v4/api.php"
VALIDATION_PATH = "/validator/api/validationserverAPI.php"
MERCHANT_PATH = "/validator/api/merchantTransIDvalidationAPI.php"


def ensure_library():
    try:
        import requests  # noqa: F401
        import sslcommerz_lib  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get(REEXEC_FLAG):
        sys.exit("FAIL: sslcommerz_lib is still missing after installing %s into %s" % (REQUIREMENTS, VENV))
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print("# creating venv %s" % VENV, flush=True)
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    print("# installing %s into %s" % (os.path.basename(REQUIREMENTS), VENV), flush=True)
    subprocess.check_call([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", REQUIREMENTS])
    os.environ[REEXEC_FLAG] = "1"
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


class CheckFailed(Exception):
    pass


PASSED = []


def check(condition, message, detail=None):
    if not condition:
        if detail is not None:
            shown = detail if isinstance(detail, str) else json.dumps(detail, indent=1)
            message += "\n    got: " + shown[:3000]
        raise CheckFailed(message)


def ok(message):
    PASSED.append(message)
    print("ok %d - %s" % (len(PASSED), message), flush=True)


class Receiver:
    """Plain-HTTP merchant side: records every POST; answers scripted statuses per tran_id."""

    def __init__(self):
        self.posts = []
        self.plan = {}
        self.cond = threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                fields = {k: v[0] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()}
                with receiver.cond:
                    planned = receiver.plan.get(fields.get("tran_id"), [])
                    status = planned.pop(0) if planned else 200
                    receiver.posts.append({"path": self.path, "fields": fields, "answered": status,
                                           "ctype": self.headers.get("Content-Type")})
                    receiver.cond.notify_all()
                reply = b"ok" if status < 300 else b"try again"
                self.send_response(status)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, fmt, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def ipns(self, tran_id=None, answered=None):
        with self.cond:
            return [p["fields"] for p in self.posts if p["path"] == "/ipn"
                    and (tran_id is None or p["fields"].get("tran_id") == tran_id)
                    and (answered is None or p["answered"] == answered)]

    def wait_ipns(self, tran_id, count, timeout=10.0, answered=200):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                found = [p["fields"] for p in self.posts if p["path"] == "/ipn"
                         and p["fields"].get("tran_id") == tran_id and p["answered"] == answered]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                check(left > 0, "no%s IPN for %s within %.0fs (got %d of %d)" % (
                    " further" if found else "", tran_id, timeout, len(found), count))
                self.cond.wait(left)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Fake:
    def __init__(self, certdir):
        self.proc = subprocess.Popen(
            [sys.executable, FAKE, "--host", "127.0.0.1", "--port", "0",
             "--cert", os.path.join(certdir, "server.pem"), "--key", os.path.join(certdir, "server.key"),
             "--store-id", STORE_ID, "--store-passwd", STORE_PASS],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stderr_lines = []
        threading.Thread(target=self._drain, daemon=True).start()
        lines = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.proc.stdout.readline()), daemon=True).start()
        try:
            first = lines.get(timeout=15)
        except queue.Empty:
            raise CheckFailed("the fake printed nothing on stdout within 15s")
        try:
            self.url = json.loads(first)["url"]
        except (ValueError, KeyError, TypeError):
            raise CheckFailed("the fake's first stdout line is not {\"url\": ...}: %r" % first)
        self.ctx = ssl.create_default_context(cafile=os.path.join(certdir, "ca.pem"))

    def _drain(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    def call(self, method, path, body=None, form=None, expect=200):
        data, headers = None, {}
        if body is not None:
            data, headers = json.dumps(body).encode(), {"Content-Type": "application/json"}
        elif form is not None:
            data, headers = urllib.parse.urlencode(form).encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, context=self.ctx, timeout=10) as response:
                status, text = response.status, response.read().decode()
                ctype = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            status, text, ctype = err.code, err.read().decode(), err.headers.get("Content-Type", "")
        if expect is not None:
            check(status == expect, "%s %s answered HTTP %d, expected %d" % (method, path, status, expect), text)
        return json.loads(text) if ctype.startswith("application/json") else text

    def script(self, **values):
        return self.call("POST", "/_fake/script", body=values)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise CheckFailed("the fake did not exit within 5s of SIGTERM")
        return self.proc.returncode


def run(tmp):
    import requests
    from sslcommerz_lib import SSLCOMMERZ

    started = time.monotonic()
    subprocess.run(["bash", TEST_CA, tmp], check=True)
    ca = os.path.join(tmp, "ca.pem")
    # The library calls requests with no verify argument: requests then trusts REQUESTS_CA_BUNDLE.
    os.environ["REQUESTS_CA_BUNDLE"] = ca
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        os.environ.pop(name, None)

    fake = Fake(tmp)
    receiver = Receiver()
    try:
        steps(fake, receiver, SSLCOMMERZ, requests, ca)
        code = fake.stop()
        check(code == 0, "the fake exited with status %r on SIGTERM, expected 0" % code)
        rest = fake.proc.stdout.read()
        check(rest.strip() == "", "the fake printed more than its one JSON line on stdout", rest)
        ok("SIGTERM: the fake exits 0, and stdout held exactly one JSON line")
    except BaseException:
        fake.stop()
        print("# last lines of the fake's stderr:\n#   " + "\n#   ".join(fake.stderr_lines[-25:]), file=sys.stderr)
        raise
    finally:
        receiver.close()
    return time.monotonic() - started


def steps(fake, receiver, SSLCOMMERZ, requests, ca):
    url = fake.url
    run_id = time.strftime("%H%M%S")

    def client(store_pass=STORE_PASS):
        lib = SSLCOMMERZ({"store_id": STORE_ID, "store_pass": store_pass, "issandbox": True})
        for attr, path in (("createSessionUrl", SESSION_PATH), ("validation_url", VALIDATION_PATH),
                           ("transaction_url", MERCHANT_PATH)):
            check(getattr(lib, attr).startswith("https://sandbox.sslcommerz.com/"),
                  "the library's %s is not the sandbox URL we expected to replace" % attr, getattr(lib, attr))
            check(getattr(lib, attr).endswith(path), "the library's %s does not end with %s" % (attr, path))
            setattr(lib, attr, url + path)
        return lib

    def answer(name, value):
        check(isinstance(value, dict), "library call %s returned %r (sslcommerz-lib prints and returns None "
                                       "on any error)" % (name, value))
        return value

    def body(tran_id, amount="1250.00", currency="BDT", **extra):
        fields = {
            "total_amount": amount, "currency": currency, "tran_id": tran_id,
            "success_url": receiver.url + "/success", "fail_url": receiver.url + "/fail",
            "cancel_url": receiver.url + "/cancel", "ipn_url": receiver.url + "/ipn",
            "emi_option": 0, "cus_name": "Nusrat Jahan", "cus_email": "nusrat@example.com",
            "cus_add1": "House 12, Road 5, Dhanmondi", "cus_city": "Dhaka", "cus_postcode": "1205",
            "cus_country": "Bangladesh", "cus_phone": "01711000000", "shipping_method": "NO",
            "multi_card_name": "", "num_of_item": 1, "product_name": "Swift for beginners",
            "product_category": "Online course", "product_profile": "non-physical-goods",
            "value_a": "course-42", "value_b": "learner-7", "value_c": "", "value_d": tran_id,
        }
        fields.update(extra)
        return fields

    lib = client()

    def new_session(tran_id, **kw):
        got = answer("createSession", lib.createSession(body(tran_id, **kw)))
        check(got.get("status") == "SUCCESS", "createSession(%s) did not succeed" % tran_id, got)
        return got

    def valid_ipn(tran_id, count=1):
        ipns = receiver.wait_ipns(tran_id, count)
        for ipn in ipns:
            check(lib.hash_validate_ipn(dict(ipn)) is True,
                  "the library's hash_validate_ipn rejected the IPN of %s" % tran_id, ipn)
        return ipns

    # TLS: the fake is reachable through the test CA only; verification stays on.
    try:
        requests.get(url + "/_fake/health", verify=requests.certs.where(), timeout=5)
        raise CheckFailed("requests trusted the fake without the test CA: TLS is not being verified")
    except requests.exceptions.SSLError:
        pass
    check(requests.get(url + "/_fake/health", timeout=5).json() == {"ok": True}, "health answer")
    ok("HTTPS verified against the test CA (and refused against the public CA bundle)")

    # 1. Session, gateway page, request log.
    tran = "CHK-%s-A" % run_id
    session = new_session(tran)
    for key in ("sessionkey", "GatewayPageURL", "redirectGatewayURL", "directPaymentURL", "storeBanner",
                "storeLogo", "desc", "gw", "failedreason"):
        check(key in session, "session answer lacks %r" % key, session)
    check(session["GatewayPageURL"].startswith(url + "/"), "GatewayPageURL does not point at the fake", session)
    page = fake.call("GET", session["GatewayPageURL"][len(url):])
    for needle in ("1250.00", "BDT", ">Pay<", ">Fail<", ">Cancel<", "/_fake/sessions/%s/pay" % tran):
        check(needle in page, "gateway page lacks %r" % needle, page)
    ok("createSession (library) -> SUCCESS with GatewayPageURL; the page names 1250.00 BDT with Pay/Fail/Cancel")

    log = fake.call("GET", "/_fake/requests")
    sent = [r for r in log["requests"] if r["path"] == SESSION_PATH and r["params"].get("tran_id") == tran]
    check(len(sent) == 1, "the request log lacks the session request", log)
    params = sent[0]["params"]
    check(params.get("store_passwd") == "***" and sent[0]["credentialsOk"] is True, "store_passwd not masked", sent[0])
    check(params.get("store_id") == STORE_ID and params.get("total_amount") == "1250.00"
          and params.get("cus_email") == "nusrat@example.com" and params.get("ipn_url") == receiver.url + "/ipn",
          "the logged session parameters differ from what the library sent", params)
    check(STORE_PASS not in json.dumps(log), "the store password appears in /_fake/requests")
    ok("/_fake/requests shows the library's form fields, store_passwd masked")

    # 2. Pay, IPN, hash validation.
    paid = fake.call("POST", "/_fake/sessions/%s/pay" % tran)
    check(paid["status"] == "VALID" and paid["val_id"], "pay did not answer a val_id", paid)
    ipn = valid_ipn(tran)[0]
    check(ipn["status"] == "VALID" and ipn["val_id"] == paid["val_id"] and ipn["amount"] == "1250.00"
          and ipn["currency"] == "BDT" and ipn["value_a"] == "course-42" and ipn["store_id"] == STORE_ID,
          "IPN fields differ", ipn)
    for key in ("bank_tran_id", "store_amount", "card_type", "card_no", "card_issuer", "card_brand", "tran_date",
                "currency_type", "currency_amount", "currency_rate", "risk_level", "risk_title", "verify_sign",
                "verify_key", "verify_sign_sha2"):
        check(key in ipn, "IPN lacks %r" % key, ipn)
    check(ipn["verify_key"].split(",") == sorted(k for k in ipn if not k.startswith("verify_")),
          "verify_key is not the sorted list of the other fields", ipn)
    post = [p for p in receiver.posts if p["path"] == "/ipn" and p["fields"]["tran_id"] == tran][0]
    check(post["ctype"] == "application/x-www-form-urlencoded", "IPN is not form-encoded", post["ctype"])
    tampered = dict(ipn, amount="1.00")
    check(lib.hash_validate_ipn(tampered) is False, "hash_validate_ipn accepted an IPN with a changed amount")
    check(lib.hash_validate_ipn(dict(ipn, verify_sign="0" * 32)) is False,
          "hash_validate_ipn accepted a wrong verify_sign")
    check(client("other-password").hash_validate_ipn(dict(ipn)) is False,
          "hash_validate_ipn with another store password accepted the IPN")
    ok("pay -> form-encoded IPN; hash_validate_ipn accepts it and rejects a tampered copy / wrong password")

    # 3. Validation: VALID then VALIDATED.
    first = answer("validationTransactionOrder", lib.validationTransactionOrder(ipn["val_id"]))
    check(first.get("status") == "VALID" and first.get("APIConnect") == "DONE" and first.get("tran_id") == tran
          and first.get("amount") == "1250.00" and first.get("currency") == "BDT"
          and first.get("bank_tran_id") == ipn["bank_tran_id"] and first.get("value_a") == "course-42",
          "first validation answer", first)
    for key in ("store_amount", "card_type", "card_no", "card_issuer", "card_brand", "tran_date", "currency_type",
                "currency_amount", "currency_rate", "risk_level", "risk_title", "validated_on"):
        check(key in first, "validation lacks %r" % key, first)
    again = answer("validationTransactionOrder", lib.validationTransactionOrder(ipn["val_id"]))
    check(again.get("status") == "VALIDATED", "second validation is not VALIDATED", again)
    unknown = answer("validationTransactionOrder", lib.validationTransactionOrder("NOSUCHVALID"))
    check(unknown.get("status") == "INVALID_TRANSACTION", "unknown val_id not INVALID_TRANSACTION", unknown)
    ok("validationTransactionOrder -> VALID, then VALIDATED; unknown val_id -> INVALID_TRANSACTION")

    # 4. Transaction queries.
    query = answer("transaction_query_tranid", lib.transaction_query_tranid(tran))
    check(query.get("APIConnect") == "DONE" and query.get("no_of_trans_found") == 1, "query by tran_id", query)
    element = query["element"][0]
    check(element["status"] == "VALIDATED" and element["val_id"] == ipn["val_id"]
          and element["bank_tran_id"] == ipn["bank_tran_id"] and element["amount"] == "1250.00",
          "query element", element)
    by_session = answer("transaction_query_session", lib.transaction_query_session(session["sessionkey"]))
    check(by_session.get("status") == "VALIDATED" and by_session.get("tran_id") == tran,
          "query by sessionkey", by_session)
    none = answer("transaction_query_tranid", lib.transaction_query_tranid("CHK-NOPE"))
    check(none.get("no_of_trans_found") == 0 and none.get("element") == [], "query of an unknown tran_id", none)
    ok("transaction_query_tranid / transaction_query_session -> APIConnect DONE with the VALIDATED transaction")

    # 5. Refunds.
    bank = ipn["bank_tran_id"]
    refund = answer("init_refund", lib.init_refund(bank, "250.00", "Learner asked for a partial refund"))
    check(refund.get("APIConnect") == "DONE" and refund.get("status") == "success" and refund.get("refund_ref_id")
          and refund.get("trans_id") == tran and refund.get("bank_tran_id") == bank, "refund initiation", refund)
    ref = refund["refund_ref_id"]
    poll1 = answer("query_refund_status", lib.query_refund_status(ref))
    check(poll1.get("status") == "processing" and poll1.get("refunded_on") is None and poll1.get("initiated_on"),
          "first refund poll is not processing", poll1)
    poll2 = answer("query_refund_status", lib.query_refund_status(ref))
    check(poll2.get("status") == "refunded" and poll2.get("refunded_on") and poll2.get("tran_id") == tran
          and poll2.get("bank_tran_id") == bank, "second refund poll is not refunded", poll2)
    over = answer("init_refund", lib.init_refund(bank, "1000.01", "too much"))
    check(over.get("status") == "failed" and over.get("errorReason") and not over.get("refund_ref_id"),
          "an over-refund (1000.01 of 1000.00 remaining) did not fail", over)
    query = {"bank_tran_id": bank, "refund_amount": "1000.00", "refund_remarks": "rest",
             "refe_id": "campus-rf-%s" % run_id, "store_id": STORE_ID, "store_passwd": STORE_PASS, "format": "json"}
    rest = fake.call("GET", MERCHANT_PATH + "?" + urllib.parse.urlencode(query))
    check(rest.get("status") == "success" and rest.get("refund_ref_id"),
          "refund of exactly the remainder (urllib, refe_id)", rest)
    refunds = fake.call("GET", "/_fake/refunds")["refunds"]
    check(any(r["refe_id"] == query["refe_id"] for r in refunds), "refe_id not recorded", refunds)
    empty = answer("init_refund", lib.init_refund(bank, "10.00", "nothing left"))
    check(empty.get("status") == "failed", "a refund after the full amount did not fail", empty)
    unknown = answer("init_refund", lib.init_refund("NOSUCHBANKTRAN", "10.00", "x"))
    check(unknown.get("status") == "failed", "a refund of an unknown bank_tran_id did not fail", unknown)
    ok("init_refund 250 -> success; query_refund_status processing -> refunded; over-refund fails; "
       "remainder with refe_id (urllib) succeeds")

    fake.script(refundPollsBeforeDone=3)
    other = "CHK-%s-P" % run_id
    new_session(other, amount="500.00")
    fake.call("POST", "/_fake/pay/%s" % other)
    other_ipn = valid_ipn(other)[0]
    ref = answer("init_refund", lib.init_refund(other_ipn["bank_tran_id"], "500", "full"))["refund_ref_id"]
    states = [answer("query_refund_status", lib.query_refund_status(ref))["status"] for _ in range(4)]
    check(states == ["processing"] * 3 + ["refunded"], "refundPollsBeforeDone 3 polls", states)
    fake.script(refundStatus="processing", refundPollsBeforeDone=1)
    third = "CHK-%s-Q" % run_id
    new_session(third, amount="300.00")
    fake.call("POST", "/_fake/pay/%s" % third)
    third_ipn = valid_ipn(third)[0]
    processing = answer("init_refund", lib.init_refund(third_ipn["bank_tran_id"], "100", "p"))
    check(processing.get("status") == "processing", "refundStatus processing", processing)
    fake.script(refundStatus="failed")
    declined = answer("init_refund", lib.init_refund(third_ipn["bank_tran_id"], "100", "f"))
    check(declined.get("status") == "failed" and declined.get("errorReason"), "refundStatus failed", declined)
    fake.script(refundStatus="success")
    ok("scripted refunds: 3 polls before done; initiation answers processing / failed on demand")

    # 6. Wrong credentials and bad requests.
    bad = client("not-the-password")
    refused = answer("createSession", bad.createSession(body("CHK-%s-X" % run_id)))
    check(refused.get("status") == "FAILED" and refused.get("failedreason") == CREDENTIAL_ERROR,
          "wrong credentials", refused)
    denied = answer("validationTransactionOrder", bad.validationTransactionOrder(ipn["val_id"]))
    check(denied.get("APIConnect") == "FAILED", "validation with wrong credentials is not APIConnect FAILED", denied)
    check(answer("transaction_query_tranid", bad.transaction_query_tranid(tran)).get("APIConnect") == "FAILED",
          "query with wrong credentials is not APIConnect FAILED")
    check(answer("init_refund", bad.init_refund(bank, "1", "x")).get("APIConnect") == "FAILED",
          "refund with wrong credentials is not APIConnect FAILED")
    check(answer("query_refund_status", bad.query_refund_status(ref)).get("APIConnect") == "FAILED",
          "refund status with wrong credentials is not APIConnect FAILED")
    missing = body("CHK-%s-M" % run_id)
    del missing["cus_email"]
    got = answer("createSession", lib.createSession(missing))
    check(got.get("status") == "FAILED" and "cus_email" in got.get("failedreason", ""), "missing cus_email", got)
    got = answer("createSession", lib.createSession(body("CHK-%s-TOO-LONG-TRANSACTION-ID-X" % run_id)))
    check(got.get("status") == "FAILED" and "tran_id" in got.get("failedreason", ""), "tran_id over 30 characters", got)
    got = answer("createSession", lib.createSession(body("CHK-%s-S" % run_id, amount="5.00")))
    check(got.get("status") == "FAILED", "an amount under 10.00 BDT was accepted", got)
    dup = "CHK-%s-D0" % run_id
    first_dup = new_session(dup)
    again = new_session(dup)
    check(again["sessionkey"] != first_dup["sessionkey"], "re-initiating an unpaid tran_id gave no new session", again)
    got = answer("createSession", lib.createSession(body(dup, amount="999.00")))
    check(got.get("status") == "FAILED" and "Duplicate" in got.get("failedreason", ""),
          "duplicate tran_id, other amount", got)
    got = answer("createSession", lib.createSession(body(tran)))
    check(got.get("status") == "FAILED", "re-initiating a paid tran_id was accepted", got)
    ok("wrong store credentials refused on every API; missing/invalid fields and duplicate tran_id -> FAILED")

    # 7. Fail and cancel.
    for action, status, path in (("fail", "FAILED", "/fail"), ("cancel", "CANCELLED", "/cancel")):
        tid = "CHK-%s-%s" % (run_id, action.upper())
        new_session(tid)
        done = fake.call("POST", "/_fake/sessions/%s/%s" % (tid, action))
        check(done["status"] == status and done["redirect"]["url"] == receiver.url + path, action, done)
        got = valid_ipn(tid)[0]
        check(got["status"] == status and got.get("error"), "%s IPN" % action, got)
        state = answer("transaction_query_tranid", lib.transaction_query_tranid(tid))
        check(state["element"][0]["status"] == status, "query after %s" % action, state)
    retry = "CHK-%s-FAIL" % run_id
    new_session(retry)
    fake.call("POST", "/_fake/pay/%s" % retry)
    valid_ipn(retry, count=2)
    state = answer("transaction_query_tranid", lib.transaction_query_tranid(retry))
    check([e["status"] for e in state["element"]] == ["FAILED", "VALID"], "a failed tran_id retried and paid", state)
    ok("fail / cancel -> signed FAILED / CANCELLED IPNs; a failed tran_id can be retried (query shows both attempts)")

    # 8. Browser redirect from the gateway page.
    tid = "CHK-%s-B" % run_id
    new_session(tid)
    html_page = fake.call("POST", "/_fake/sessions/%s/pay" % tid, form={"_browser": "1"})
    check('action="%s/success"' % receiver.url in html_page and "verify_sign" in html_page
          and "submit()" in html_page,
          "the browser Pay did not answer an auto-submitting form to success_url", html_page)
    valid_ipn(tid)
    ok("the gateway page's Pay answers an auto-submitting POST form to success_url")

    # 9. Mismatch and foreign currency.
    tid = "CHK-%s-MM" % run_id
    new_session(tid)
    fake.call("POST", "/_fake/sessions/%s/pay" % tid, body={"amount": "1.00"})
    got = valid_ipn(tid)[0]
    check(got["currency_amount"] == "1.00" and got["amount"] == "1.00", "amount override in IPN", got)
    val = answer("validationTransactionOrder", lib.validationTransactionOrder(got["val_id"]))
    check(val["currency_amount"] == "1.00" and val["amount"] == "1.00", "amount override in validation", val)
    tid = "CHK-%s-USD" % run_id
    new_session(tid, amount="12.50", currency="USD")
    fake.call("POST", "/_fake/pay/%s" % tid)
    got = valid_ipn(tid)[0]
    rate = Decimal(str(fake.call("GET", "/_fake/script")["currencyRates"]["USD"]))
    val = answer("validationTransactionOrder", lib.validationTransactionOrder(got["val_id"]))
    check(val["currency_type"] == "USD" and val["currency_amount"] == "12.50" and val["currency"] == "BDT"
          and Decimal(val["amount"]) == (Decimal("12.50") * rate).quantize(Decimal("0.01"))
          and Decimal(val["currency_rate"]) == rate, "USD validation", val)
    fake.script(validationStatus="INVALID_TRANSACTION")
    forced = answer("validationTransactionOrder", lib.validationTransactionOrder(ipn["val_id"]))
    check(forced.get("status") == "INVALID_TRANSACTION", "validationStatus INVALID_TRANSACTION", forced)
    fake.script(validationStatus=None)
    ok("pay with another amount shows in IPN and validation; USD: amount in BDT, currency_type/amount USD; "
       "validationStatus forces INVALID_TRANSACTION")

    # 10. IPN scripting: hold + release reverse, duplicates, retries, resend, delay.
    fake.script(holdIpn=True)
    held = ["CHK-%s-H%d" % (run_id, i) for i in (1, 2, 3)]
    for tid in held:
        new_session(tid)
        check(fake.call("POST", "/_fake/pay/%s" % tid)["ipnState"] == "held", "IPN of %s not held" % tid)
    time.sleep(0.5)
    check(not any(receiver.ipns(tid) for tid in held), "a held IPN was delivered before release")
    fake.script(holdIpn=False)
    released = fake.call("POST", "/_fake/release", body={"order": "reverse"})
    check(len(released["released"]) == 3, "release", released)
    for tid in held:
        valid_ipn(tid)
    order = [p["fields"]["tran_id"] for p in receiver.posts if p["path"] == "/ipn" and p["fields"]["tran_id"] in held]
    check(order == list(reversed(held)), "held IPNs did not arrive in reverse order", order)
    ok("holdIpn keeps IPNs back; release reverse delivers them last-first")

    fake.script(duplicateIpn=2)
    tid = "CHK-%s-DUP" % run_id
    new_session(tid)
    fake.call("POST", "/_fake/pay/%s" % tid)
    copies = valid_ipn(tid, count=2)
    check(len(copies) == 2 and copies[0] == copies[1], "duplicateIpn 2 did not deliver the same IPN twice", copies)
    fake.script(duplicateIpn=1)
    ok("duplicateIpn 2 delivers the same signed IPN twice")

    fake.script(retries=2, retryDelaySeconds=0.2)
    tid = "CHK-%s-R" % run_id
    receiver.plan[tid] = [500]
    new_session(tid)
    fake.call("POST", "/_fake/pay/%s" % tid)
    valid_ipn(tid)
    records = [r for r in fake.call("GET", "/_fake/ipn")["ipn"] if r["tran_id"] == tid]
    deadline = time.monotonic() + 5
    while records[0]["state"] != "delivered" and time.monotonic() < deadline:
        time.sleep(0.05)
        records = [r for r in fake.call("GET", "/_fake/ipn")["ipn"] if r["tran_id"] == tid]
    check([a["httpStatus"] for a in records[0]["attempts"]] == [500, 200] and records[0]["state"] == "delivered",
          "a 500 from the receiver was not retried, or the attempts were not recorded", records)
    n = records[0]["n"]
    fake.call("POST", "/_fake/ipn/%d/resend" % n)
    receiver.wait_ipns(tid, 2)
    ok("a 500 answer is retried (attempts 500, 200 recorded); /_fake/ipn/%d/resend delivers again" % n)

    fake.script(ipnDelaySeconds=0.6)
    tid = "CHK-%s-DL" % run_id
    new_session(tid)
    t0 = time.monotonic()
    fake.call("POST", "/_fake/pay/%s" % tid)
    valid_ipn(tid)
    check(time.monotonic() - t0 >= 0.55, "ipnDelaySeconds 0.6 was not honoured")
    fake.script(ipnDelaySeconds=0, dropIpn=True)
    tid = "CHK-%s-DR" % run_id
    new_session(tid)
    check(fake.call("POST", "/_fake/pay/%s" % tid)["ipnState"] == "dropped", "dropIpn")
    fake.script(dropIpn=False)
    ok("ipnDelaySeconds delays the IPN; dropIpn records it without sending")

    # 11. Injected provider failures.
    fake.script(failNext={"path": SESSION_PATH, "status": 500, "count": 1})
    check(fake.call("GET", "/_fake/script")["failNext"][0]["count"] == 1, "failNext not shown in GET /_fake/script")
    tid = "CHK-%s-F5" % run_id
    form = dict(body(tid), store_id=STORE_ID, store_passwd=STORE_PASS)
    got = fake.call("POST", SESSION_PATH, form=form, expect=500)
    check(isinstance(got, str), "the injected failure is not a plain-text 500", got)
    got = answer("createSession", lib.createSession(body(tid)))
    check(got.get("status") == "SUCCESS", "the session after one injected failure", got)
    ok("failNext answers HTTP 500 once on the session API, then the API works again")

    bad_key = fake.call("POST", "/_fake/script", body={"nope": 1}, expect=400)
    check("unknown script key" in bad_key["error"], "unknown script key", bad_key)
    missing = fake.call("POST", "/_fake/pay/NOSUCH", expect=404)
    again = fake.call("POST", "/_fake/pay/%s" % tran, expect=409)
    check("error" in missing and "error" in again, "control errors")
    ok("control API: unknown script key -> 400, unknown tran_id -> 404, paying twice -> 409")

    # 12. Reset.
    fake.call("POST", "/_fake/reset")
    check(fake.call("GET", "/_fake/ipn")["count"] == 0 and fake.call("GET", "/_fake/requests")["count"] == 0
          and fake.call("GET", "/_fake/sessions")["count"] == 0, "reset did not clear the state")
    check(answer("validationTransactionOrder", lib.validationTransactionOrder(ipn["val_id"])).get("status")
          == "INVALID_TRANSACTION", "a val_id survived the reset")
    ok("reset forgets sessions, IPNs and the request log")


def main():
    ensure_library()
    for path in (FAKE, TEST_CA):
        if not os.path.exists(path):
            sys.exit("FAIL: %s is missing" % path)
    with tempfile.TemporaryDirectory(prefix="sslcommerz-check-") as tmp:
        try:
            elapsed = run(tmp)
        except CheckFailed as err:
            print("FAIL: %s" % err, file=sys.stderr)
            print("%d passed, 1 failed" % len(PASSED))
            return 1
        except subprocess.CalledProcessError as err:
            print("FAIL: %s" % err, file=sys.stderr)
            print("%d passed, 1 failed" % len(PASSED))
            return 1
    print("# SSLCommerz fake checked against sslcommerz-lib in %.1fs" % elapsed)
    print("%d passed, 0 failed" % len(PASSED))
    return 0


if __name__ == "__main__":
    sys.exit(main())
