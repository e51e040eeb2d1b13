#!/bin/bash
# Revisions through their crosswalk.json: a revision with one entry of each
# kind (and a renumbered requirement) imports and is shown by `catalog
# crosswalk` and `catalog show`; every kind of bad crosswalk is refused with
# status 1, a message naming crosswalk.json, the entry and the field, and the
# database exactly as it was.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
MK="$SRC/tests/cli/make_crosswalk.py"

A=$(init_db a.db) || exit 1

# 2029 from 2026: 3.2.1-1 reworded; 3.7-1 split into 3.7-1 and 3.7-2;
# 3.2.9-2 and 3.2.9-3 merged into 3.2.9-2; 3.2.6-2 removed; 3.3.6-4 new;
# 3.2.4-1 removed and 3.2.4-2 renumbered 3.2.4-1 with the same text.
cp -r "$STD" rev
python3 - rev <<'PY'
import json, sys
d = sys.argv[1]
def load(n): return json.load(open(d + "/" + n, encoding="utf-8"))
def save(n, x): json.dump(x, open(d + "/" + n, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
s = load("standard.json")
s["version"], s["effective"] = "2029", "2029-10-01"
save("standard.json", s)
out = []
for r in load("requirements.json"):
    if r["id"] in ("3.2.6-2", "3.2.9-3", "3.2.4-1"):
        continue
    if r["id"] in ("3.2.1-1", "3.2.9-2"):
        r["text_ja"] = "【改訂】" + r["text_ja"]
    if r["id"] == "3.2.4-2":
        r["id"], r["n"] = "3.2.4-1", 1
    out.append(r)
    if r["id"] == "3.3.6-3":
        out.append({**r, "id": "3.3.6-4", "n": 4, "text_ja": "新たな対策事項。"})
    if r["id"] == "3.7-1":
        out.append({**r, "id": "3.7-2", "n": 2, "text_ja": "分割された後半。"})
save("requirements.json", out)
PY
python3 "$MK" "$STD" rev '[
 {"kind": "split", "from": ["3.7-1"], "to": ["3.7-1", "3.7-2"]},
 {"kind": "merged", "from": ["3.2.9-2", "3.2.9-3"], "to": ["3.2.9-2"]},
 {"kind": "same", "from": ["3.2.4-2"], "to": ["3.2.4-1"]},
 {"kind": "removed", "from": ["3.2.4-1"], "to": []}]'

# Bad crosswalks first, while 2029 is not in: each refused, nothing written.
before=$(db_digest "$A")
# bad NAME PYTHON-EDIT-OF-x WHAT-THE-MESSAGE-SAYS...
bad() {
	local name=$1 edit=$2 s
	shift 2
	rm -rf "$name" && cp -r rev "$name"
	python3 - "$name/crosswalk.json" "$edit" <<'PY' || { fail "could not prepare $name"; return; }
import json, sys
p = sys.argv[1]
x = json.load(open(p, encoding="utf-8"))
E = x["entries"]
def at(side, i):
    return next(e for e in E if i in e[side])
exec(sys.argv[2])
if x is not None:
    json.dump(x, open(p, "w", encoding="utf-8"), ensure_ascii=False)
PY
	kj_expect 1 catalog import "$name" --db "$A"
	check_err_has "crosswalk.json"
	for s in "$@"; do check_err_has "$s"; done
	check_out_empty
	check_eq "$(db_digest "$A")" "$before" "database after importing $name"
}
bad kind 'at("from", "3.2.1-2")["kind"] = "moved"' '"kind"' 'unknown kind "moved"'
bad nokind 'del at("from", "3.2.1-2")["kind"]' '"kind"' "missing"
bad same_arity 'at("from", "3.2.1-2")["to"].append("3.2.1-3")' '"to"' "exactly one new id"
bad reworded_arity 'at("from", "3.2.1-1")["from"] = []' '"from"' "exactly one old id"
bad split_arity 'at("from", "3.7-1")["to"] = ["3.7-1"]' '"to"' "two or more new ids"
bad merged_arity 'at("to", "3.2.9-2")["from"] = ["3.2.9-2"]' '"from"' "two or more old ids"
bad removed_arity 'at("from", "3.2.6-2")["to"] = ["3.2.6-1"]' '"to"' "no new id"
bad new_arity 'at("to", "3.3.6-4")["from"] = ["3.3.6-3"]' '"from"' "no old id"
bad unknown_old 'at("from", "3.2.6-2")["from"] = ["3.2.6-9"]' '"from"' "3.2.6-9 is not a requirement of version 2026"
bad unknown_new 'at("to", "3.3.6-4")["to"] = ["3.3.6-9"]' '"to"' "3.3.6-9 is not a requirement of version 2029"
bad old_twice 'E.append({"kind": "removed", "from": ["3.2.1-2"], "to": []})' "3.2.1-2 is already in entry"
bad new_twice 'E.append({"kind": "new", "from": [], "to": ["3.7-2"]})' "3.7-2 is already in entry"
bad old_missing 'E.remove(at("from", "3.2.6-2"))' "3.2.6-2 of version 2026 is in no entry"
bad new_missing 'E.remove(at("to", "3.3.6-4"))' "3.3.6-4 of version 2029 is in no entry"
bad same_differs 'at("from", "3.2.1-1")["kind"] = "same"' "texts of 3.2.1-1 and 3.2.1-1 differ"
bad reworded_equal 'at("from", "3.2.1-2")["kind"] = "reworded"' "are equal"
bad wrong_from 'x["from"] = "2023"' '"from"' "names version 2023, but version 2029 succeeds 2026"
bad notjson 'open(p, "w").write("{\"from\": "); x = None' "invalid JSON"
bad notobject 'x = []' "JSON object"
bad extra_member 'x["note"] = 1' 'unknown member "note"'
bad bad_id 'at("from", "3.2.6-2")["from"] = ["<script>"]' "not a requirement id"
bad nocrosswalk 'import os; os.remove(p); x = None' "needs a crosswalk.json"

# The first version has no crosswalk: one in the built-in version's folder is refused.
FIRST=$(init_db first.db) || exit 1
rm -rf first && cp -r rev first
python3 - first/standard.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
s["effective"] = "2020-10-01"
json.dump(s, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
b1=$(db_digest "$FIRST")
kj_expect 1 catalog import first --db "$FIRST"
check_err_has "2026"
check_err_has "oldest first"
check_eq "$(db_digest "$FIRST")" "$b1" "database after importing a version older than 2026"

# The good one.
kj_expect 0 catalog import rev --db "$A"
check_out_has "2029 imported"
check_out_has "crosswalk from version 2026"
kj_expect 0 catalog crosswalk 2029 --db "$A"
check_out_has "crosswalk from version 2026 to 2029"
check_out_has "split     3.7-1      -> 3.7-1"
check_out_has "split     3.7-1      -> 3.7-2"
check_out_has "merged    3.2.9-2    -> 3.2.9-2"
check_out_has "merged    3.2.9-3    -> 3.2.9-2"
check_out_has "removed   3.2.6-2    -> -"
check_out_has "removed   3.2.4-1    -> -"
check_out_has "same      3.2.4-2    -> 3.2.4-1"
check_out_has "reworded  3.2.1-1    -> 3.2.1-1"
check_out_has "new       -          -> 3.3.6-4"
kj_expect 0 catalog crosswalk 2026 --db "$A"
check_out_has "first in the database"
kj_expect 1 catalog crosswalk 1999 --db "$A"
check_err_has "1999"
kj_expect 0 catalog show 3.7-2 --db "$A" --lang en
check_out_has "Comes from: 2026 3.7-1 (split)"
kj_expect 0 catalog show 3.2.9-2 --db "$A" --lang en
check_out_has "Comes from: 2026 3.2.9-2 (merged), 2026 3.2.9-3 (merged)"
kj_expect 0 catalog show 3.2.6-2 --db "$A" --version 2026 --lang en
check_out_has "Goes to: none (removed in the next version)"
kj_expect 0 catalog show 3.2.4-2 --db "$A" --version 2026 --lang en
check_out_has "Goes to: 2029 3.2.4-1 (same)"
check_eq "$(db_sql "$A" "SELECT kind, COUNT(*) FROM requirement_succession GROUP BY kind ORDER BY kind" | paste -sd' ' -)" \
	"merged|2 reworded|1 same|84 split|2" "succession rows by kind"

# A second revision on top: 2032 from 2029 by equal ids; 3.7-2 of 2032
# follows back to 3.7-1 of 2026 through two revisions.
cp -r rev rev2
python3 - rev2/standard.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
s["version"], s["effective"] = "2032", "2032-10-01"
json.dump(s, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
python3 "$MK" rev rev2
kj_expect 0 catalog import rev2 --db "$A"
check_out_has "crosswalk from version 2029"
kj_expect 0 catalog versions --db "$A"
check_eq "$(awk '{print $1}' "$OUT" | paste -sd' ' -)" "2026 2029 2032" "versions"
check_eq "$(grep -c 'crosswalk from' "$OUT")" 2 "versions with a crosswalk"
check_out_has "crosswalk from 2029"
kj_expect 0 catalog show 3.7-2 --db "$A" --lang en
check_out_has "Comes from: 2029 3.7-2 (same)"
# Re-importing 2029 changes nothing; importing it after 2032 is no revision.
after=$(db_digest "$A")
kj_expect 0 catalog import rev --db "$A"
check_out_has "unchanged"
check_eq "$(db_digest "$A")" "$after" "database after re-importing 2029"

finish
