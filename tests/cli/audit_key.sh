#!/bin/bash
# The keyed audit chain and its anchor: kijun audit keygen|head, --audit-key
# (and $KIJUN_AUDIT_KEY) on every command, verify --expect POSITION:HASH.
# Repeats the penetration test's attacks: an entry edited and the unkeyed
# chain recomputed after it, and entries cut from the end.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
K=$(new_db k.db) || exit 1
A=$(new_db a.db) || exit 1
EMPTY=$(new_db empty.db) || exit 1

kj_expect 0 audit keygen key
check_eq "$(stat -c %a key)" "600" "mode of a new key file"
check_eq "$(tr -d '\n' <key | wc -c)" "64" "a key is 32 random bytes in hex"
kj_expect 1 audit keygen key
check_err_has "key"
kj_expect 2 audit keygen
kj_expect 0 audit keygen other

# A keyed installation from the start.
kj_expect 0 init --db "$K" --audit-key key
KIJUN_AUDIT_KEY=key kj_in_expect 0 "long-enough-pw-2026" user add root --role nco --name Root --password-stdin --db "$K"
kj_expect 0 audit verify --db "$K" --audit-key key
check_out_has "audit trail OK: 2 entries, keyed from entry 1"
kj_expect 1 audit verify --db "$K"
check_out_has "--audit-key"
kj_expect 1 audit verify --db "$K" --audit-key other
check_out_has "BROKEN"

# Writing without the key, or with another, is refused and changes nothing.
before=$(db_digest "$K")
kj_in_expect 1 "long-enough-pw-2026" user add nokey --role hq --name No --password-stdin --db "$K"
check_err_has "audit trail is keyed"
kj_in_expect 1 "long-enough-pw-2026" user add wrong --role hq --name Wrong --password-stdin --db "$K" --audit-key other
check_err_has "does not match this audit key"
check_eq "$(db_digest "$K")" "$before" "database after refused writes"
kj_expect 1 serve --db "$K" --listen 127.0.0.1:1
check_err_has "audit trail is keyed"

# A bad key file: readable by others, too short, missing.
cp key loose && chmod 644 loose
kj_expect 1 audit verify --db "$K" --audit-key loose
check_err_has "chmod 600"
printf 'short\n' >short && chmod 600 short
kj_expect 1 audit verify --db "$K" --audit-key short
check_err_has "too short"
kj_expect 1 audit verify --db "$K" --audit-key no-such-key
check_err_has "no-such-key"
kj_expect 2 audit verify --db "$K" --audit-key

# Editing an entry and recomputing the unkeyed chain from there: found.
# The rows go to python with the ASCII unit and record separators (on either
# engine), and it writes the UPDATEs back.
rows=$(db_rows "$K" "SELECT id, at, actor_user_id, actor, action, object_type, object_id,
	detail FROM audit_entry ORDER BY id")
edit=$(python3 -c '
import hashlib, sys
rows = [r.split("\x1f") for r in sys.stdin.read().split("\x1e") if r.strip("\n")]
def field(h, b):
    h.update(len(b).to_bytes(8, "big")); h.update(b)
def lit(v):
    return "'"'"'" + v.replace("'"'"'", "'"'"''"'"'") + "'"'"'"
prev = "0" * 64
out = []
for (i, at, uid, actor, action, otype, oid, detail) in rows:
    i = i.strip("\n")
    if i == "2":
        actor = "cli:someone-else"
    h = hashlib.blake2b(digest_size=32)
    h.update(b"kijun.audit.v1\0")
    for v in (prev, i, at, uid or "0", actor, action, otype, oid, detail):
        field(h, v.encode())
    link = "0" * 64 if i == "1" else prev
    prev = h.hexdigest()
    out.append("UPDATE audit_entry SET actor = %s, prev_hash = %s, hash = %s WHERE id = %s;"
               % (lit(actor), lit(link), lit(prev), i))
print("\n".join(out))' <<<"$rows")
check_cmd "the chain rewritten without the key" db_sql "$K" "$edit"
kj_expect 0 audit verify --db "$K"
check_out_has "not keyed"
kj_expect 1 audit verify --db "$K" --audit-key key
check_out_has "no entry is keyed with this audit key"

# The anchor: kept elsewhere, it detects entries cut from the end.
kj_expect 0 init --db "$A" --audit-key key
for n in 1 2 3; do
	kj_in_expect 0 "long-enough-pw-2026" user add "user$n" --role hq --name "U $n" --password-stdin --db "$A" --audit-key key
done
kj_expect 0 audit head --db "$A"
anchor=$(cat "$OUT")
check_eq "$(echo "$anchor" | grep -cE '^[0-9]+:[0-9a-f]{64}$')" "1" "audit head prints POSITION:HASH"
kj_expect 0 audit verify --db "$A" --audit-key key --expect "$anchor"
check_out_has "anchor $anchor found"
db_sql "$A" "DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)"
kj_expect 0 audit verify --db "$A" --audit-key key
kj_expect 1 audit verify --db "$A" --audit-key key --expect "$anchor"
check_out_has "removed from its end"
for bad in "" "12" "x:$(printf '%064d' 0)" "1:ABC" "0:$(printf '%064d' 0)" "1:$(printf '%063d' 0)"; do
	kj_expect 2 audit verify --db "$A" --expect "$bad"
done
# head only reads the last entry: it needs no key.
kj_expect 0 audit head --db "$A" --audit-key other
kj_expect 0 init --db "$EMPTY"
db_sql "$EMPTY" "DELETE FROM audit_entry"
kj_expect 1 audit head --db "$EMPTY"
check_err_has "empty"

finish
