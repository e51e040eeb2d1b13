#!/usr/bin/env python3
"""Verifies an export of kijun's audit trail (kijun audit export --format jsonl)
without kijun: what a SIEM receiving the lines can run.

    verify_audit_jsonl.py FILE [--key KEYFILE] [--after POSITION:HASH]
                          [--expect-last POSITION:HASH]

Each line is one entry. The chain is recomputed as src/model/audit.c defines
it: BLAKE2b-256 over "kijun.audit.v1" and a NUL, then for each of prev_hash,
position (the id), time, actor_user_id (0 for none), actor, action,
object_type, object_id, detail (null as ""): its length as 8 bytes big-endian
and its UTF-8 bytes, integers in decimal. A keyed entry ("kijun.audit.v2")
is BLAKE2b-256 keyed with the BLAKE2b-256 of the audit key file's content
(trailing line ends dropped): give --key to recompute those; without it their
links are still followed. Order and completeness: the positions follow one
another from 1 (or from the entry after --after, the last one received
before), and each prev_hash is the hash of the line before it (zeros for
entry 1). --expect-last checks the end against an anchor kept elsewhere
(kijun audit head). Exit 0 when the export verifies, 1 when not, 2 for bad
usage.
"""
import argparse
import hashlib
import json
import sys

ZEROS = "0" * 64
FIELDS = ("position", "time", "actor_user_id", "actor", "action", "object_type",
          "object_id", "detail", "prev_hash", "hash")


def encode(domain, e):
    out = bytearray(domain.encode() + b"\0")
    values = [e["prev_hash"], str(e["position"]), e["time"],
              str(e["actor_user_id"] or 0), e["actor"], e["action"],
              e["object_type"] or "", e["object_id"] or "", e["detail"] or ""]
    for v in values:
        b = v.encode("utf-8")
        out += len(b).to_bytes(8, "big") + b
    return bytes(out)


def entry_hash(e, key):
    if key is None:
        return hashlib.blake2b(encode("kijun.audit.v1", e), digest_size=32).hexdigest()
    return hashlib.blake2b(encode("kijun.audit.v2", e), digest_size=32, key=key).hexdigest()


def anchor(text, what):
    pos, sep, h = text.partition(":")
    if not sep or not pos.isdigit() or len(h) != 64 or any(c not in "0123456789abcdef" for c in h):
        sys.exit(f"{what} must be POSITION:HASH (64 lowercase hex digits)")
    return int(pos), h


def check_types(e):
    if not isinstance(e, dict):
        return "not a JSON object"
    for f in FIELDS:
        if f not in e:
            return f"no field {f}"
    if not isinstance(e["position"], int) or isinstance(e["position"], bool) or e["position"] < 1:
        return "position is not a whole number from 1"
    if e["actor_user_id"] is not None and (not isinstance(e["actor_user_id"], int)
                                           or e["actor_user_id"] < 1):
        return "actor_user_id is neither null nor a whole number from 1"
    for f in ("time", "actor", "action", "prev_hash", "hash"):
        if not isinstance(e[f], str):
            return f"{f} is not a string"
    for f in ("object_type", "object_id", "detail"):
        if e[f] is not None and (not isinstance(e[f], str) or e[f] == ""):
            return f"{f} is neither null nor a non-empty string"
    return None


def main():
    ap = argparse.ArgumentParser(description="verify a kijun audit export (JSON lines)")
    ap.add_argument("file")
    ap.add_argument("--key", help="the installation's audit key file")
    ap.add_argument("--after", help="POSITION:HASH of the last entry received before")
    ap.add_argument("--expect-last", help="POSITION:HASH the export must end with")
    a = ap.parse_args()
    key = None
    if a.key:
        with open(a.key, "rb") as f:
            raw = f.read().rstrip(b"\r\n")
        if len(raw) < 32:
            sys.exit("the audit key file is too short")
        key = hashlib.blake2b(raw, digest_size=32).digest()
    prev_pos, prev_hash = anchor(a.after, "--after") if a.after else (0, ZEROS)
    last = anchor(a.expect_last, "--expect-last") if a.expect_last else None

    def broken(n, why):
        print(f"BROKEN at line {n}: {why}")
        sys.exit(1)

    count = unverified = 0
    keyed_from = 0
    with open(a.file, "rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.endswith(b"\n"):
                broken(n, "the last line is cut (no line end): the export is incomplete")
            try:
                e = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as x:
                broken(n, f"not a JSON line: {x}")
            why = check_types(e)
            if why:
                broken(n, why)
            p = e["position"]
            if p != prev_pos + 1:
                broken(n, f"position {p} after {prev_pos}: " +
                       ("entries are missing" if p > prev_pos + 1 else "out of order or repeated"))
            if e["prev_hash"] != prev_hash:
                broken(n, f"entry {p} does not link to the entry before it (prev_hash "
                          f"{e['prev_hash'][:16]}…, expected {prev_hash[:16]}…)")
            if entry_hash(e, None) == e["hash"]:
                if keyed_from:
                    broken(n, f"entry {p} is not keyed though entry {keyed_from} before it is")
            elif key is not None and entry_hash(e, key) == e["hash"]:
                keyed_from = keyed_from or p
            elif key is None and e.get("keyed") is True:
                unverified += 1
                keyed_from = keyed_from or p
            else:
                broken(n, f"entry {p} does not match its hash: it was changed")
            prev_pos, prev_hash = p, e["hash"]
            count += 1
    if count == 0:
        print("BROKEN: no entries")
        sys.exit(1)
    if last and (prev_pos, prev_hash) != last:
        broken(count, f"the export ends at entry {prev_pos}, not at the expected "
                      f"{last[0]}:{last[1][:16]}…")
    first = prev_pos - count + 1
    print(f"OK: {count} entries, positions {first} to {prev_pos}, last hash {prev_hash}")
    if unverified:
        print(f"({unverified} keyed entries followed by their links only: give --key "
              "to recompute their hashes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
