#!/usr/bin/env python3
"""A Stratum V1 miner for a PoUW mining pool, standard library only.

Written apart from the pool, from the protocol as docs/pool.md section 3a describes it (the de-facto Stratum V1
methods plus the pool's did:key authorization), so the pool's integration test speaks to a client it did not share
code with.

    python3 pouw_stratum_miner.py --host 127.0.0.1 --port 3333 --seed-file miner.seed --pool-name pool-1 --shares 3
    python3 pouw_stratum_miner.py ... --tls --cafile pool-cert.pem
    python3 pouw_stratum_miner.py ... --attest      # ask for the pool's signed attestation of each accepted share

The seed file holds the miner's 32-byte Ed25519 seed as 64 hex digits. Each outcome is printed as one JSON line;
the exit status is 0 when --shares shares were accepted (and, with --attest, attested) before --timeout seconds,
1 otherwise.
"""

import argparse
import base64
import hashlib
import json
import select
import socket
import ssl
import struct
import sys
import time

# --- Ed25519 signing (RFC 8032 section 5.1), enough to sign the authorization ---------------------------------------

_P = 2 ** 255 - 19
_L = 2 ** 252 + 27742317777372353535851937790883648493
_D = (-121665 * pow(121666, _P - 2, _P)) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _recover_x(y, sign):
    xx = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    x = pow(xx, (_P + 3) // 8, _P)
    if (x * x - xx) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - xx) % _P != 0:
        raise ValueError("not a curve point")
    if x & 1 != sign:
        x = _P - x
    return x


_BY = 4 * pow(5, _P - 2, _P) % _P
_BX = _recover_x(_BY, 0)
_BASE = (_BX, _BY, 1, _BX * _BY % _P)  # extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z, xy = T/Z


def _add(p, q):
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _multiply(scalar, point):
    result = (0, 1, 1, 0)  # the neutral element
    while scalar > 0:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _encode(point):
    z_inv = pow(point[2], _P - 2, _P)
    x = point[0] * z_inv % _P
    y = point[1] * z_inv % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


class SigningKey:
    """An Ed25519 key from its 32-byte seed."""

    def __init__(self, seed):
        if len(seed) != 32:
            raise ValueError("an Ed25519 seed has 32 bytes")
        digest = hashlib.sha512(seed).digest()
        scalar = bytearray(digest[:32])
        scalar[0] &= 248
        scalar[31] &= 127
        scalar[31] |= 64
        self._scalar = int.from_bytes(scalar, "little")
        self._prefix = digest[32:]
        self.public_key = _encode(_multiply(self._scalar, _BASE))

    def sign(self, message):
        r = int.from_bytes(hashlib.sha512(self._prefix + message).digest(), "little") % _L
        big_r = _encode(_multiply(r, _BASE))
        k = int.from_bytes(hashlib.sha512(big_r + self.public_key + message).digest(), "little") % _L
        s = (r + k * self._scalar) % _L
        return big_r + s.to_bytes(32, "little")

    def did(self):
        return "did:key:z" + _base58(b"\xed\x01" + self.public_key)


_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _base58(data):
    number = int.from_bytes(data, "big")
    text = ""
    while number > 0:
        number, digit = divmod(number, 58)
        text = _ALPHABET[digit] + text
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + text


# --- the work -------------------------------------------------------------------------------------------------------

def sha256d(data):
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def header_prev_hash(stratum_prev_hash):
    """Stratum sends the previous hash with each 4-byte word's bytes reversed; the header holds them in order."""
    raw = bytes.fromhex(stratum_prev_hash)
    return b"".join(raw[i:i + 4][::-1] for i in range(0, 32, 4))


class Job:
    def __init__(self, params, difficulty):
        (self.job_id, prev_hash, coinbase1, coinbase2, branch, version, nbits, ntime, self.clean) = params
        self.prev_hash = header_prev_hash(prev_hash)
        self.coinbase1 = bytes.fromhex(coinbase1)
        self.coinbase2 = bytes.fromhex(coinbase2)
        self.branch = [bytes.fromhex(step) for step in branch]
        self.version = int(version, 16)
        self.nbits = int(nbits, 16)
        self.ntime_hex = ntime
        self.ntime = int(ntime, 16)
        self.difficulty = difficulty

    def header_start(self, extranonce1, extranonce2):
        """The header's first 76 bytes: version, previous hash, Merkle root, time, bits (integers little-endian)."""
        root = sha256d(self.coinbase1 + extranonce1 + extranonce2 + self.coinbase2)
        for step in self.branch:
            root = sha256d(root + step)
        return struct.pack("<I", self.version) + self.prev_hash + root + struct.pack("<II", self.ntime, self.nbits)


def grind(header_start, target, first_nonce, count):
    """The first nonce in [first_nonce, first_nonce + count) whose SHA-256d, read little-endian, is at most target."""
    for nonce in range(first_nonce, min(first_nonce + count, 2 ** 32)):
        digest = sha256d(header_start + struct.pack("<I", nonce))
        if int.from_bytes(digest, "little") <= target:
            return nonce
    return None


# --- the protocol ---------------------------------------------------------------------------------------------------

class StratumMiner:
    def __init__(self, sock, key, pool_name, worker, out, attest=False):
        self.sock = sock
        self.key = key
        self.pool_name = pool_name
        self.user = key.did() + ("." + worker if worker else "")
        self.out = out
        self.buffer = b""
        self.next_id = 1
        self.answers = {}
        self.difficulty = 1
        self.job = None
        self.extranonce1 = b""
        self.extranonce2_size = 4
        self.pending_submits = {}
        self.accepted = 0
        self.rejected = 0
        self.attest = attest
        self.attestations = 0

    def report(self, **fields):
        self.out.write(json.dumps(fields, sort_keys=True) + "\n")
        self.out.flush()

    def send(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        line = json.dumps({"id": request_id, "method": method, "params": params}) + "\n"
        self.sock.sendall(line.encode("utf-8"))
        return request_id

    def _readable(self, timeout):
        if isinstance(self.sock, ssl.SSLSocket) and self.sock.pending() > 0:
            return True
        ready, _, _ = select.select([self.sock], [], [], timeout)
        return bool(ready)

    def poll(self, timeout):
        """Reads and handles whatever lines arrive within timeout seconds."""
        deadline = time.monotonic() + timeout
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                if line.strip():
                    self.handle(json.loads(line))
            remaining = deadline - time.monotonic()
            if not self._readable(max(0.0, remaining)):
                return
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the pool closed the connection")
            self.buffer += chunk
            if remaining <= 0:
                while b"\n" in self.buffer:
                    line, self.buffer = self.buffer.split(b"\n", 1)
                    if line.strip():
                        self.handle(json.loads(line))
                return

    def handle(self, message):
        method = message.get("method")
        if method == "mining.set_difficulty":
            self.difficulty = int(message["params"][0])
        elif method == "mining.pouw_attestation":
            # The pool's signed word for one accepted share, printed whole for whoever buys a token with it.
            self.attestations += 1
            self.report(event="attestation", attestation=message["params"][0])
        elif method == "mining.notify":
            # A job is mined at the difficulty announced before it.
            self.job = Job(message["params"], self.difficulty)
            self.extranonce2 = 0
            self.nonce = 0
        elif message.get("id") in self.pending_submits:
            share = self.pending_submits.pop(message["id"])
            if message.get("result") is True:
                self.accepted += 1
                self.report(event="accepted", **share)
            else:
                self.rejected += 1
                error = message.get("error") or [None, "refused", None]
                self.report(event="rejected", code=error[0], message=error[1], **share)
        elif "id" in message and message["id"] is not None:
            self.answers[message["id"]] = message

    def call(self, method, params, timeout=30.0):
        request_id = self.send(method, params)
        deadline = time.monotonic() + timeout
        while request_id not in self.answers:
            if time.monotonic() > deadline:
                raise TimeoutError(method + " got no answer")
            self.poll(0.2)
        answer = self.answers.pop(request_id)
        if answer.get("error"):
            raise RuntimeError(method + " refused: " + json.dumps(answer["error"]))
        return answer["result"]

    def start(self):
        if self.attest:
            # BIP 310: extensions are configured first; the pool says which pool and audience it attests for.
            configured = self.call("mining.configure", [["pouw-attestation"], {}])
            if configured.get("pouw-attestation") is not True:
                raise RuntimeError("the pool does not send attestations")
            self.report(event="configured", pool=configured.get("pouw-attestation.pool"),
                        audience=configured.get("pouw-attestation.audience"))
        result = self.call("mining.subscribe", ["pouw-python-miner/1"])
        self.extranonce1 = bytes.fromhex(result[1])
        self.extranonce2_size = int(result[2])
        preimage = ("pouw-stratum-authorize-v1:" + self.pool_name + ":" + result[1] + ":" + self.user).encode()
        password = base64.urlsafe_b64encode(self.key.sign(preimage)).rstrip(b"=").decode("ascii")
        if self.call("mining.authorize", [self.user, password]) is not True:
            raise RuntimeError("the pool did not authorize " + self.user)
        self.report(event="authorized", user=self.user, extranonce1=result[1])

    def mine(self, shares, timeout):
        deadline = time.monotonic() + timeout
        while self.accepted < shares and time.monotonic() < deadline:
            self.poll(0.0)
            job = self.job
            if job is None or self.accepted + len(self.pending_submits) >= shares:
                # No work yet, or enough shares in flight: wait for answers rather than mine more than asked.
                self.poll(0.2)
                continue
            extranonce2 = self.extranonce2.to_bytes(self.extranonce2_size, "big")
            target = (2 ** 256 - 1) // job.difficulty
            nonce = grind(job.header_start(self.extranonce1, extranonce2), target, self.nonce, 20000)
            if nonce is None:
                self.nonce += 20000
                if self.nonce >= 2 ** 32:
                    self.extranonce2 += 1
                    self.nonce = 0
                continue
            self.nonce = nonce + 1
            share = {"job_id": job.job_id, "extranonce2": extranonce2.hex(), "ntime": job.ntime_hex,
                     "nonce": "%08x" % nonce, "difficulty": job.difficulty}
            request_id = self.send("mining.submit", [self.user, job.job_id, share["extranonce2"], share["ntime"],
                                                     share["nonce"]])
            self.pending_submits[request_id] = share
        # Answers to shares still in flight.
        settle = time.monotonic() + 5
        while (self.pending_submits or (self.attest and self.attestations < self.accepted)) \
                and time.monotonic() < settle:
            self.poll(0.2)
        return self.accepted >= shares and (not self.attest or self.attestations >= self.accepted)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seed-file", required=True, help="the miner's Ed25519 seed, 64 hex digits")
    parser.add_argument("--pool-name", required=True, help="the pool's name, as GET /pool/info gives it")
    parser.add_argument("--worker", default="", help="an optional worker name after the did")
    parser.add_argument("--shares", type=int, default=1, help="stop after this many accepted shares")
    parser.add_argument("--timeout", type=float, default=120.0, help="give up after this many seconds")
    parser.add_argument("--tls", action="store_true", help="speak TLS (the pool's TLS port)")
    parser.add_argument("--cafile", help="the certificate (PEM) to trust for --tls")
    parser.add_argument("--attest", action="store_true",
                        help="ask for an attestation of each accepted share (printed as an 'attestation' event)")
    args = parser.parse_args(argv)

    with open(args.seed_file, "r", encoding="ascii") as seed_file:
        key = SigningKey(bytes.fromhex(seed_file.read().strip()))
    sock = socket.create_connection((args.host, args.port), timeout=30)
    if args.tls:
        context = ssl.create_default_context(cafile=args.cafile)
        sock = context.wrap_socket(sock, server_hostname=args.host)
    sock.settimeout(None)
    miner = StratumMiner(sock, key, args.pool_name, args.worker, sys.stdout, args.attest)
    try:
        miner.start()
        done = miner.mine(args.shares, args.timeout)
    finally:
        sock.close()
    miner.report(event="done", accepted=miner.accepted, rejected=miner.rejected)
    return 0 if done else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
