#!/usr/bin/env python3
"""Local fake of the SSLCommerz payment gateway (API v4), for tests and the local dev stack.

Python 3.11 standard library only. All state is in memory; nothing leaves loopback unless asked.

Command line
------------
    python3 deploy/fakes/sslcommerz_fake.py --host 127.0.0.1 --port 0 \
        --cert DIR/server.pem --key DIR/server.key \
        --store-id campustest --store-passwd campustest@ssl

    --port 0            picks a free port.
    --cert/--key        serve HTTPS (TLS 1.2+); without them the fake serves plain HTTP.
    --public-url URL    base URL written into GatewayPageURL etc. (default: the listening URL).
    --ipn-cafile FILE   CA file trusted when an ipn_url is https (default: the system store).
    --ipn-timeout S     seconds per IPN delivery attempt (default 5).
    --allow-remote-ipn  also deliver IPNs to hosts that are not loopback (off by default).

When it listens it prints exactly one line of JSON to stdout, {"url": "https://127.0.0.1:PORT"},
and flushes. Request logs go to stderr. SIGTERM or SIGINT stops it cleanly (exit status 0).

SSLCommerz subset (real paths, parameter names and answer fields)
-----------------------------------------------------------------
POST /gwprocess/v4/api.php                      session initiation, form-encoded body only
    (store_id, store_passwd, total_amount, currency, tran_id, success_url, fail_url, cancel_url,
    ipn_url, cus_*, shipping_method, ship_* when shipping, product_name, product_category,
    product_profile, num_of_item, value_a..value_d, ...). Answers status SUCCESS with sessionkey,
    GatewayPageURL, redirectGatewayURL, directPaymentURL*, storeBanner, storeLogo, store_name, gw, desc;
    or status FAILED with failedreason (wrong store credentials, a missing or invalid field, a tran_id
    already paid, or re-used with another amount or currency). total_amount must be 10.00 to
    500000.00 BDT (or its equivalent at the fake's currency rate); tran_id at most 30 characters.
    Re-initiating an unpaid (or failed/cancelled) tran_id with the same amount gives a new session.
GET  /EasyCheckOut/{sessionkey}                  the gateway page (also at redirectGatewayURL): amount,
                                                 and Pay / Fail / Cancel buttons for a person.
GET  /validator/api/validationserverAPI.php?val_id=&store_id=&store_passwd=&format=json[&v=1]
    status VALID (first call), VALIDATED (later calls), INVALID_TRANSACTION (unknown val_id); the
    fields tran_id, val_id, amount, store_amount, currency, bank_tran_id, card_*, tran_date,
    currency_type, currency_amount, currency_rate, base_fair, value_a..d, emi_*, risk_level,
    risk_title, APIConnect "DONE", validated_on, gw_version, ...
GET  /validator/api/merchantTransIDvalidationAPI.php  (the parameters choose the call)
    tran_id=...                 → {APIConnect, no_of_trans_found, element: [...]} (one element per
                                  finished attempt of that tran_id)
    sessionkey=...              → the one attempt of that session
    bank_tran_id=&refund_amount=&refund_remarks=[&refe_id=]
                                → {APIConnect, bank_tran_id, trans_id, refund_ref_id, status:
                                  success|failed|processing, errorReason}; more than remains fails.
    refund_ref_id=...           → {APIConnect, bank_tran_id, tran_id, refund_ref_id, initiated_on,
                                  refunded_on, status: processing|refunded|cancelled, errorReason}.
                                  A refund answers "processing" for refundPollsBeforeDone polls
                                  (default 1), then "refunded" (or "cancelled", see refundOutcome).
    Wrong store credentials → {"APIConnect": "FAILED"}; missing parameters → "INVALID_REQUEST".
Amounts: like the real gateway, `amount`/`currency` are the settled BDT amount, while
`currency_type`/`currency_amount`/`currency_rate` are what the merchant asked for (USD etc.).
store_amount is amount less a 2.5% fee.

IPN: when a session is paid, failed or cancelled, its ipn_url gets a form-encoded POST with the real
IPN fields (status VALID|FAILED|CANCELLED, tran_id, val_id, amount, store_amount, currency,
bank_tran_id, card_type, card_no, card_issuer, card_brand, card_sub_brand, card_issuer_country,
card_issuer_country_code, store_id, tran_date, currency_type, currency_amount, currency_rate,
base_fair, value_a..d, risk_level, risk_title, error, verify_sign, verify_key, verify_sign_sha2).
    verify_key  = comma-separated, sorted names of every other field sent (all but verify_*).
    verify_sign = md5 hex of "k1=v1&k2=v2&..." over those fields plus
                  store_passwd=<md5 hex of the store password>, sorted by key.
    verify_sign_sha2 = sha256 hex of the same string.
Delivered from a background thread; a non-2xx answer or an error is retried `retries` times, every
attempt is recorded. The gateway page's buttons also post the same fields to success_url / fail_url /
cancel_url in the browser (an auto-submitting form), as the real gateway does.

Control API (not SSLCommerz's; JSON, no auth)
---------------------------------------------
POST /_fake/sessions/{tran_id}/pay   [body {"amount": "...", "currency": "...", "riskLevel": 1}]
POST /_fake/sessions/{tran_id}/fail  [body {"error": "..."}]
POST /_fake/sessions/{tran_id}/cancel
    → {tran_id, status, val_id, bank_tran_id, ipnUrl, ipn: fields, ipnRecords: [n...], ipnState,
       redirect: {url, method: "POST", fields}}. amount/currency in the pay body change what the
       IPN and the validation report (currency_amount/currency_type), for mismatch tests.
       From the gateway page (form-encoded, _browser=1) the answer is the auto-submitting form.
POST /_fake/pay/{tran_id}            short alias of sessions/{tran_id}/pay.
GET  /_fake/sessions[/{tran_id}]     the transactions the fake knows.
POST /_fake/script                   any of: ipnDelaySeconds (number), duplicateIpn (int: deliveries
    of each IPN, default 1), holdIpn (bool), dropIpn (bool), validationStatus ("INVALID_TRANSACTION",
    "VALID", "VALIDATED" or null), refundPollsBeforeDone (int), refundStatus ("success"|"failed"|
    "processing", the initiation answer), refundOutcome ("refunded"|"cancelled"), failNext
    ({"path": "/gwprocess/v4/api.php", "status": 500, "count": 1, "body": "..."} or a list; null
    clears), retries (int), retryDelaySeconds (number), currencyRates ({"USD": 110.0, ...}).
GET  /_fake/script                   the script in force (with pending failNext rules).
POST /_fake/release                  {"order": "fifo"|"reverse"|"shuffle", "seed": int} sends held IPNs,
                                     one after the other in that order.
GET  /_fake/ipn                      every IPN (n, tran_id, status, url, fields, state, attempts).
POST /_fake/ipn/{n}/resend           delivers IPN n (0-based, as listed) again.
GET  /_fake/refunds                  every refund.
GET  /_fake/requests                 log of SSLCommerz API requests: method, path, parameters
                                     (store_passwd masked), credentialsOk, httpStatus, answer.
POST /_fake/reset                    forgets everything and restores the default script.
GET  /_fake/health                   {"ok": true}
"""

import argparse
import hashlib
import html
import ipaddress
import json
import random
import secrets
import signal
import socket
import ssl
import string
import struct
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SESSION_PATH = "/gwprocess/v4/api.php"
VALIDATION_PATH = "/validator/api/validationserverAPI.php"
MERCHANT_PATH = "/validator/api/merchantTransIDvalidationAPI.php"
REDIRECT_PATH = "/gwprocess/v4/bankgw/indexhtml.php"
CHECKOUT_PREFIX = "/EasyCheckOut/"
LOGO_PATH = "/stores/logos/demoLogo.png"

CREDENTIAL_ERROR = "Store Credential Error Or Store is De-active"
FEE = Decimal("0.025")
MIN_BDT = Decimal("10.00")
MAX_BDT = Decimal("500000.00")
DHAKA_OFFSET = 6 * 3600

REQUIRED_SESSION_FIELDS = (
    "total_amount", "currency", "tran_id", "success_url", "fail_url", "cancel_url",
    "cus_name", "cus_email", "cus_add1", "cus_city", "cus_postcode", "cus_country", "cus_phone",
    "shipping_method", "product_name", "product_category", "product_profile",
)
SHIPPING_FIELDS = ("num_of_item", "ship_name", "ship_add1", "ship_city", "ship_postcode", "ship_country")
PRODUCT_PROFILES = (
    "general", "physical-goods", "non-physical-goods", "airline-tickets", "travel-vertical",
    "telecom-vertical",
)
MAX_LENGTHS = {
    "tran_id": 30, "cus_name": 50, "cus_email": 50, "cus_add1": 50, "cus_city": 50,
    "cus_postcode": 30, "cus_country": 50, "cus_phone": 20, "product_name": 255,
    "product_category": 100, "value_a": 255, "value_b": 255, "value_c": 255, "value_d": 255,
}

DEFAULT_RATES = {
    "BDT": 1.0, "USD": 110.0, "EUR": 120.0, "GBP": 140.0, "AUD": 72.0, "CAD": 80.0,
    "SGD": 82.0, "INR": 1.32, "MYR": 25.0, "JPY": 0.75, "AED": 30.0, "SAR": 29.0,
}


def default_script():
    return {
        "ipnDelaySeconds": 0.0,
        "duplicateIpn": 1,
        "holdIpn": False,
        "dropIpn": False,
        "validationStatus": None,
        "refundPollsBeforeDone": 1,
        "refundStatus": "success",
        "refundOutcome": "refunded",
        "retries": 3,
        "retryDelaySeconds": 1.0,
        "currencyRates": dict(DEFAULT_RATES),
    }


def log(message):
    sys.stderr.write("[sslcommerz-fake] %s\n" % message)
    sys.stderr.flush()


def money(value):
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def rate_text(value):
    return str(Decimal(str(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def parse_amount(text):
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value <= 0:
        return None
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def dhaka_time(ts=None):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime((ts or time.time()) + DHAKA_OFFSET))


def stamp_id(length):
    alphabet = string.ascii_letters + string.digits
    prefix = time.strftime("%y%m%d%H%M%S", time.gmtime(time.time() + DHAKA_OFFSET))
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def sign_fields(fields, store_passwd):
    """Signs IPN fields the way SSLCommerz does. Returns (verify_key, verify_sign, verify_sign_sha2)."""
    signed = dict(fields)
    names = sorted(signed)
    signed["store_passwd"] = hashlib.md5(store_passwd.encode()).hexdigest()
    text = "&".join("%s=%s" % (key, signed[key]) for key in sorted(signed))
    return (",".join(names), hashlib.md5(text.encode()).hexdigest(),
            hashlib.sha256(text.encode()).hexdigest())


def tiny_png():
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x1f\x6f\xb4\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = tiny_png()


class BadRequest(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class Txn:
    """One tran_id. Earlier finished attempts of the same tran_id are kept in history."""

    def __init__(self, tran_id):
        self.tran_id = tran_id
        self.history = []
        self.refunds = []
        self.start_attempt(None, None, None, {})

    def start_attempt(self, sessionkey, amount, currency, params):
        self.sessionkey = sessionkey
        self.amount = amount
        self.currency = currency
        self.params = params
        self.status = "PENDING"
        self.created_at = time.time()
        self.val_id = ""
        self.bank_tran_id = ""
        self.tran_date = ""
        self.currency_type = currency
        self.currency_amount = amount
        self.currency_rate = Decimal("1")
        self.amount_bdt = None
        self.store_amount = None
        self.risk_level = "0"
        self.error = ""
        self.validated_on = None
        self.ipn_fields = None

    def param(self, name):
        return self.params.get(name, "")

    def refunded_total(self, refunds):
        total = Decimal("0")
        for ref in self.refunds:
            record = refunds[ref]
            if record["state"] != "cancelled":
                total += Decimal(record["refund_amount"])
        return total

    def element(self):
        paid = self.status in ("VALID", "VALIDATED")
        return {
            "val_id": self.val_id if paid else "",
            "status": self.status,
            "validated_on": self.validated_on or "",
            "currency_type": self.currency_type,
            "currency_amount": money(self.currency_amount),
            "currency_rate": rate_text(self.currency_rate),
            "base_fair": "0.00",
            "value_a": self.param("value_a"),
            "value_b": self.param("value_b"),
            "value_c": self.param("value_c"),
            "value_d": self.param("value_d"),
            "discount_percentage": "0",
            "discount_remarks": "",
            "discount_amount": "0.00",
            "tran_date": self.tran_date,
            "tran_id": self.tran_id,
            "sessionkey": self.sessionkey,
            "amount": money(self.amount_bdt) if self.amount_bdt is not None else "",
            "store_amount": money(self.store_amount) if paid else "",
            "bank_tran_id": self.bank_tran_id,
            "card_type": CARD["card_type"] if paid else "",
            "risk_title": risk_title(self.risk_level) if paid else "",
            "risk_level": self.risk_level if paid else "",
            "currency": "BDT",
            "bank_gw": "DBBL Visa" if paid else "",
            "card_no": CARD["card_no"] if paid else "",
            "card_issuer": CARD["card_issuer"] if paid else "",
            "card_brand": CARD["card_brand"] if paid else "",
            "card_issuer_country": CARD["card_issuer_country"] if paid else "",
            "card_issuer_country_code": CARD["card_issuer_country_code"] if paid else "",
            "gw_version": "",
            "emi_instalment": "0",
            "emi_amount": "0.00",
            "emi_description": "",
            "emi_issuer": "",
            "error": self.error,
        }


CARD = {
    "card_type": "VISA-Dutch Bangla",
    "card_no": "418117XXXXXX6675",
    "card_issuer": "Dutch Bangla Bank Limited",
    "card_brand": "VISA",
    "card_sub_brand": "Classic",
    "card_issuer_country": "Bangladesh",
    "card_issuer_country_code": "BD",
}


def risk_title(level):
    return "Safe" if str(level) == "0" else "Risky"


class App:
    def __init__(self, args):
        self.store_id = args.store_id
        self.store_passwd = args.store_passwd
        self.ipn_timeout = args.ipn_timeout
        self.allow_remote_ipn = args.allow_remote_ipn
        self.ipn_ssl = ssl.create_default_context(cafile=args.ipn_cafile)
        self.base_url = None
        self.lock = threading.RLock()
        self.reset()

    # ---- state -------------------------------------------------------------------------------

    def reset(self):
        with self.lock:
            self.generation = getattr(self, "generation", 0) + 1
            self.txns = {}
            self.sessions = {}
            self.by_val_id = {}
            self.by_bank_tran_id = {}
            self.refunds = {}
            self.ipns = []
            self.requests = []
            self.script = default_script()
            self.fail_rules = []

    def credentials_ok(self, params):
        return params.get("store_id") == self.store_id and params.get("store_passwd") == self.store_passwd

    def rate(self, currency):
        rates = self.script["currencyRates"]
        if currency not in rates:
            return None
        return Decimal(str(rates[currency]))

    # ---- HTTP entry --------------------------------------------------------------------------

    def handle(self, req):
        parsed = urllib.parse.urlsplit(req.path)
        path = parsed.path
        query = flatten(urllib.parse.parse_qs(parsed.query, keep_blank_values=True))
        body = read_body(req)
        ctype = (req.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form = {}
        if ctype == "application/x-www-form-urlencoded" and body:
            form = flatten(urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
        try:
            if path.startswith("/_fake/") or path == "/_fake":
                return self.control(req, path, body, ctype, form)
            return self.provider(req, path, query, form)
        except BadRequest as err:
            return send_json(req, err.status, {"error": err.message})

    def injected_failure(self, path):
        with self.lock:
            for rule in self.fail_rules:
                if rule["path"] == path and rule["count"] > 0:
                    rule["count"] -= 1
                    self.fail_rules = [r for r in self.fail_rules if r["count"] > 0]
                    return rule
        return None

    def record_request(self, req, path, params, status, answer, note=None):
        shown = dict(params)
        if "store_passwd" in shown:
            shown["store_passwd"] = "***"
        entry = {
            "n": None,
            "at": time.time(),
            "method": req.command,
            "path": path,
            "params": shown,
            "credentialsOk": self.credentials_ok(params),
            "httpStatus": status,
            "answer": answer,
        }
        if note:
            entry["note"] = note
        with self.lock:
            entry["n"] = len(self.requests)
            self.requests.append(entry)

    # ---- the SSLCommerz side -----------------------------------------------------------------

    def provider(self, req, path, query, form):
        api_paths = (SESSION_PATH, VALIDATION_PATH, MERCHANT_PATH)
        if path in api_paths:
            params = dict(form) if path == SESSION_PATH else {**query, **form}
            rule = self.injected_failure(path)
            if rule:
                body = rule.get("body") or "injected failure"
                self.record_request(req, path, params, rule["status"], None, note="failNext")
                return send(req, rule["status"], body.encode(), "text/plain; charset=utf-8")
            if path == SESSION_PATH:
                if req.command != "POST":
                    params = {}
                answer = self.create_session(params)
            elif path == VALIDATION_PATH:
                answer = self.validate(params)
            else:
                answer = self.merchant_api(params)
            self.record_request(req, path, params, 200, answer)
            return send_json(req, 200, answer)
        if path.startswith(CHECKOUT_PREFIX):
            return self.gateway_page(req, urllib.parse.unquote(path[len(CHECKOUT_PREFIX):]))
        if path == REDIRECT_PATH:
            return self.gateway_page(req, query.get("SESSIONKEY", ""))
        if path.endswith(".png") and (path.startswith("/stores/") or path.startswith("/gwprocess/")):
            return send(req, 200, PNG, "image/png")
        if path in ("/", ""):
            return send(req, 200, b"SSLCommerz fake. See /_fake/sessions.\n", "text/plain; charset=utf-8")
        return send(req, 404, b"Not Found\n", "text/plain; charset=utf-8")

    def session_failed(self, reason):
        return {
            "status": "FAILED", "failedreason": reason, "sessionkey": "", "gw": [],
            "redirectGatewayURL": "", "directPaymentURLBank": "", "directPaymentURLCard": "",
            "directPaymentURL": "", "redirectGatewayURLFailed": "", "GatewayPageURL": "",
            "storeBanner": "", "storeLogo": "", "store_name": "", "desc": [], "is_direct_pay_enable": "",
        }

    def create_session(self, params):
        if not self.credentials_ok(params):
            return self.session_failed(CREDENTIAL_ERROR)
        for name in REQUIRED_SESSION_FIELDS:
            if not str(params.get(name, "")).strip():
                return self.session_failed("Invalid Information! '%s' is missing or empty" % name)
        if str(params["shipping_method"]).strip().upper() != "NO":
            for name in SHIPPING_FIELDS:
                if not str(params.get(name, "")).strip():
                    return self.session_failed(
                        "Invalid Information! '%s' is required when shipping_method is not NO" % name)
        for name, limit in MAX_LENGTHS.items():
            if len(str(params.get(name, ""))) > limit:
                return self.session_failed("Invalid Information! '%s' is longer than %d characters" % (name, limit))
        if params["product_profile"] not in PRODUCT_PROFILES:
            return self.session_failed(
                "Invalid Information! 'product_profile' must be one of " + ", ".join(PRODUCT_PROFILES))
        if "@" not in params["cus_email"]:
            return self.session_failed("Invalid Information! 'cus_email' is not an email address")
        for name in ("success_url", "fail_url", "cancel_url", "ipn_url"):
            value = params.get(name, "")
            if value and urllib.parse.urlsplit(value).scheme not in ("http", "https"):
                return self.session_failed("Invalid Information! '%s' is not an http(s) URL" % name)
        amount = parse_amount(params["total_amount"])
        if amount is None:
            return self.session_failed("Invalid Information! 'total_amount' is not a positive decimal amount")
        currency = str(params["currency"]).strip().upper()
        with self.lock:
            rate = self.rate(currency)
            if rate is None:
                return self.session_failed("Invalid Information! Currency '%s' is not supported" % currency)
            bdt = amount * rate
            if bdt < MIN_BDT or bdt > MAX_BDT:
                return self.session_failed(
                    "Invalid Information! Transaction amount must be from 10.00 BDT to 500000.00 BDT")
            tran_id = params["tran_id"]
            txn = self.txns.get(tran_id)
            if txn is not None and txn.sessionkey is not None:
                if txn.status in ("VALID", "VALIDATED"):
                    return self.session_failed("Duplicate tran_id: transaction '%s' is already paid" % tran_id)
                if txn.amount != amount or txn.currency != currency:
                    return self.session_failed(
                        "Duplicate tran_id: '%s' was initiated with %s %s" % (tran_id, money(txn.amount), txn.currency))
                if txn.status != "PENDING":
                    txn.history.append(txn.element())
            if txn is None:
                txn = Txn(tran_id)
                self.txns[tran_id] = txn
            sessionkey = secrets.token_hex(16).upper()
            stored = {k: v for k, v in params.items() if k != "store_passwd"}
            txn.start_attempt(sessionkey, amount, currency, stored)
            txn.currency_rate = rate
            txn.amount_bdt = (amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            self.sessions[sessionkey] = tran_id
        return self.session_success(txn)

    def session_success(self, txn):
        base = self.base_url
        key = txn.sessionkey
        redirect = "%s%s?%s" % (base, REDIRECT_PATH, urllib.parse.urlencode({
            "mamount": money(txn.amount_bdt), "ssl_id": key[:20], "Q": "REDIRECT",
            "SESSIONKEY": key, "tran_type": "success", "cardname": "",
        }))
        gateways = [
            ("VISA", "visa", "dbbl_visa"), ("MASTER", "master", "dbbl_master"),
            ("AMEX", "amex", "amexcard"), ("bKash", "mobilebanking", "bkash"),
            ("Nagad", "mobilebanking", "nagad"), ("City Touch", "internetbanking", "city"),
        ]
        desc = [{
            "name": name, "type": kind, "logo": "%s/gwprocess/v4/image/gw/%s.png" % (base, gw), "gw": gw,
            "r_flag": "1", "redirectGatewayURL": redirect + gw,
        } for name, kind, gw in gateways]
        return {
            "status": "SUCCESS",
            "failedreason": "",
            "sessionkey": key,
            "gw": {
                "visa": "city_visa,ebl_visa,dbbl_visa", "master": "city_master,ebl_master,dbbl_master",
                "amex": "city_amex", "othercards": "qcash,fastcash", "internetbanking": "city,bankasia,ibbl,mtbl",
                "mobilebanking": "dbblmobilebanking,bkash,nagad,abbank,ibbl",
            },
            "redirectGatewayURL": redirect,
            "directPaymentURLBank": "",
            "directPaymentURLCard": "",
            "directPaymentURL": "",
            "redirectGatewayURLFailed": "",
            "GatewayPageURL": "%s%s%s" % (base, CHECKOUT_PREFIX, key),
            "storeBanner": base + LOGO_PATH,
            "storeLogo": base + LOGO_PATH,
            "store_name": "Campus (fake store %s)" % self.store_id,
            "desc": desc,
            "is_direct_pay_enable": "0",
        }

    def validate(self, params):
        if not self.credentials_ok(params):
            return {"APIConnect": "FAILED"}
        val_id = params.get("val_id", "")
        if not val_id:
            return {"APIConnect": "INVALID_REQUEST"}
        with self.lock:
            forced = self.script["validationStatus"]
            txn = self.txns.get(self.by_val_id.get(val_id, ""))
            if txn is not None and txn.val_id != val_id:
                txn = None
            if forced == "INVALID_TRANSACTION" or txn is None or txn.status not in ("VALID", "VALIDATED"):
                return invalid_validation(val_id)
            if forced:
                status = forced
            else:
                status = txn.status
            if txn.status == "VALID":
                txn.status = "VALIDATED"
            if txn.validated_on is None:
                txn.validated_on = dhaka_time()
            return self.validation_answer(txn, status)

    def validation_answer(self, txn, status):
        return {
            "status": status,
            "tran_date": txn.tran_date,
            "tran_id": txn.tran_id,
            "val_id": txn.val_id,
            "amount": money(txn.amount_bdt),
            "store_amount": money(txn.store_amount),
            "currency": "BDT",
            "bank_tran_id": txn.bank_tran_id,
            "card_type": CARD["card_type"],
            "card_no": CARD["card_no"],
            "card_issuer": CARD["card_issuer"],
            "card_brand": CARD["card_brand"],
            "card_sub_brand": CARD["card_sub_brand"],
            "card_issuer_country": CARD["card_issuer_country"],
            "card_issuer_country_code": CARD["card_issuer_country_code"],
            "currency_type": txn.currency_type,
            "currency_amount": money(txn.currency_amount),
            "currency_rate": rate_text(txn.currency_rate),
            "base_fair": "0.00",
            "value_a": txn.param("value_a"),
            "value_b": txn.param("value_b"),
            "value_c": txn.param("value_c"),
            "value_d": txn.param("value_d"),
            "subscription_id": "",
            "emi_instalment": "0",
            "emi_amount": "0.00",
            "emi_description": "",
            "emi_issuer": "",
            "account_details": "",
            "risk_title": risk_title(txn.risk_level),
            "risk_level": txn.risk_level,
            "discount_percentage": "0",
            "discount_amount": "0.00",
            "discount_remarks": "",
            "APIConnect": "DONE",
            "validated_on": txn.validated_on,
            "gw_version": "",
            "offer_avail": 0,
            "card_ref_id": "",
            "isTokeizeSuccess": 0,
            "campaign_code": "",
            "cus_name": txn.param("cus_name"),
            "cus_email": txn.param("cus_email"),
            "cus_phone": txn.param("cus_phone"),
        }

    def merchant_api(self, params):
        if params.get("refund_ref_id"):
            return self.refund_status(params)
        if params.get("bank_tran_id") or "refund_amount" in params:
            return self.refund_initiate(params)
        if params.get("sessionkey"):
            return self.query_session(params)
        if params.get("tran_id"):
            return self.query_tran_id(params)
        if not self.credentials_ok(params):
            return {"APIConnect": "FAILED"}
        return {"APIConnect": "INVALID_REQUEST"}

    def query_tran_id(self, params):
        if not self.credentials_ok(params):
            return {"APIConnect": "FAILED"}
        with self.lock:
            txn = self.txns.get(params["tran_id"])
            elements = []
            if txn is not None:
                elements = list(txn.history)
                if txn.status != "PENDING":
                    elements.append(txn.element())
            return {"APIConnect": "DONE", "no_of_trans_found": len(elements), "element": elements}

    def query_session(self, params):
        if not self.credentials_ok(params):
            return {"APIConnect": "FAILED"}
        with self.lock:
            txn = self.txns.get(self.sessions.get(params["sessionkey"], ""))
            if txn is None:
                return {"APIConnect": "INVALID_REQUEST", "status": "INVALID_SESSION",
                        "sessionkey": params["sessionkey"]}
            if txn.sessionkey == params["sessionkey"]:
                answer = txn.element()
            else:
                answer = next((e for e in txn.history if e["sessionkey"] == params["sessionkey"]), None)
                if answer is None:
                    answer = {**txn.element(), "status": "EXPIRED"}
            answer = dict(answer)
            if answer["status"] == "PENDING":
                answer["amount"] = money(txn.amount_bdt)
            answer["APIConnect"] = "DONE"
            return answer

    def refund_initiate(self, params):
        bank_tran_id = params.get("bank_tran_id", "")

        def failed(reason, api="DONE", trans_id=None):
            return {"APIConnect": api, "bank_tran_id": bank_tran_id, "trans_id": trans_id,
                    "refund_ref_id": None, "status": "failed", "errorReason": reason}

        if not self.credentials_ok(params):
            return failed(CREDENTIAL_ERROR, api="FAILED")
        for name in ("bank_tran_id", "refund_amount", "refund_remarks"):
            if not str(params.get(name, "")).strip():
                return failed("'%s' is required" % name, api="INVALID_REQUEST")
        amount = parse_amount(params["refund_amount"])
        if amount is None:
            return failed("'refund_amount' is not a positive decimal amount", api="INVALID_REQUEST")
        with self.lock:
            txn = self.txns.get(self.by_bank_tran_id.get(bank_tran_id, ""))
            if txn is None or txn.bank_tran_id != bank_tran_id:
                return failed("Invalid bank_tran_id: no such transaction")
            if txn.status not in ("VALID", "VALIDATED"):
                return failed("Transaction is not successful; nothing to refund", trans_id=txn.tran_id)
            remaining = txn.amount_bdt - txn.refunded_total(self.refunds)
            if amount > remaining:
                return failed("Refund amount %s is more than the refundable amount %s"
                              % (money(amount), money(remaining)), trans_id=txn.tran_id)
            outcome = self.script["refundStatus"]
            if outcome == "failed":
                return failed("Refund request was declined (scripted)", trans_id=txn.tran_id)
            ref = secrets.token_hex(7)[:13]
            self.refunds[ref] = {
                "refund_ref_id": ref,
                "bank_tran_id": bank_tran_id,
                "tran_id": txn.tran_id,
                "refund_amount": money(amount),
                "refund_remarks": params.get("refund_remarks", ""),
                "refe_id": params.get("refe_id", ""),
                "refund_trans_id": params.get("refund_trans_id", ""),
                "initiated_on": dhaka_time(),
                "refunded_on": None,
                "state": "processing",
                "polls": 0,
                "pollsBeforeDone": int(self.script["refundPollsBeforeDone"]),
                "outcome": self.script["refundOutcome"],
            }
            txn.refunds.append(ref)
            return {"APIConnect": "DONE", "bank_tran_id": bank_tran_id, "trans_id": txn.tran_id,
                    "refund_ref_id": ref, "status": outcome, "errorReason": ""}

    def refund_status(self, params):
        ref = params.get("refund_ref_id", "")
        if not self.credentials_ok(params):
            return {"APIConnect": "FAILED", "refund_ref_id": ref, "status": None, "errorReason": CREDENTIAL_ERROR}
        with self.lock:
            record = self.refunds.get(ref)
            if record is None:
                return {"APIConnect": "INVALID_REQUEST", "bank_tran_id": None, "tran_id": None, "refund_ref_id": ref,
                        "initiated_on": None, "refunded_on": None, "status": None,
                        "errorReason": "Invalid refund_ref_id"}
            if record["state"] == "processing":
                record["polls"] += 1
                if record["polls"] > record["pollsBeforeDone"]:
                    record["state"] = record["outcome"]
                    if record["state"] == "refunded":
                        record["refunded_on"] = dhaka_time()
            return {"APIConnect": "DONE", "bank_tran_id": record["bank_tran_id"], "tran_id": record["tran_id"],
                    "refund_ref_id": ref, "initiated_on": record["initiated_on"],
                    "refunded_on": record["refunded_on"], "status": record["state"],
                    "errorReason": "Refund was cancelled (scripted)" if record["state"] == "cancelled" else ""}

    # ---- the gateway page --------------------------------------------------------------------

    def gateway_page(self, req, sessionkey):
        with self.lock:
            txn = self.txns.get(self.sessions.get(sessionkey, ""))
            if txn is None:
                return send_html(req, 404, page("Unknown session", "<p>No session with this key.</p>"))
            if txn.sessionkey != sessionkey:
                return send_html(req, 410, page("Session expired", "<p>A newer session replaced this one.</p>"))
            tran_id, status = txn.tran_id, txn.status
            amount, currency = money(txn.amount), txn.currency
            product = txn.param("product_name")
            customer = txn.param("cus_name")
        esc = html.escape
        quoted = urllib.parse.quote(tran_id, safe="")
        body = ("<p class=amount>%s %s</p><p>%s &middot; %s</p><p>tran_id <code>%s</code> &middot; status <b>%s</b></p>"
                % (esc(amount), esc(currency), esc(product), esc(customer), esc(tran_id), esc(status)))
        if status == "PENDING":
            for action, label in (("pay", "Pay"), ("fail", "Fail"), ("cancel", "Cancel")):
                body += ('<form method=post action="/_fake/sessions/%s/%s"><input type=hidden name=_browser value=1>'
                         '<button class=%s type=submit>%s</button></form>' % (quoted, action, action, label))
        else:
            body += "<p>This session is finished.</p>"
        return send_html(req, 200, page("SSLCommerz (fake) - pay %s %s" % (amount, currency), body))

    # ---- control API -------------------------------------------------------------------------

    def control(self, req, path, body, ctype, form):
        parts = [urllib.parse.unquote(p) for p in path.split("/")[2:] if p != ""]
        method = req.command
        browser = form.get("_browser") == "1"
        payload = {}
        # JSON whatever the Content-Type says (curl -d sends JSON labelled as a form), else the form.
        if body.strip() and (ctype == "application/json" or body.lstrip()[:1] in (b"{", b"[")):
            try:
                payload = json.loads(body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                raise BadRequest(400, "body is not JSON")
            if not isinstance(payload, dict):
                raise BadRequest(400, "body must be a JSON object")
            browser = False
        elif form:
            payload = {k: v for k, v in form.items() if k != "_browser"}

        if parts == ["health"] and method == "GET":
            return send_json(req, 200, {"ok": True})
        if parts == ["script"]:
            if method == "GET":
                return send_json(req, 200, self.script_view())
            if method == "POST":
                self.apply_script(payload)
                return send_json(req, 200, self.script_view())
        if parts == ["reset"] and method == "POST":
            self.reset()
            return send_json(req, 200, {"reset": True})
        if parts == ["requests"] and method == "GET":
            with self.lock:
                items = json.loads(json.dumps(self.requests))
            return send_json(req, 200, {"count": len(items), "requests": items})
        if parts == ["ipn"] and method == "GET":
            with self.lock:
                items = json.loads(json.dumps(self.ipns))
            return send_json(req, 200, {"count": len(items), "ipn": items})
        if len(parts) == 3 and parts[0] == "ipn" and parts[2] == "resend" and method == "POST":
            return send_json(req, 200, self.resend(parts[1]))
        if parts == ["release"] and method == "POST":
            return send_json(req, 200, self.release(payload.get("order", "fifo"), payload.get("seed")))
        if parts == ["refunds"] and method == "GET":
            with self.lock:
                items = json.loads(json.dumps(list(self.refunds.values())))
            return send_json(req, 200, {"count": len(items), "refunds": items})
        if parts == ["sessions"] and method == "GET":
            with self.lock:
                items = [self.txn_view(t) for t in self.txns.values()]
            return send_json(req, 200, {"count": len(items), "sessions": items})
        if len(parts) == 2 and parts[0] == "sessions" and method == "GET":
            with self.lock:
                txn = self.txns.get(parts[1])
                if txn is None:
                    raise BadRequest(404, "no session for tran_id %r" % parts[1])
                return send_json(req, 200, self.txn_view(txn))
        action = None
        if len(parts) == 3 and parts[0] == "sessions" and parts[2] in ("pay", "fail", "cancel") and method == "POST":
            tran_id, action = parts[1], parts[2]
        elif len(parts) == 2 and parts[0] == "pay" and method == "POST":
            tran_id, action = parts[1], "pay"
        if action:
            try:
                result = self.finish(tran_id, action, payload)
            except BadRequest as err:
                if browser:
                    return send_html(req, err.status,
                                     page("Payment not possible", "<p>%s</p>" % html.escape(err.message)))
                raise
            if browser:
                return send_html(req, 200, redirect_form(result["redirect"]))
            return send_json(req, 200, result)
        raise BadRequest(404, "unknown control endpoint %s %s" % (method, path))

    def txn_view(self, txn):
        return {
            "tran_id": txn.tran_id, "sessionkey": txn.sessionkey, "status": txn.status,
            "total_amount": money(txn.amount) if txn.amount is not None else None, "currency": txn.currency,
            "val_id": txn.val_id, "bank_tran_id": txn.bank_tran_id, "ipn_url": txn.param("ipn_url"),
            "GatewayPageURL": "%s%s%s" % (self.base_url, CHECKOUT_PREFIX, txn.sessionkey),
            "refunds": list(txn.refunds), "history": list(txn.history),
            "params": {k: v for k, v in txn.params.items()},
        }

    def script_view(self):
        with self.lock:
            view = json.loads(json.dumps(self.script))
            view["failNext"] = json.loads(json.dumps(self.fail_rules))
            return view

    def apply_script(self, payload):
        def number(key, value, minimum=0):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
                raise BadRequest(400, "%s must be a number >= %s" % (key, minimum))
            return float(value)

        def integer(key, value, minimum=0):
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                raise BadRequest(400, "%s must be an integer >= %s" % (key, minimum))
            return value

        def boolean(key, value):
            if not isinstance(value, bool):
                raise BadRequest(400, "%s must be true or false" % key)
            return value

        def choice(key, value, options, nullable=False):
            if value is None and nullable:
                return None
            if value not in options:
                raise BadRequest(400, "%s must be one of %s" % (key, ", ".join(options)))
            return value

        changes = {}
        rules = None
        for key, value in payload.items():
            if key in ("ipnDelaySeconds", "retryDelaySeconds"):
                changes[key] = number(key, value)
            elif key in ("duplicateIpn",):
                changes[key] = max(1, integer(key, value))
            elif key in ("refundPollsBeforeDone", "retries"):
                changes[key] = integer(key, value)
            elif key in ("holdIpn", "dropIpn"):
                changes[key] = boolean(key, value)
            elif key == "validationStatus":
                changes[key] = choice(key, value, ("INVALID_TRANSACTION", "VALID", "VALIDATED"), nullable=True)
            elif key == "refundStatus":
                changes[key] = choice(key, value, ("success", "failed", "processing"))
            elif key == "refundOutcome":
                changes[key] = choice(key, value, ("refunded", "cancelled"))
            elif key == "currencyRates":
                if not isinstance(value, dict):
                    raise BadRequest(400, "currencyRates must be an object of currency -> rate to BDT")
                changes[key] = {str(c).upper(): number("currencyRates." + str(c), r, minimum=1e-9)
                                for c, r in value.items()}
            elif key == "failNext":
                rules = []
                items = [] if value is None else (value if isinstance(value, list) else [value])
                for item in items:
                    if not isinstance(item, dict) or not isinstance(item.get("path"), str):
                        raise BadRequest(400, "failNext needs {\"path\": ..., \"status\": ..., \"count\": ...}")
                    rule = {"path": item["path"], "status": integer("failNext.status", item.get("status", 500), 100),
                            "count": integer("failNext.count", item.get("count", 1), 1)}
                    if item.get("body") is not None:
                        rule["body"] = str(item["body"])
                    rules.append(rule)
            else:
                raise BadRequest(400, "unknown script key %r; known: %s" % (key, ", ".join(
                    sorted(list(default_script()) + ["failNext"]))))
        with self.lock:
            for key, value in changes.items():
                if key == "currencyRates":
                    self.script[key].update(value)
                else:
                    self.script[key] = value
            if rules is not None:
                if rules:
                    self.fail_rules.extend(rules)
                else:
                    self.fail_rules = []

    def finish(self, tran_id, action, payload):
        with self.lock:
            txn = self.txns.get(tran_id)
            if txn is None or txn.sessionkey is None:
                raise BadRequest(404, "no session for tran_id %r" % tran_id)
            if txn.status != "PENDING":
                raise BadRequest(409, "transaction %r is already %s" % (tran_id, txn.status))
            now = time.time()
            txn.tran_date = dhaka_time(now)
            if action == "pay":
                currency_type = str(payload.get("currency") or txn.currency).upper()
                currency_amount = txn.amount
                if payload.get("amount") is not None:
                    currency_amount = parse_amount(payload["amount"])
                    if currency_amount is None:
                        raise BadRequest(400, "amount must be a positive decimal")
                rate = self.rate(currency_type)
                if rate is None:
                    raise BadRequest(400, "no rate for currency %r; set currencyRates" % currency_type)
                txn.currency_type, txn.currency_amount, txn.currency_rate = currency_type, currency_amount, rate
                txn.amount_bdt = (currency_amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                txn.store_amount = (txn.amount_bdt * (1 - FEE)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                txn.risk_level = "1" if str(payload.get("riskLevel", "0")) == "1" else "0"
                txn.val_id = stamp_id(15)
                txn.bank_tran_id = stamp_id(15)
                txn.status = "VALID"
                self.by_val_id[txn.val_id] = tran_id
                self.by_bank_tran_id[txn.bank_tran_id] = tran_id
                fields = self.paid_fields(txn)
                target = txn.param("success_url")
            elif action == "fail":
                txn.bank_tran_id = stamp_id(15)
                txn.status = "FAILED"
                txn.error = str(payload.get("error") or "Declined by the issuing bank")
                fields = self.unpaid_fields(txn)
                target = txn.param("fail_url")
            else:
                txn.status = "CANCELLED"
                txn.error = str(payload.get("error") or "Cancelled by User")
                fields = self.unpaid_fields(txn)
                target = txn.param("cancel_url")
            key, sign, sign2 = sign_fields(fields, self.store_passwd)
            fields["verify_sign"] = sign
            fields["verify_key"] = key
            fields["verify_sign_sha2"] = sign2
            txn.ipn_fields = fields
            numbers, state = self.enqueue_ipn(txn, fields)
            return {
                "tran_id": tran_id, "status": txn.status, "val_id": txn.val_id, "bank_tran_id": txn.bank_tran_id,
                "ipnUrl": txn.param("ipn_url"), "ipn": dict(fields), "ipnRecords": numbers, "ipnState": state,
                "redirect": {"url": target, "method": "POST", "fields": dict(fields)},
            }

    def paid_fields(self, txn):
        fields = {
            "tran_id": txn.tran_id,
            "val_id": txn.val_id,
            "amount": money(txn.amount_bdt),
            "card_type": CARD["card_type"],
            "store_amount": money(txn.store_amount),
            "card_no": CARD["card_no"],
            "bank_tran_id": txn.bank_tran_id,
            "status": "VALID",
            "tran_date": txn.tran_date,
            "error": "",
            "currency": "BDT",
            "card_issuer": CARD["card_issuer"],
            "card_brand": CARD["card_brand"],
            "card_sub_brand": CARD["card_sub_brand"],
            "card_issuer_country": CARD["card_issuer_country"],
            "card_issuer_country_code": CARD["card_issuer_country_code"],
            "store_id": self.store_id,
            "currency_type": txn.currency_type,
            "currency_amount": money(txn.currency_amount),
            "currency_rate": rate_text(txn.currency_rate),
            "base_fair": "0.00",
            "value_a": txn.param("value_a"),
            "value_b": txn.param("value_b"),
            "value_c": txn.param("value_c"),
            "value_d": txn.param("value_d"),
            "subscription_id": "",
            "risk_level": txn.risk_level,
            "risk_title": risk_title(txn.risk_level),
        }
        return fields

    def unpaid_fields(self, txn):
        return {
            "tran_id": txn.tran_id,
            "error": txn.error,
            "status": txn.status,
            "bank_tran_id": txn.bank_tran_id,
            "currency": "BDT",
            "tran_date": txn.tran_date,
            "amount": money(txn.amount_bdt),
            "store_id": self.store_id,
            "card_type": "",
            "card_no": "",
            "card_issuer": "",
            "card_brand": "",
            "card_sub_brand": "",
            "card_issuer_country": "",
            "card_issuer_country_code": "",
            "currency_type": txn.currency_type,
            "currency_amount": money(txn.currency_amount),
            "currency_rate": rate_text(txn.currency_rate),
            "base_fair": "0.00",
            "value_a": txn.param("value_a"),
            "value_b": txn.param("value_b"),
            "value_c": txn.param("value_c"),
            "value_d": txn.param("value_d"),
        }

    # ---- IPN delivery ------------------------------------------------------------------------

    def enqueue_ipn(self, txn, fields):
        """Called with the lock held. Returns (record numbers, state)."""
        url = txn.param("ipn_url")
        script = self.script
        copies = max(1, int(script["duplicateIpn"]))
        if not url:
            state = "no_ipn_url"
        elif script["dropIpn"]:
            state = "dropped"
        elif script["holdIpn"]:
            state = "held"
        else:
            state = "queued"
        records = []
        for copy in range(copies):
            record = {
                "n": len(self.ipns), "tran_id": txn.tran_id, "status": fields["status"], "url": url,
                "fields": dict(fields), "state": state, "copy": copy + 1, "copies": copies,
                "createdAt": time.time(), "attempts": [],
            }
            self.ipns.append(record)
            records.append(record)
        if state == "queued":
            self.start_delivery(records, float(script["ipnDelaySeconds"]), "ipn")
        return [r["n"] for r in records], state

    def start_delivery(self, records, delay, trigger):
        generation = self.generation
        retries = int(self.script["retries"])
        pause = float(self.script["retryDelaySeconds"])

        def run():
            if delay > 0:
                time.sleep(delay)
            for record in records:
                if not self.deliver(record, trigger, retries, pause, generation):
                    return

        threading.Thread(target=run, name="ipn-delivery", daemon=True).start()

    def deliver(self, record, trigger, retries, pause, generation):
        """Returns False when a reset happened meanwhile (the record belongs to a forgotten state)."""
        with self.lock:
            if generation != self.generation:
                return False
            record["state"] = "delivering"
            url, fields = record["url"], dict(record["fields"])
        refusal = self.refuse_target(url)
        for attempt in range(1 + retries):
            started = time.time()
            outcome = {"attempt": len(record["attempts"]) + 1, "trigger": trigger, "at": started,
                       "httpStatus": None, "error": None}
            if refusal:
                outcome["error"] = refusal
            else:
                outcome["httpStatus"], outcome["error"] = self.post_form(url, fields)
            outcome["elapsedMs"] = round((time.time() - started) * 1000, 1)
            ok = outcome["httpStatus"] is not None and 200 <= outcome["httpStatus"] < 300
            with self.lock:
                if generation != self.generation:
                    return False
                record["attempts"].append(outcome)
                if ok:
                    record["state"] = "delivered"
                elif refusal or attempt == retries:
                    record["state"] = "failed"
            log("IPN #%d %s %s -> %s" % (record["n"], record["status"], url, outcome["httpStatus"] or outcome["error"]))
            if ok or refusal:
                break
            if attempt < retries:
                time.sleep(pause)
        return True

    def refuse_target(self, url):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "refused: ipn_url %r is not an http(s) URL" % url
        if self.allow_remote_ipn:
            return None
        host = parts.hostname
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 80, proto=socket.IPPROTO_TCP)}
        except OSError as err:
            return "refused: cannot resolve %s (%s)" % (host, err)
        for address in addresses:
            if not ipaddress.ip_address(address.split("%")[0]).is_loopback:
                return "refused: %s is not a loopback address (start the fake with --allow-remote-ipn)" % host
        return None

    def post_form(self, url, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "SSLCommerz-IPN (fake)"})
        opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=self.ipn_ssl))
        try:
            with opener.open(request, timeout=self.ipn_timeout) as response:
                response.read()
                return response.status, None
        except urllib.error.HTTPError as err:
            err.close()
            return err.code, None
        except (urllib.error.URLError, OSError, ValueError) as err:
            return None, str(getattr(err, "reason", err))

    def release(self, order, seed):
        if order not in ("fifo", "reverse", "shuffle"):
            raise BadRequest(400, "order must be fifo, reverse or shuffle")
        with self.lock:
            held = [r for r in self.ipns if r["state"] == "held"]
            if order == "reverse":
                held.reverse()
            elif order == "shuffle":
                random.Random(seed).shuffle(held)
            for record in held:
                record["state"] = "queued"
            if held:
                self.start_delivery(held, 0.0, "release")
            return {"released": [r["n"] for r in held], "order": order}

    def resend(self, number):
        with self.lock:
            try:
                record = self.ipns[int(number)]
            except (ValueError, IndexError):
                raise BadRequest(404, "no IPN #%s" % number)
            if not record["url"]:
                raise BadRequest(409, "IPN #%s has no ipn_url" % number)
            record["state"] = "queued"
            self.start_delivery([record], 0.0, "resend")
            return {"resent": record["n"]}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def invalid_validation(val_id):
    answer = {key: None for key in (
        "tran_date", "tran_id", "amount", "store_amount", "currency", "bank_tran_id", "card_type", "card_no",
        "card_issuer", "card_brand", "card_issuer_country", "card_issuer_country_code", "currency_type",
        "currency_amount", "currency_rate", "base_fair", "value_a", "value_b", "value_c", "value_d",
        "risk_title", "risk_level", "validated_on")}
    answer.update({"status": "INVALID_TRANSACTION", "val_id": val_id, "APIConnect": "DONE", "gw_version": ""})
    return answer


def flatten(parsed):
    return {k: (v[0] if len(v) == 1 else v) for k, v in parsed.items()}


def read_body(req):
    length = req.headers.get("Content-Length")
    if length:
        try:
            size = int(length)
        except ValueError:
            size = 0
        return req.rfile.read(size) if size > 0 else b""
    if "chunked" in (req.headers.get("Transfer-Encoding") or "").lower():
        chunks = []
        while True:
            line = req.rfile.readline()
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while req.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                break
            chunks.append(req.rfile.read(size))
            req.rfile.readline()
        return b"".join(chunks)
    return b""


def send(req, status, body, ctype, headers=None):
    req.send_response(status)
    req.send_header("Content-Type", ctype)
    req.send_header("Content-Length", str(len(body)))
    req.send_header("Cache-Control", "no-store")
    for key, value in (headers or {}).items():
        req.send_header(key, value)
    req.end_headers()
    if req.command != "HEAD":
        req.wfile.write(body)


def send_json(req, status, obj):
    return send(req, status, json.dumps(obj).encode(), "application/json")


def send_html(req, status, text):
    return send(req, status, text.encode(), "text/html; charset=utf-8")


def page(title, body):
    return ("<!doctype html><html><head><meta charset=utf-8><title>%s</title><style>"
            "body{font-family:sans-serif;max-width:28em;margin:3em auto;color:#222}"
            ".amount{font-size:2em;font-weight:bold}form{display:inline-block;margin:.3em}"
            "button{font-size:1.1em;padding:.5em 1.4em;cursor:pointer}.pay{background:#2a7d2e;color:#fff}"
            "</style></head><body><h1>%s</h1>%s<p><small>Local SSLCommerz fake - no real payment.</small></p>"
            "</body></html>" % (html.escape(title), html.escape(title), body))


def redirect_form(redirect):
    inputs = "".join('<input type=hidden name="%s" value="%s">' % (html.escape(k), html.escape(str(v)))
                     for k, v in redirect["fields"].items())
    if not redirect["url"]:
        return page("Done", "<p>No return URL was given for this outcome.</p>")
    return ('<!doctype html><html><head><meta charset=utf-8><title>Returning to the merchant</title></head>'
            '<body onload="document.forms[0].submit()"><form method=post action="%s">%s'
            '<noscript><button type=submit>Continue</button></noscript></form></body></html>'
            % (html.escape(redirect["url"]), inputs))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SSLCommerzFake/1.0"
    timeout = 30

    def do_GET(self):
        self.server.app.handle(self)

    def do_POST(self):
        self.server.app.handle(self)

    def do_HEAD(self):
        self.server.app.handle(self)

    def log_message(self, fmt, *args):
        log("%s %s" % (self.address_string(), fmt % args))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, app, tls):
        self.app = app
        self.tls = tls
        super().__init__(address, Handler)

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, in the connection's own thread, so a silent client blocks nobody.
        if self.tls is None:
            return super().finish_request(request, client_address)
        request.settimeout(Handler.timeout)
        try:
            secured = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as err:
            log("TLS handshake with %s failed: %s" % (client_address[0], err))
            return
        try:
            self.RequestHandlerClass(secured, client_address, self)
        finally:
            try:
                secured.close()
            except OSError:
                pass


class Server6(Server):
    address_family = socket.AF_INET6


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Local fake of the SSLCommerz payment gateway (see the module docstring).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert", help="server certificate (PEM); with --key serves HTTPS")
    parser.add_argument("--key", help="server private key (PEM)")
    parser.add_argument("--store-id", default="campustest")
    parser.add_argument("--store-passwd", default="campustest@ssl")
    parser.add_argument("--public-url", help="base URL to put in GatewayPageURL (default: the listening URL)")
    parser.add_argument("--ipn-cafile", help="CA file to trust for https ipn_url targets")
    parser.add_argument("--ipn-timeout", type=float, default=5.0)
    parser.add_argument("--allow-remote-ipn", action="store_true", help="deliver IPNs to non-loopback hosts too")
    args = parser.parse_args(argv)
    if bool(args.cert) != bool(args.key):
        parser.error("--cert and --key go together")

    tls = None
    if args.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.minimum_version = ssl.TLSVersion.TLSv1_2
        tls.load_cert_chain(args.cert, args.key)

    app = App(args)
    server_class = Server6 if ":" in args.host else Server
    server = server_class((args.host, args.port), app, tls)
    port = server.server_address[1]
    host = "[%s]" % args.host if ":" in args.host else args.host
    url = "%s://%s:%d" % ("https" if tls else "http", host, port)
    app.base_url = (args.public_url or url).rstrip("/")

    def stop(signum, frame):
        log("signal %d: stopping" % signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stdout.write(json.dumps({"url": url}) + "\n")
    sys.stdout.flush()
    log("listening on %s (store_id %s)" % (url, args.store_id))
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
