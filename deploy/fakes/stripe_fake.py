#!/usr/bin/env python3
"""Local fake of the Stripe API (v1) for tests and the local dev stack.

It speaks the documented wire protocol of a small part of Stripe's API so that an
unmodified Stripe client (the official libraries, or our own billing service)
can talk to it over loopback HTTPS. Python 3.11 standard library only; all state
lives in memory and is lost when the process ends.

Command line
------------
    stripe_fake.py --host 127.0.0.1 --port 0 \
        --cert DIR/server.pem --key DIR/server.key \
        --api-key sk_test_campus \
        --webhook-url http://127.0.0.1:8104/v1/webhooks/stripe \
        --webhook-secret whsec_one [--webhook-secret whsec_two]

    --host H              address to listen on (default 127.0.0.1; "::1" works too)
    --port N              port, 0 picks a free one (default 0)
    --cert F / --key F    PEM server certificate and key (deploy/fakes/test-ca.sh makes
                          them). Without both, plain HTTP is served.
    --api-key K           secret key the API accepts (repeatable; default sk_test_campus)
    --webhook-url U       where events are POSTed (optional; without it events are only
                          recorded). http:// or https://.
    --webhook-secret S    endpoint signing secret (repeatable: one v1= signature per
                          secret, as during a secret rotation)
    --webhook-ca F        CA file to trust when the webhook URL is https://
    --webhook-retries N   retries after a failed delivery (default 3)
    --webhook-retry-delay SECONDS   first back-off, doubled each retry (default 0.5)
    --api-version V       api_version written into events (default 2026-10-28.endive)
    --quiet               no per-request log lines

When listening it prints exactly one line to stdout, {"url": "https://127.0.0.1:PORT"},
and flushes it. Logs go to stderr. SIGTERM or SIGINT stop it cleanly (exit 0).

Stripe subset (https://<url>/v1/...)
------------------------------------
Requests are application/x-www-form-urlencoded with Stripe's bracket notation
(metadata[k]=v, automatic_payment_methods[enabled]=true, payment_method_types[]=card,
payment_method_types[0]=card, expand[]=latest_charge); GET parameters go in the query
string. Answers are JSON. Authentication is "Authorization: Bearer <key>" or HTTP Basic
with the key as user name; anything else is 401. Errors have Stripe's shape
{"error": {"type", "message", "code"?, "param"?, "doc_url"?}}: parameter_unknown,
parameter_missing, parameter_invalid_empty, parameter_invalid_integer, parameters_exclusive,
resource_missing (404), payment_intent_unexpected_state, charge_already_refunded,
amount_too_large, email_invalid, idempotency_error (type idempotency_error).
Every answer carries a Request-Id: req_... header and a Stripe-Version header.

    POST /v1/payment_intents               amount, currency, metadata, description,
                                           receipt_email, automatic_payment_methods[enabled|
                                           allow_redirects], payment_method_types[],
                                           statement_descriptor(_suffix), expand[]
    GET  /v1/payment_intents/{id}          expand[], client_secret
    POST /v1/payment_intents/{id}          amount, currency, metadata, description,
                                           receipt_email (update; no event, as Stripe)
    POST /v1/payment_intents/{id}/cancel   cancellation_reason, expand[]
    POST /v1/refunds                       payment_intent | charge, amount (default: what
                                           remains), reason, metadata, expand[]
    GET  /v1/refunds/{id}                  expand[]
    GET  /v1/charges/{id}                  expand[]
    GET  /v1/events/{id}
    GET  /v1/events                        limit (1-100, default 10), starting_after,
                                           ending_before, type, types[]; newest first

Idempotency-Key on a POST works as Stripe documents it: the first response (status and
body) is stored per API key; the same key with the same endpoint and parameters replays
it with "Idempotent-Replayed: true" (plus Original-Request and Idempotency-Key headers);
the same key with other parameters or another endpoint is a 400 idempotency_error.
Requests rejected before execution (authentication, parameter validation, injected
failures) are not stored, so a retry with the same key runs again.

Events (evt_..., object "event") are made for payment_intent.created, .succeeded,
.payment_failed, .canceled, charge.succeeded, charge.refunded, refund.created and
refund.updated. Each carries api_version, created, data.object (a snapshot of the object
at that moment; data.previous_attributes for updates), livemode false, pending_webhooks,
request {id, idempotency_key} (both null when caused through the control API) and type.
Webhooks are POSTed from a background thread with "Content-Type: application/json;
charset=utf-8" and "Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
'<t>.<raw body>'>" (one v1 per secret). A non-2xx answer or a connection error is retried
with back-off; every attempt is recorded.

Control API (not Stripe's; no authentication; JSON in, JSON out)
----------------------------------------------------------------
    GET  /_fake/health                      {"ok": true}
    POST /_fake/payment_intents/{id}/succeed  body optional {"amount": n, "currency": "eur"}
                                            to report another amount/currency (mismatch
                                            tests: amount, amount_received and currency of
                                            the intent and its charge take those values).
                                            -> succeeded, Charge ch_... created, latest_charge
                                            set; events charge.succeeded, payment_intent.succeeded
    POST /_fake/payment_intents/{id}/fail   body optional {"code", "declineCode", "message"}
                                            -> requires_payment_method with last_payment_error
                                            (card_declined); event payment_intent.payment_failed
    POST /_fake/pay/{payment_id}            succeed the newest payable intent whose
                                            metadata[payment_id] equals it (404 if none)
    GET  /_fake/script                      the current script
    POST /_fake/script                      merge any of:
        webhookDelaySeconds (float)   wait before each delivery
        duplicateWebhooks (int >= 1)  deliver each event that many times (same event id)
        holdWebhooks (bool)           queue events instead of sending them (see release)
        dropWebhooks (bool)           record events but never send them
        refundStatus ("succeeded"|"pending")  status of new refunds
        failNext (object, list of objects, or null)  e.g. {"method": "POST", "path":
                                      "/v1/payment_intents", "status": 500, "count": 1}:
                                      the next matching API requests get that status and a
                                      Stripe api_error (path may be a glob; optional "type",
                                      "code", "message", "shouldRetry" -> Stripe-Should-Retry
                                      header, "store": true to save it under the request's
                                      Idempotency-Key as Stripe does for errors that happen
                                      during execution)
        retries (int), retryDelaySeconds (float), webhookTimeoutSeconds (float)
        webhookUrl (string or null: null means the --webhook-url)
    POST /_fake/release                     body {"order": "fifo"|"reverse"|"shuffle",
                                            "seed"?}: send held events in that order and
                                            stop holding
    POST /_fake/refunds/{id}/settle         body {"status": "succeeded"|"failed",
                                            "failureReason"?} for a pending refund ->
                                            event refund.updated (+ charge.refunded when it
                                            succeeded)
    GET  /_fake/events                      every event, oldest first, with its delivery
                                            state and attempts (time, status or error,
                                            signature header)
    POST /_fake/events/{id}/resend          deliver again now, signed anew; body optional
                                            {"timestamp": unix seconds to sign with (e.g. an
                                            old one), "copies": n}
    GET  /_fake/requests                    log of API requests: method, path, query,
                                            idempotencyKey, params (parsed form), authOk,
                                            status, requestId, replayed, injected
    POST /_fake/reset                       forget all objects, events, keys, requests and the
                                            script; pending deliveries are abandoned
"""

from __future__ import annotations

import argparse
import base64
import copy
import fnmatch
import hashlib
import heapq
import hmac
import http.client
import json
import random
import re
import secrets
import signal
import socket
import ssl
import string
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_API_VERSION = "2026-10-28.endive"
IRE = "invalid_request_error"
MAX_BODY = 1 << 20
ALNUM = string.ascii_letters + string.digits

CURRENCIES = set(
    """usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl
    bsd bwp byn bzd cad cdf chf clp cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp
    gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod jpy kes kgs khr kmf
    krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn
    nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr
    sek sgd shp sle sos srd std szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv
    wst xaf xcd xof xpf yer zar zmw""".split()
)
ZERO_DECIMAL = set("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split())
PAYMENT_METHOD_TYPES = set(
    """acss_debit affirm afterpay_clearpay alipay amazon_pay au_becs_debit bacs_debit
    bancontact blik boleto card cashapp customer_balance eps fpx giropay grabpay ideal
    klarna konbini link mobilepay multibanco oxxo p24 paynow paypal pix promptpay
    revolut_pay sepa_debit sofort swish twint us_bank_account wechat_pay zip""".split()
)
PI_CANCELABLE = ("requires_payment_method", "requires_capture", "requires_confirmation",
                 "requires_action", "processing")
PI_PAYABLE = ("requires_payment_method", "requires_confirmation", "requires_action", "processing")


def new_id(prefix: str, n: int = 24) -> str:
    return prefix + "".join(secrets.choice(ALNUM) for _ in range(n))


def now() -> int:
    return int(time.time())


def iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % int((t % 1) * 1000)


def log(msg: str) -> None:
    sys.stderr.write("stripe-fake: %s\n" % msg)
    sys.stderr.flush()


# --------------------------------------------------------------------------- errors

class StripeError(Exception):
    """An error answered in Stripe's shape. `store` says whether an idempotency key keeps it."""

    def __init__(self, status, message, type_=IRE, code=None, param=None, store=True, **extra):
        super().__init__(message)
        self.status, self.message, self.type, self.code, self.param = status, message, type_, code, param
        self.store, self.extra = store, extra

    def body(self) -> dict:
        err = {"type": self.type, "message": self.message}
        if self.code:
            err["code"] = self.code
            err["doc_url"] = "https://stripe.com/docs/error-codes/" + self.code.replace("_", "-")
        if self.param:
            err["param"] = self.param
        err.update(self.extra)
        return {"error": err}


def param_error(message, code=None, param=None):
    # Parameter validation happens before execution: Stripe stores no idempotent result.
    return StripeError(400, message, code=code, param=param, store=False)


def missing(name):
    return param_error("Missing required param: %s." % name, "parameter_missing", name)


def not_found(kind, ident, param):
    return StripeError(404, "No such %s: '%s'" % (kind, ident), code="resource_missing", param=param)


def unrecognized(method, path):
    return StripeError(404, "Unrecognized request URL (%s: %s). This fake implements a small part of "
                            "the Stripe API; see the docstring of stripe_fake.py." % (method, path),
                       store=False)


# ------------------------------------------------------------------- form decoding

_KEY_RE = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def parse_form(text: str) -> dict:
    """Decodes Stripe's bracket notation into nested dicts and lists.

    a[b]=1 -> {"a": {"b": "1"}}; a[]=x&a[]=y -> {"a": ["x", "y"]}; a[0]=x stays
    {"a": {"0": "x"}} until a schema asks for an array (metadata keys may be digits).
    """
    root: dict = {}
    try:
        pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, max_num_fields=2000)
    except ValueError:
        raise param_error("Too many parameters in the request.")
    for key, value in pairs:
        m = _KEY_RE.match(key)
        if not m:
            raise param_error("Received unknown parameter: %s" % key, "parameter_unknown", key)
        parts = [m.group(1)] + re.findall(r"\[([^\[\]]*)\]", m.group(2))
        node = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            name = parts[0] + "".join("[%s]" % p for p in parts[1:i + 1])
            if isinstance(node, list):
                if part != "":
                    raise param_error("Invalid array", None, name)
                if last:
                    node.append(value)
                else:
                    nxt = parts[i + 1]
                    if node and isinstance(node[-1], dict) and nxt not in node[-1]:
                        node = node[-1]
                    else:
                        node.append({} if nxt != "" else [])
                        node = node[-1]
                continue
            if part == "" and i == 0:
                raise param_error("Received unknown parameter: %s" % key, "parameter_unknown", key)
            if last:
                if isinstance(node.get(part), (dict, list)):
                    raise param_error("Invalid object", None, name)
                node[part] = value
            else:
                want_list = parts[i + 1] == ""
                child = node.get(part)
                if child is None:
                    child = [] if want_list else {}
                    node[part] = child
                elif isinstance(child, str) or (want_list and not isinstance(child, list)):
                    raise param_error("Invalid object", None, name)
                node = child
    return root


def as_list(raw, name):
    if isinstance(raw, list):
        return raw
    if isinstance(raw, dict) and all(k.isdigit() for k in raw):
        return [raw[k] for k in sorted(raw, key=int)]
    raise param_error("Invalid array", None, name)


# --------------------------------------------------------------- param validation
# A spec maps a parameter name to (kind, options). Kinds: int, str, bool, enum, currency,
# email, metadata, object (options["spec"]), array (options["item"] is a (kind, options)).

def spec(**fields):
    return fields


def f(kind, **opts):
    return (kind, opts)


def sub(prefix, key):
    return key if prefix is None else "%s[%s]" % (prefix, key)


def validate(params, schema, prefix=None) -> dict:
    if not isinstance(params, dict):
        raise param_error("Invalid object", None, prefix)
    for key in params:
        if key not in schema:
            name = sub(prefix, key)
            raise param_error("Received unknown parameter: %s" % name, "parameter_unknown", name)
    out = {}
    for key, (kind, opts) in schema.items():
        name = sub(prefix, key)
        if key not in params:
            if opts.get("required"):
                raise missing(name)
            continue
        raw = params[key]
        if raw == "":
            if opts.get("required"):
                raise param_error(
                    "You passed an empty string for '%s'. We assume empty values are an attempt to "
                    "unset a parameter; however '%s' cannot be unset. You should remove '%s' from "
                    "your request or supply a non-empty value." % (name, name, name),
                    "parameter_invalid_empty", name)
            out[key] = {} if kind == "metadata" else None
            continue
        out[key] = convert(kind, opts, raw, name)
    return out


def convert(kind, opts, raw, name):
    if kind in ("int", "str", "bool", "enum", "currency", "email") and not isinstance(raw, str):
        raise param_error("Invalid %s" % ("integer" if kind == "int" else "string"), None, name)
    if kind == "int":
        if not re.fullmatch(r"[+-]?\d{1,18}", raw.strip()):
            raise param_error("Invalid integer: %s" % raw, "parameter_invalid_integer", name)
        value = int(raw)
        if "min" in opts and value < opts["min"]:
            raise param_error("This value must be greater than or equal to %d." % opts["min"],
                              "parameter_invalid_integer", name)
        if "max" in opts and value > opts["max"]:
            raise param_error("This value must be less than or equal to %d." % opts["max"],
                              "parameter_invalid_integer", name)
        return value
    if kind == "str":
        if len(raw) > opts.get("max_len", 5000):
            raise param_error("Invalid string: %s...; must be at most %d characters"
                              % (raw[:20], opts.get("max_len", 5000)), None, name)
        return raw
    if kind == "bool":
        if raw not in ("true", "false"):
            raise param_error("Invalid boolean: %s" % raw, None, name)
        return raw == "true"
    if kind == "enum":
        if raw not in opts["values"]:
            raise param_error("Invalid %s: must be one of %s" % (name, ", ".join(opts["values"])), None, name)
        return raw
    if kind == "currency":
        cur = raw.lower()
        if cur not in CURRENCIES:
            raise param_error("Invalid currency: %s. Stripe currently supports these currencies: %s"
                              % (raw, ", ".join(sorted(CURRENCIES))), None, name)
        return cur
    if kind == "email":
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", raw):
            raise param_error("Invalid email address: %s" % raw, "email_invalid", name)
        return raw
    if kind == "metadata":
        if not isinstance(raw, dict):
            raise param_error("Invalid object", None, name)
        out = {}
        for k, v in raw.items():
            if not isinstance(v, str):
                raise param_error("Invalid value for metadata[%s]: metadata values must be strings" % k,
                                  None, "%s[%s]" % (name, k))
            if len(k) > 40:
                raise param_error("Metadata keys can have up to 40 characters; '%s' has %d" % (k, len(k)),
                                  None, "%s[%s]" % (name, k))
            if len(v) > 500:
                raise param_error("Metadata values can have up to 500 characters; metadata[%s] has %d"
                                  % (k, len(v)), None, "%s[%s]" % (name, k))
            out[k] = v if v != "" else None
        if len(out) > 50:
            raise param_error("You may have at most 50 metadata keys", None, name)
        return out
    if kind == "object":
        return validate(raw, opts["spec"], name)
    if kind == "array":
        ikind, iopts = opts["item"]
        items = as_list(raw, name)
        return [convert(ikind, iopts, v, "%s[%d]" % (name, i)) for i, v in enumerate(items)]
    raise AssertionError(kind)


def format_amount(amount: int, currency: str) -> str:
    if currency in ZERO_DECIMAL:
        text = "%d" % amount
    else:
        text = "%d.%02d" % divmod(amount, 100)
    return ("$" + text) if currency == "usd" else "%s %s" % (text, currency.upper())


EXPAND = f("array", item=f("str"))
PI_CREATE = spec(
    amount=f("int", required=True), currency=f("currency", required=True), metadata=f("metadata"),
    description=f("str", max_len=1000), receipt_email=f("email"),
    automatic_payment_methods=f("object", spec=spec(
        enabled=f("bool", required=True), allow_redirects=f("enum", values=("always", "never")))),
    payment_method_types=f("array", item=f("str")), statement_descriptor=f("str", max_len=22),
    statement_descriptor_suffix=f("str", max_len=22), expand=EXPAND)
PI_UPDATE = spec(amount=f("int"), currency=f("currency"), metadata=f("metadata"),
                 description=f("str", max_len=1000), receipt_email=f("email"), expand=EXPAND)
PI_RETRIEVE = spec(expand=EXPAND, client_secret=f("str"))
PI_CANCEL = spec(cancellation_reason=f("enum", values=(
    "duplicate", "fraudulent", "requested_by_customer", "abandoned")), expand=EXPAND)
REFUND_CREATE = spec(payment_intent=f("str"), charge=f("str"), amount=f("int"), metadata=f("metadata"),
                     reason=f("enum", values=("duplicate", "fraudulent", "requested_by_customer")),
                     expand=EXPAND)
RETRIEVE = spec(expand=EXPAND)
EVENT_RETRIEVE = spec(expand=EXPAND)
EVENT_LIST = spec(limit=f("int", min=1, max=100), starting_after=f("str"), ending_before=f("str"),
                  type=f("str"), types=f("array", item=f("str")), expand=EXPAND)

DEFAULT_SCRIPT = {
    "webhookDelaySeconds": 0.0, "duplicateWebhooks": 1, "holdWebhooks": False, "dropWebhooks": False,
    "refundStatus": "succeeded", "failNext": [], "retries": 3, "retryDelaySeconds": 0.5,
    "webhookTimeoutSeconds": 10.0, "webhookUrl": None,
}


class ControlError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


# ------------------------------------------------------------------------- state

class Fake:
    def __init__(self, cfg):
        self.cfg = cfg
        self.lock = threading.RLock()
        self.generation = 0
        self.deliverer = Deliverer(self)
        self.reset(initial=True)

    def reset(self, initial=False):
        with self.lock:
            self.generation += 1
            self.intents, self.charges, self.refunds = {}, {}, {}
            self.events, self.event_order = {}, []
            self.held = []
            self.idempotency = {}
            self.requests = []
            self.script = copy.deepcopy(DEFAULT_SCRIPT)
            self.script["retries"] = self.cfg.webhook_retries
            self.script["retryDelaySeconds"] = self.cfg.webhook_retry_delay
        if not initial:
            log("state reset")

    # ---- rendering with expand[]

    def render(self, obj, expand):
        out = copy.deepcopy(obj)
        for path in expand or []:
            field = path.split(".", 1)[0]
            table = {("payment_intent", "latest_charge"): self.charges,
                     ("refund", "charge"): self.charges, ("refund", "payment_intent"): self.intents,
                     ("charge", "payment_intent"): self.intents}.get((obj["object"], field))
            if table is None or "." in path:
                raise param_error("This property cannot be expanded (%s)." % path, None, "expand")
            if out.get(field):
                out[field] = copy.deepcopy(table[out[field]])
        return out

    # ---- events

    def emit(self, type_, obj, req=None, previous=None):
        ev = {
            "id": new_id("evt_"), "object": "event", "api_version": self.cfg.api_version,
            "created": now(), "data": {"object": copy.deepcopy(obj)}, "livemode": False,
            "pending_webhooks": 1 if self.webhook_url() else 0,
            "request": {"id": req["id"], "idempotency_key": req["idempotency_key"]} if req
            else {"id": None, "idempotency_key": None},
            "type": type_,
        }
        if previous:
            ev["data"]["previous_attributes"] = previous
        body = json.dumps(ev, indent=2, ensure_ascii=False).encode("utf-8")
        rec = {"event": ev, "body": body, "attempts": [], "held": False, "dropped": False,
               "inflight": 0, "deliveries": 0, "delivered": False}
        self.events[ev["id"]] = rec
        self.event_order.append(ev["id"])
        if not self.webhook_url():
            pass  # recorded only
        elif self.script["dropWebhooks"]:
            rec["dropped"] = True
        elif self.script["holdWebhooks"]:
            rec["held"] = True
            self.held.append((ev["id"], self.script["duplicateWebhooks"]))
        else:
            self.schedule(ev["id"], self.script["duplicateWebhooks"])
        return ev

    def webhook_url(self):
        return self.script.get("webhookUrl") or self.cfg.webhook_url

    def schedule(self, event_id, copies, timestamp=None):
        rec = self.events[event_id]
        for _ in range(copies):
            rec["deliveries"] += 1
            rec["inflight"] += 1
            self.deliverer.push(self.script["webhookDelaySeconds"], {
                "event": event_id, "generation": self.generation, "delivery": rec["deliveries"],
                "attempt": 1, "timestamp": timestamp})

    def event_state(self, rec):
        if rec["held"]:
            return "held"
        if rec["inflight"]:
            return "pending"
        if rec["delivered"]:
            return "delivered"
        if rec["attempts"]:
            return "failed"
        if rec["dropped"]:
            return "dropped"
        return "not_sent"

    def sign(self, body: bytes, timestamp: int) -> str:
        signed = str(timestamp).encode("ascii") + b"." + body
        parts = ["t=%d" % timestamp]
        for secret in self.cfg.webhook_secrets:
            parts.append("v1=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest())
        return ",".join(parts)

    def deliver(self, job):
        """Runs on the delivery thread: one attempt of one delivery, without holding the lock."""
        with self.lock:
            if job["generation"] != self.generation or job["event"] not in self.events:
                return
            rec = self.events[job["event"]]
            url, body = self.webhook_url(), rec["body"]
            timeout = float(self.script["webhookTimeoutSeconds"])
        ts = job["timestamp"] if job["timestamp"] is not None else now()
        signature = self.sign(body, ts)
        started = time.time()
        status, error, answer = None, None, ""
        try:
            if not url:
                raise OSError("no webhook URL configured")
            u = urllib.parse.urlsplit(url)
            if u.scheme == "https":
                ctx = ssl.create_default_context(cafile=self.cfg.webhook_ca)
                conn = http.client.HTTPSConnection(u.hostname, u.port or 443, timeout=timeout, context=ctx)
            elif u.scheme == "http":
                conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)
            else:
                raise OSError("unsupported webhook URL scheme: %s" % u.scheme)
            try:
                headers = {"Content-Type": "application/json; charset=utf-8",
                           "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                           "Accept": "*/*; q=0.5, application/xml", "Cache-Control": "no-cache",
                           "Content-Length": str(len(body))}
                if self.cfg.webhook_secrets:
                    headers["Stripe-Signature"] = signature
                conn.request("POST", (u.path or "/") + ("?" + u.query if u.query else ""), body, headers)
                resp = conn.getresponse()
                status = resp.status
                answer = resp.read(2000).decode("utf-8", "replace")
            finally:
                conn.close()
        except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
            error = "%s: %s" % (type(exc).__name__, exc)
        ok = status is not None and 200 <= status < 300
        with self.lock:
            if job["generation"] != self.generation:
                return
            rec["attempts"].append({
                "delivery": job["delivery"], "attempt": job["attempt"], "time": iso(started),
                "unix": round(started, 3), "durationMs": int((time.time() - started) * 1000),
                "url": url, "timestamp": ts, "signature": signature, "status": status,
                "error": error, "response": answer[:500]})
            retry = not ok and job["attempt"] <= int(self.script["retries"])
            if ok:
                rec["delivered"] = True
                rec["event"]["pending_webhooks"] = 0
            if retry:
                delay = float(self.script["retryDelaySeconds"]) * (2 ** (job["attempt"] - 1))
                self.deliverer.push(delay, dict(job, attempt=job["attempt"] + 1))
            else:
                rec["inflight"] -= 1
        log("webhook %s %s delivery %d attempt %d -> %s%s" % (
            rec["event"]["type"], rec["event"]["id"], job["delivery"], job["attempt"],
            status if status is not None else error, " (will retry)" if retry else ""))

    # ---- Stripe objects

    def get_intent(self, ident):
        pi = self.intents.get(ident)
        if pi is None:
            raise not_found("payment_intent", ident, "intent")
        return pi

    def create_intent(self, p, req):
        if p.get("amount") is None:
            raise missing("amount")
        if p.get("currency") is None:
            raise missing("currency")
        amount = p["amount"]
        if amount < 1:
            raise param_error("This value must be greater than or equal to 1.", "parameter_invalid_integer", "amount")
        if amount > 99999999:
            raise param_error("Amount must be no more than %s" % format_amount(99999999, p["currency"]),
                              "amount_too_large", "amount")
        apm, types = p.get("automatic_payment_methods"), p.get("payment_method_types")
        if apm is not None and types is not None:
            raise param_error("You may only specify one of these parameters: automatic_payment_methods, "
                              "payment_method_types.", "parameters_exclusive", "automatic_payment_methods")
        for i, t in enumerate(types or []):
            if t not in PAYMENT_METHOD_TYPES:
                raise param_error("The payment method type \"%s\" is invalid." % t,
                                  "payment_intent_invalid_parameter", "payment_method_types[%d]" % i)
        if types:
            apm_out = None
        else:
            apm_out = {"allow_redirects": (apm or {}).get("allow_redirects") or "always",
                       "enabled": True if apm is None else apm["enabled"]}
            types = ["card"]
        ident = new_id("pi_")
        pi = {
            "id": ident, "object": "payment_intent", "amount": amount, "amount_capturable": 0,
            "amount_details": {"tip": {}}, "amount_received": 0, "application": None,
            "application_fee_amount": None, "automatic_payment_methods": apm_out, "canceled_at": None,
            "cancellation_reason": None, "capture_method": "automatic_async",
            "client_secret": "%s_secret_%s" % (ident, new_id("", 25)), "confirmation_method": "automatic",
            "created": now(), "currency": p["currency"], "customer": None,
            "description": p.get("description"), "excluded_payment_method_types": None,
            "last_payment_error": None, "latest_charge": None, "livemode": False,
            "metadata": {k: v for k, v in (p.get("metadata") or {}).items() if v is not None},
            "next_action": None, "on_behalf_of": None, "payment_method": None,
            "payment_method_configuration_details": None, "payment_method_options": {},
            "payment_method_types": types, "processing": None, "receipt_email": p.get("receipt_email"),
            "review": None, "setup_future_usage": None, "shipping": None, "source": None,
            "statement_descriptor": p.get("statement_descriptor"),
            "statement_descriptor_suffix": p.get("statement_descriptor_suffix"),
            "status": "requires_payment_method", "transfer_data": None, "transfer_group": None,
        }
        self.intents[ident] = pi
        self.emit("payment_intent.created", pi, req)
        return pi

    def update_intent(self, pi, p):
        if ("amount" in p or "currency" in p) and pi["status"] not in PI_PAYABLE:
            raise StripeError(400, "You cannot update the amount or currency of a PaymentIntent with a "
                                   "status of %s." % pi["status"], code="payment_intent_unexpected_state")
        if p.get("amount") is not None:
            if p["amount"] < 1:
                raise param_error("This value must be greater than or equal to 1.",
                                  "parameter_invalid_integer", "amount")
            pi["amount"] = p["amount"]
        if p.get("currency") is not None:
            pi["currency"] = p["currency"]
        if "metadata" in p:
            md = p["metadata"]
            if md == {}:
                pi["metadata"] = {}
            for k, v in md.items():
                if v is None:
                    pi["metadata"].pop(k, None)
                else:
                    pi["metadata"][k] = v
        for key in ("description", "receipt_email"):
            if key in p:
                pi[key] = p[key]
        return pi

    def cancel_intent(self, pi, p, req):
        if pi["status"] not in PI_CANCELABLE:
            raise StripeError(
                400, "You cannot cancel this PaymentIntent because it has a status of %s. Only a "
                     "PaymentIntent with one of the following statuses may be canceled: %s."
                     % (pi["status"], ", ".join(PI_CANCELABLE)),
                code="payment_intent_unexpected_state", payment_intent=copy.deepcopy(pi))
        pi.update(status="canceled", canceled_at=now(), cancellation_reason=p.get("cancellation_reason"))
        self.emit("payment_intent.canceled", pi, req)
        return pi

    def succeed_intent(self, pi, body):
        if pi["status"] not in PI_PAYABLE:
            raise ControlError(409, "PaymentIntent %s has status %s and cannot succeed" % (pi["id"], pi["status"]))
        amount, currency = body.get("amount", pi["amount"]), body.get("currency", pi["currency"])
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
            raise ControlError(400, "amount must be a positive integer")
        if not isinstance(currency, str) or currency.lower() not in CURRENCIES:
            raise ControlError(400, "currency must be a known ISO currency code")
        currency = currency.lower()
        pm = new_id("pm_")
        charge = {
            "id": new_id("ch_"), "object": "charge", "amount": amount, "amount_captured": amount,
            "amount_refunded": 0, "application": None, "application_fee": None,
            "application_fee_amount": None, "balance_transaction": new_id("txn_"),
            "billing_details": {"address": {"city": None, "country": None, "line1": None, "line2": None,
                                            "postal_code": None, "state": None},
                                "email": None, "name": None, "phone": None},
            "calculated_statement_descriptor": "CAMPUS", "captured": True, "created": now(),
            "currency": currency, "customer": None, "description": pi["description"], "disputed": False,
            "failure_balance_transaction": None, "failure_code": None, "failure_message": None,
            "fraud_details": {}, "livemode": False, "metadata": dict(pi["metadata"]), "on_behalf_of": None,
            "outcome": {"network_status": "approved_by_network", "reason": None, "risk_level": "normal",
                        "risk_score": 20, "seller_message": "Payment complete.", "type": "authorized"},
            "paid": True, "payment_intent": pi["id"], "payment_method": pm,
            "payment_method_details": {"card": {
                "brand": "visa", "country": "US", "exp_month": 12, "exp_year": time.gmtime().tm_year + 3,
                "funding": "credit", "last4": "4242", "network": "visa",
                "checks": {"address_line1_check": None, "address_postal_code_check": None,
                           "cvc_check": "pass"}}, "type": "card"},
            "receipt_email": pi["receipt_email"], "receipt_number": None, "receipt_url": None,
            "refunded": False, "review": None, "shipping": None, "source_transfer": None,
            "statement_descriptor": pi["statement_descriptor"],
            "statement_descriptor_suffix": pi["statement_descriptor_suffix"], "status": "succeeded",
            "transfer_data": None, "transfer_group": None,
        }
        self.charges[charge["id"]] = charge
        pi.update(status="succeeded", amount=amount, amount_received=amount, currency=currency,
                  latest_charge=charge["id"], payment_method=pm, last_payment_error=None)
        self.emit("charge.succeeded", charge)
        self.emit("payment_intent.succeeded", pi)
        return pi

    def fail_intent(self, pi, body):
        if pi["status"] not in PI_PAYABLE:
            raise ControlError(409, "PaymentIntent %s has status %s and cannot fail" % (pi["id"], pi["status"]))
        code = body.get("code", "card_declined")
        decline = body.get("declineCode", "generic_decline")
        pi.update(status="requires_payment_method", payment_method=None, last_payment_error={
            "type": "card_error", "code": code, "decline_code": decline,
            "doc_url": "https://stripe.com/docs/error-codes/" + str(code).replace("_", "-"),
            "message": body.get("message", "Your card was declined."),
            "payment_method": {"id": new_id("pm_"), "object": "payment_method", "type": "card",
                               "card": {"brand": "visa", "last4": "0002", "funding": "credit"}}})
        self.emit("payment_intent.payment_failed", pi)
        return pi

    def create_refund(self, p, req):
        charge = None
        if p.get("charge"):
            charge = self.charges.get(p["charge"])
            if charge is None:
                raise not_found("charge", p["charge"], "charge")
        if p.get("payment_intent"):
            pi = self.get_intent(p["payment_intent"])
            if charge is not None and charge["payment_intent"] != pi["id"]:
                raise StripeError(400, "The charge %s does not belong to PaymentIntent %s."
                                  % (charge["id"], pi["id"]), param="charge")
            if charge is None:
                if pi["status"] != "succeeded" or not pi["latest_charge"]:
                    raise StripeError(400, "This PaymentIntent (%s) does not have a successful charge to "
                                           "refund." % pi["id"], code="payment_intent_unexpected_state",
                                      param="payment_intent")
                charge = self.charges[pi["latest_charge"]]
        if charge is None:
            raise param_error("One of the following params should be provided for this request: "
                              "payment_intent or charge.", "parameter_missing", "payment_intent")
        remaining = charge["amount"] - charge["amount_refunded"]
        if remaining <= 0:
            raise StripeError(400, "Charge %s has already been refunded." % charge["id"],
                              code="charge_already_refunded", charge=charge["id"])
        amount = p.get("amount")
        if amount is None:
            amount = remaining
        if amount < 1:
            raise StripeError(400, "This value must be greater than or equal to 1.",
                              code="parameter_invalid_integer", param="amount")
        if amount > remaining:
            raise StripeError(400, "Refund amount (%s) is greater than unrefunded amount on charge (%s)"
                              % (format_amount(amount, charge["currency"]),
                                 format_amount(remaining, charge["currency"])),
                              code="amount_too_large", param="amount")
        status = self.script["refundStatus"]
        refund = {
            "id": new_id("re_"), "object": "refund", "amount": amount,
            "balance_transaction": new_id("txn_"), "charge": charge["id"], "created": now(),
            "currency": charge["currency"],
            "destination_details": {"card": {"reference_status": "pending", "reference_type": "acquirer_reference_number",
                                             "reference": None, "type": "refund"}, "type": "card"},
            "failure_balance_transaction": None, "failure_reason": None,
            "metadata": {k: v for k, v in (p.get("metadata") or {}).items() if v is not None},
            "payment_intent": charge["payment_intent"], "reason": p.get("reason"), "receipt_number": None,
            "source_transfer_reversal": None, "status": status, "transfer_reversal": None,
        }
        self.refunds[refund["id"]] = refund
        previous = {"amount_refunded": charge["amount_refunded"]}
        charge["amount_refunded"] += amount
        if charge["amount_refunded"] == charge["amount"]:
            charge["refunded"] = True
            previous["refunded"] = False
        self.emit("refund.created", refund, req)
        if status == "succeeded":
            self.emit("charge.refunded", charge, req, previous)
        return refund

    def settle_refund(self, refund, body):
        status = body.get("status")
        if status not in ("succeeded", "failed"):
            raise ControlError(400, 'status must be "succeeded" or "failed"')
        if refund["status"] != "pending":
            raise ControlError(409, "Refund %s has status %s, only pending refunds settle"
                               % (refund["id"], refund["status"]))
        charge = self.charges[refund["charge"]]
        refund["status"] = status
        if status == "failed":
            refund["failure_reason"] = body.get("failureReason", "unknown")
            refund["failure_balance_transaction"] = new_id("txn_")
            charge["amount_refunded"] -= refund["amount"]
            charge["refunded"] = False
        self.emit("refund.updated", refund, None, {"status": "pending"})
        if status == "succeeded":
            self.emit("charge.refunded", charge)
        return refund

    def list_events(self, p):
        ids = list(reversed(self.event_order))
        types = set(p.get("types") or [])
        if p.get("type"):
            pat = p["type"]
            ids = [i for i in ids if fnmatch.fnmatchcase(self.events[i]["event"]["type"], pat)]
        if types:
            ids = [i for i in ids if self.events[i]["event"]["type"] in types]
        if p.get("starting_after") and p.get("ending_before"):
            raise param_error("You may only specify one of these parameters: ending_before, starting_after.",
                              "parameters_exclusive", "ending_before")
        limit = p.get("limit") or 10
        if p.get("starting_after"):
            cursor = p["starting_after"]
            if cursor not in self.events:
                raise not_found("event", cursor, "starting_after")
            pos = ids.index(cursor) + 1 if cursor in ids else len(ids)
            page = ids[pos:pos + limit]
            more = pos + limit < len(ids)
        elif p.get("ending_before"):
            cursor = p["ending_before"]
            if cursor not in self.events:
                raise not_found("event", cursor, "ending_before")
            pos = ids.index(cursor) if cursor in ids else 0
            start = max(0, pos - limit)
            page = ids[start:pos]
            more = start > 0
        else:
            page, more = ids[:limit], len(ids) > limit
        return {"object": "list", "data": [copy.deepcopy(self.events[i]["event"]) for i in page],
                "has_more": more, "url": "/v1/events"}


# ------------------------------------------------------------------ delivery thread

class Deliverer:
    def __init__(self, fake):
        self.fake = fake
        self.heap = []
        self.seq = 0
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self.run, name="webhooks", daemon=True)
        self.thread.start()

    def push(self, delay, job):
        with self.cond:
            self.seq += 1
            heapq.heappush(self.heap, (time.monotonic() + max(0.0, float(delay)), self.seq, job))
            self.cond.notify()

    def run(self):
        while True:
            with self.cond:
                while not self.heap or self.heap[0][0] > time.monotonic():
                    self.cond.wait(None if not self.heap else self.heap[0][0] - time.monotonic())
                _, _, job = heapq.heappop(self.heap)
            try:
                self.fake.deliver(job)
            except Exception as exc:  # never let the thread die
                log("webhook delivery crashed: %r" % exc)


# ---------------------------------------------------------------------- HTTP layer

API_ROUTES = [
    ("POST", re.compile(r"^/v1/payment_intents$"), "pi_create"),
    ("GET", re.compile(r"^/v1/payment_intents/([^/]+)$"), "pi_retrieve"),
    ("POST", re.compile(r"^/v1/payment_intents/([^/]+)$"), "pi_update"),
    ("POST", re.compile(r"^/v1/payment_intents/([^/]+)/cancel$"), "pi_cancel"),
    ("POST", re.compile(r"^/v1/refunds$"), "refund_create"),
    ("GET", re.compile(r"^/v1/refunds/([^/]+)$"), "refund_retrieve"),
    ("GET", re.compile(r"^/v1/charges/([^/]+)$"), "charge_retrieve"),
    ("GET", re.compile(r"^/v1/events$"), "event_list"),
    ("GET", re.compile(r"^/v1/events/([^/]+)$"), "event_retrieve"),
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "stripe-fake/1"
    sys_version = ""
    timeout = 120

    fake: Fake  # set on the subclass made in main()

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):
        if not self.fake.cfg.quiet:
            log("%s %s" % (self.address_string(), fmt % args))

    def log_request(self, code="-", size="-"):
        pass  # one line per request is written by dispatch()

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks, total = [], 0
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                total += size
                if total > MAX_BODY:
                    raise ValueError("body too large")
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length else b""

    def send_json(self, status, obj, headers=None, raw=None):
        body = raw if raw is not None else json.dumps(obj, indent=2, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache, no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def dispatch(self, method):
        split = urllib.parse.urlsplit(self.path)
        path, query = split.path, split.query
        try:
            body = self.read_body()
        except (ValueError, OSError):
            self.close_connection = True
            self.send_json(413, StripeError(413, "Request body too large or malformed.").body(),
                           {"Request-Id": new_id("req_", 14)})
            return
        if path.startswith("/_fake/") or path == "/_fake":
            self.control(method, path, query, body)
        else:
            self.api(method, path, query, body)

    # ---- Stripe API

    def api(self, method, path, query, body):
        fake = self.fake
        rid = new_id("req_", 14)
        headers = {"Request-Id": rid,
                   "Stripe-Version": self.headers.get("Stripe-Version") or fake.cfg.api_version}
        idem = self.headers.get("Idempotency-Key") if method == "POST" else None
        entry = {"time": iso(time.time()), "method": method, "path": path, "query": query,
                 "requestId": rid, "idempotencyKey": idem, "params": None, "authOk": False,
                 "stripeVersion": self.headers.get("Stripe-Version"),
                 "contentType": self.headers.get("Content-Type"), "status": None,
                 "replayed": False, "injected": False}
        status, obj, raw = 500, None, None
        with fake.lock:
            fake.requests.append(entry)
            try:
                rule = self.injected_failure(method, path)
                api_key = self.authenticate()
                entry["authOk"] = api_key is not None
                if rule is not None and not rule.get("store"):
                    raise self.injected_error(rule, entry)  # as if it failed before reaching Stripe's API
                if api_key is None:
                    raise self.auth_error()
                params = {}
                if query:
                    params.update(parse_form(query))
                if method == "POST" and body:
                    try:
                        text = body.decode("utf-8")
                    except UnicodeDecodeError:
                        raise param_error("The request body is not valid UTF-8.")
                    params.update(parse_form(text))
                entry["params"] = params
                store_key = None
                if idem is not None:
                    if len(idem) > 255:
                        raise param_error("Idempotency keys may be at most 255 characters long.",
                                          None, "Idempotency-Key")
                    store_key = (api_key, idem)
                    saved = fake.idempotency.get(store_key)
                    if saved is not None:
                        if (saved["method"], saved["path"]) != (method, path):
                            raise StripeError(400, "Keys for idempotent requests can only be used for the "
                                                   "same endpoint they were first used for ('%s %s' vs "
                                                   "'%s %s'). Try using a key other than '%s' if you meant "
                                                   "to execute a different request."
                                              % (method, path, saved["method"], saved["path"], idem),
                                              type_="idempotency_error", store=False)
                        if saved["params"] != params:
                            raise StripeError(400, "Keys for idempotent requests can only be used with the "
                                                   "same parameters they were first used with. Try using "
                                                   "a key other than '%s' if you meant to execute a "
                                                   "different request." % idem,
                                              type_="idempotency_error", store=False)
                        headers.update({"Idempotent-Replayed": "true", "Idempotency-Key": idem,
                                        "Original-Request": saved["requestId"]})
                        headers.update(saved["headers"])
                        status, raw = saved["status"], saved["body"]
                        entry["replayed"] = True
                        raise _Done()
                    headers.update({"Idempotency-Key": idem, "Original-Request": rid})
                if rule is not None:
                    raise self.injected_error(rule, entry)  # failed during execution: stored
                req = {"id": rid, "idempotency_key": idem}
                status, obj = self.route(method, path, params, req)
                raw = json.dumps(obj, indent=2, ensure_ascii=False).encode("utf-8")
                if store_key is not None:
                    fake.idempotency[store_key] = {"method": method, "path": path, "params": params,
                                                   "status": status, "body": raw, "requestId": rid,
                                                   "headers": {}}
            except _Done:
                pass
            except StripeError as exc:
                status = exc.status
                raw = json.dumps(exc.body(), indent=2, ensure_ascii=False).encode("utf-8")
                extra = getattr(exc, "headers", {})
                headers.update(extra)
                if exc.status == 401:
                    headers["WWW-Authenticate"] = 'Basic realm="Stripe"'
                if exc.store and idem is not None and entry["authOk"] and entry["params"] is not None \
                        and len(idem) <= 255:
                    fake.idempotency[(self.authenticate(), idem)] = {
                        "method": method, "path": path, "params": entry["params"], "status": status,
                        "body": raw, "requestId": rid, "headers": extra}
            except Exception as exc:  # a bug in the fake: answer like Stripe's 500
                log("internal error on %s %s: %r" % (method, path, exc))
                status = 500
                raw = json.dumps(StripeError(500, "An unknown error occurred in the fake: %r" % exc,
                                             type_="api_error").body(), indent=2).encode("utf-8")
            entry["status"] = status
        if not fake.cfg.quiet:
            log("%s %s -> %d %s%s%s" % (method, path, status, rid, " idem=%s" % idem if idem else "",
                                        " (replayed)" if entry["replayed"] else ""))
        self.send_json(status, None, headers, raw)

    @staticmethod
    def injected_error(rule, entry):
        entry["injected"] = True
        err = StripeError(int(rule.get("status", 500)),
                          rule.get("message", "An unknown error occurred (injected by the fake)."),
                          type_=rule.get("type", "api_error"), code=rule.get("code"),
                          store=bool(rule.get("store", False)))
        if "shouldRetry" in rule:
            err.headers = {"Stripe-Should-Retry": "true" if rule["shouldRetry"] else "false"}
        return err

    def injected_failure(self, method, path):
        rules = self.fake.script["failNext"]
        for rule in rules:
            if rule.get("method", method).upper() != method:
                continue
            if not fnmatch.fnmatchcase(path, rule.get("path", "*")):
                continue
            rule["count"] = int(rule.get("count", 1)) - 1
            if rule["count"] <= 0:
                rules.remove(rule)
            return rule
        return None

    def authenticate(self):
        auth = self.headers.get("Authorization") or ""
        scheme, _, cred = auth.strip().partition(" ")
        key = None
        if scheme.lower() == "bearer":
            key = cred.strip()
        elif scheme.lower() == "basic":
            try:
                key = base64.b64decode(cred.strip(), validate=True).decode("utf-8").partition(":")[0]
            except (ValueError, UnicodeDecodeError):
                key = None
        return key if key and key in self.fake.cfg.api_keys else None

    def auth_error(self):
        auth = (self.headers.get("Authorization") or "").strip()
        if not auth:
            msg = ("You did not provide an API key. Send it in the Authorization header as Bearer auth "
                   "('Authorization: Bearer YOUR_SECRET_KEY'), or as the user name of HTTP Basic auth.")
        else:
            scheme, _, cred = auth.partition(" ")
            key = cred.strip()
            if scheme.lower() == "basic":
                try:
                    key = base64.b64decode(key).decode("utf-8", "replace").partition(":")[0]
                except ValueError:
                    key = ""
            elif scheme.lower() != "bearer":
                key = ""
            if not key:
                msg = "Invalid Authorization header: use Bearer auth with your secret key."
            else:
                m = re.match(r"^([a-z]+_(?:test_|live_)?)", key)
                prefix = m.group(1) if m else ""
                masked = prefix + "*" * max(4, len(key) - len(prefix) - 4) + (key[-4:] if len(key) > len(prefix) + 8 else "")
                msg = "Invalid API Key provided: %s" % masked
        return StripeError(401, msg, store=False)

    def route(self, method, path, params, req):
        fake = self.fake
        for m, rx, name in API_ROUTES:
            match = rx.match(path)
            if not match:
                continue
            if m != method:
                continue
            args = [urllib.parse.unquote(g) for g in match.groups()]
            if name == "pi_create":
                p = validate(params, PI_CREATE)
                return 200, fake.render(fake.create_intent(p, req), p.get("expand"))
            if name == "pi_retrieve":
                p = validate(params, PI_RETRIEVE)
                pi = fake.get_intent(args[0])
                if p.get("client_secret") not in (None, pi["client_secret"]):
                    raise not_found("payment_intent", args[0], "intent")
                return 200, fake.render(pi, p.get("expand"))
            if name == "pi_update":
                p = validate(params, PI_UPDATE)
                pi = fake.get_intent(args[0])
                return 200, fake.render(fake.update_intent(pi, p), p.get("expand"))
            if name == "pi_cancel":
                p = validate(params, PI_CANCEL)
                pi = fake.get_intent(args[0])
                return 200, fake.render(fake.cancel_intent(pi, p, req), p.get("expand"))
            if name == "refund_create":
                p = validate(params, REFUND_CREATE)
                return 200, fake.render(fake.create_refund(p, req), p.get("expand"))
            if name == "refund_retrieve":
                p = validate(params, RETRIEVE)
                refund = fake.refunds.get(args[0])
                if refund is None:
                    raise not_found("refund", args[0], "refund")
                return 200, fake.render(refund, p.get("expand"))
            if name == "charge_retrieve":
                p = validate(params, RETRIEVE)
                charge = fake.charges.get(args[0])
                if charge is None:
                    raise not_found("charge", args[0], "charge")
                return 200, fake.render(charge, p.get("expand"))
            if name == "event_list":
                return 200, fake.list_events(validate(params, EVENT_LIST))
            if name == "event_retrieve":
                validate(params, EVENT_RETRIEVE)
                rec = fake.events.get(args[0])
                if rec is None:
                    raise not_found("event", args[0], "id")
                return 200, copy.deepcopy(rec["event"])
        raise unrecognized(method, path)

    # ---- control API

    def control(self, method, path, query, body):
        fake = self.fake
        headers = {"Request-Id": new_id("req_", 14)}
        try:
            try:
                data = json.loads(body.decode("utf-8")) if body.strip() else {}
            except (ValueError, UnicodeDecodeError):
                raise ControlError(400, "body must be JSON")
            if not isinstance(data, dict):
                raise ControlError(400, "body must be a JSON object")
            with fake.lock:
                status, obj = self.control_route(method, path, data, query)
        except ControlError as exc:
            status, obj = exc.status, {"error": {"type": IRE, "message": exc.message}}
        except StripeError as exc:
            status, obj = exc.status, exc.body()
        if not fake.cfg.quiet:
            log("control %s %s -> %d" % (method, path, status))
        self.send_json(status, obj, headers)

    def control_route(self, method, path, data, query):
        fake = self.fake
        parts = [urllib.parse.unquote(p) for p in path.strip("/").split("/")][1:] or [""]
        route = (method, tuple("*" if i % 2 == 1 and parts[0] in ("payment_intents", "refunds", "events")
                               else p for i, p in enumerate(parts)))
        if route == ("GET", ("health",)):
            return 200, {"ok": True}
        if route == ("POST", ("payment_intents", "*", "succeed")):
            return 200, copy.deepcopy(fake.succeed_intent(fake.get_intent(parts[1]), data))
        if route == ("POST", ("payment_intents", "*", "fail")):
            return 200, copy.deepcopy(fake.fail_intent(fake.get_intent(parts[1]), data))
        if method == "POST" and len(parts) == 2 and parts[0] == "pay":
            found = [pi for pi in fake.intents.values() if pi["metadata"].get("payment_id") == parts[1]]
            if not found:
                raise ControlError(404, "no PaymentIntent has metadata[payment_id]=%s" % parts[1])
            payable = [pi for pi in found if pi["status"] in PI_PAYABLE]
            if not payable:
                raise ControlError(409, "no PaymentIntent with metadata[payment_id]=%s can be paid (statuses: %s)"
                                   % (parts[1], ", ".join(pi["status"] for pi in found)))
            pi = max(payable, key=lambda x: (x["created"], list(fake.intents).index(x["id"])))
            return 200, copy.deepcopy(fake.succeed_intent(pi, data))
        if route == ("GET", ("script",)):
            return 200, copy.deepcopy(fake.script)
        if route == ("POST", ("script",)):
            self.update_script(data)
            return 200, copy.deepcopy(fake.script)
        if route == ("POST", ("release",)):
            order = data.get("order", "fifo")
            held, fake.held = fake.held, []
            if order == "reverse":
                held.reverse()
            elif order == "shuffle":
                random.Random(data.get("seed")).shuffle(held)
            elif order != "fifo":
                fake.held = held
                raise ControlError(400, 'order must be "fifo", "reverse" or "shuffle"')
            fake.script["holdWebhooks"] = False
            for event_id, copies in held:
                fake.events[event_id]["held"] = False
                fake.schedule(event_id, copies)
            return 200, {"released": [e for e, _ in held], "order": order}
        if route == ("POST", ("refunds", "*", "settle")):
            refund = fake.refunds.get(parts[1])
            if refund is None:
                raise ControlError(404, "no refund %s" % parts[1])
            return 200, copy.deepcopy(fake.settle_refund(refund, data))
        if route == ("GET", ("events",)):
            q = urllib.parse.parse_qs(query)
            items = []
            for eid in fake.event_order:
                rec = fake.events[eid]
                if "type" in q and rec["event"]["type"] not in q["type"]:
                    continue
                items.append({"id": eid, "type": rec["event"]["type"], "created": rec["event"]["created"],
                              "state": fake.event_state(rec), "deliveries": rec["deliveries"],
                              "attempts": copy.deepcopy(rec["attempts"]), "event": copy.deepcopy(rec["event"])})
            return 200, {"object": "list", "data": items}
        if route == ("POST", ("events", "*", "resend")):
            rec = fake.events.get(parts[1])
            if rec is None:
                raise ControlError(404, "no event %s" % parts[1])
            if not fake.webhook_url():
                raise ControlError(409, "no webhook URL configured")
            ts = data.get("timestamp")
            if ts is not None and (not isinstance(ts, int) or isinstance(ts, bool)):
                raise ControlError(400, "timestamp must be an integer (unix seconds)")
            copies = data.get("copies", 1)
            if not isinstance(copies, int) or copies < 1:
                raise ControlError(400, "copies must be a positive integer")
            fake.schedule(parts[1], copies, ts)
            return 200, {"id": parts[1], "queued": copies, "timestamp": ts}
        if route == ("GET", ("requests",)):
            return 200, {"object": "list", "data": copy.deepcopy(fake.requests)}
        if route == ("POST", ("reset",)):
            fake.reset()
            return 200, {"reset": True}
        raise ControlError(404, "unknown control endpoint %s %s" % (method, path))

    def update_script(self, data):
        script = copy.deepcopy(self.fake.script)

        def number(key, minimum, integer=False):
            v = data[key]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or (integer and not isinstance(v, int)) \
                    or v < minimum:
                raise ControlError(400, "%s must be a%s number >= %s" % (key, "n integer" if integer else "", minimum))
            return v

        for key in data:
            if key not in DEFAULT_SCRIPT:
                raise ControlError(400, "unknown script key %s (known: %s)" % (key, ", ".join(DEFAULT_SCRIPT)))
        for key in ("webhookDelaySeconds", "retryDelaySeconds"):
            if key in data:
                script[key] = float(number(key, 0))
        if "webhookTimeoutSeconds" in data:
            script["webhookTimeoutSeconds"] = float(number("webhookTimeoutSeconds", 0.01))
        if "duplicateWebhooks" in data:
            script["duplicateWebhooks"] = number("duplicateWebhooks", 1, True)
        if "retries" in data:
            script["retries"] = number("retries", 0, True)
        for key in ("holdWebhooks", "dropWebhooks"):
            if key in data:
                if not isinstance(data[key], bool):
                    raise ControlError(400, "%s must be true or false" % key)
                script[key] = data[key]
        if "refundStatus" in data:
            if data["refundStatus"] not in ("succeeded", "pending"):
                raise ControlError(400, 'refundStatus must be "succeeded" or "pending"')
            script["refundStatus"] = data["refundStatus"]
        if "webhookUrl" in data:
            url = data["webhookUrl"]
            if url is not None and (not isinstance(url, str) or urllib.parse.urlsplit(url).scheme not in ("http", "https")):
                raise ControlError(400, "webhookUrl must be an http(s) URL or null")
            script["webhookUrl"] = url
        if "failNext" in data:
            rules = data["failNext"]
            rules = [] if rules is None else rules if isinstance(rules, list) else [rules]
            for r in rules:
                if not isinstance(r, dict):
                    raise ControlError(400, "failNext entries must be objects")
                unknown = set(r) - {"method", "path", "status", "count", "type", "code", "message",
                                    "shouldRetry", "store"}
                if unknown:
                    raise ControlError(400, "unknown failNext keys: %s" % ", ".join(sorted(unknown)))
                st = r.get("status", 500)
                if isinstance(st, bool) or not isinstance(st, int) or not 400 <= st <= 599:
                    raise ControlError(400, "failNext status must be an HTTP error status (400-599)")
                cnt = r.get("count", 1)
                if isinstance(cnt, bool) or not isinstance(cnt, int) or cnt < 1:
                    raise ControlError(400, "failNext count must be a positive integer")
                r.setdefault("status", st)
                r.setdefault("count", cnt)
            script["failNext"] = rules
        self.fake.script = script


class _Done(Exception):
    """Ends API handling early with the answer already chosen (an idempotent replay)."""


class Server(ThreadingHTTPServer):
    daemon_threads = True
    ssl_context: ssl.SSLContext | None = None

    def finish_request(self, request, client_address):
        if self.ssl_context is None:
            return super().finish_request(request, client_address)
        request.settimeout(30)
        try:
            tls = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            log("TLS handshake with %s failed: %s" % (client_address[0], exc))
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            try:
                tls.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Local fake of the Stripe API (see the module docstring).")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--api-key", dest="api_keys", action="append")
    ap.add_argument("--webhook-url")
    ap.add_argument("--webhook-secret", dest="webhook_secrets", action="append", default=[])
    ap.add_argument("--webhook-ca")
    ap.add_argument("--webhook-retries", type=int, default=3)
    ap.add_argument("--webhook-retry-delay", type=float, default=0.5)
    ap.add_argument("--api-version", default=DEFAULT_API_VERSION)
    ap.add_argument("--quiet", action="store_true")
    cfg = ap.parse_args(argv)
    cfg.api_keys = cfg.api_keys or ["sk_test_campus"]
    if bool(cfg.cert) != bool(cfg.key):
        ap.error("--cert and --key go together")
    if cfg.webhook_url and urllib.parse.urlsplit(cfg.webhook_url).scheme not in ("http", "https"):
        ap.error("--webhook-url must be http:// or https://")
    if cfg.webhook_retries < 0 or cfg.webhook_retry_delay < 0:
        ap.error("--webhook-retries and --webhook-retry-delay must not be negative")
    if cfg.webhook_url and not cfg.webhook_secrets:
        log("warning: no --webhook-secret; webhooks are sent without Stripe-Signature")

    fake = Fake(cfg)
    handler = type("BoundHandler", (Handler,), {"fake": fake})
    server_cls = type("BoundServer", (Server,), {
        "address_family": socket.AF_INET6 if ":" in cfg.host else socket.AF_INET})
    server = server_cls((cfg.host, cfg.port), handler)
    scheme = "http"
    if cfg.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(cfg.cert, cfg.key)
        server.ssl_context = ctx
        scheme = "https"

    def stop(signum, _frame):
        log("signal %d, stopping" % signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    port = server.server_address[1]
    host = "[%s]" % cfg.host if ":" in cfg.host else cfg.host
    url = "%s://%s:%d" % (scheme, host, port)
    sys.stdout.write(json.dumps({"url": url}) + "\n")
    sys.stdout.flush()
    log("listening on %s (webhooks: %s)" % (url, cfg.webhook_url or "none"))
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
