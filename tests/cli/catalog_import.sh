#!/bin/bash
# kijun catalog import / versions: re-importing the built-in version changes
# nothing; a revision becomes the latest while the old version stays
# readable; a broken folder fails with status 1, names the file, and leaves
# the database exactly as it was.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"

A=$(init_db a.db) || exit 1

# The same version again: unchanged.
before=$(db_digest "$A")
kj_expect 0 catalog import "$STD" --db "$A"
check_out_has "already imported, unchanged"
check_out_has "90 requirements"
check_eq "$(db_digest "$A")" "$before" "database after re-importing 2026"
kj_expect 0 catalog versions --db "$A"
check_eq "$(wc -l <"$OUT")" 1 "versions after init"
check_out_has "2026"
check_out_has "2026-10-01"

# A revision: version 2029, from 2029-10-01, 3.2.1-1 reworded and 3.7-2 added.
cp -r "$STD" rev
python3 - rev <<'EOF'
import json, sys
d = sys.argv[1]
def load(n):
    return json.load(open(d + "/" + n, encoding="utf-8"))
def save(n, x):
    with open(d + "/" + n, "w", encoding="utf-8") as f:
        json.dump(x, f, ensure_ascii=False, indent=2)
s = load("standard.json")
s["version"], s["effective"] = "2029", "2029-10-01"
save("standard.json", s)
r = load("requirements.json")
assert r[0]["id"] == "3.2.1-1" and r[-1]["id"] == "3.7-1"
r[0]["text_ja"] = "【改訂】" + r[0]["text_ja"]
r.append({"id": "3.7-2", "section": "3.7", "n": 2,
          "text_ja": "量子計算機の実用化を見据え、暗号の移行計画を策定する。",
          "text_en": "Plan the migration of cryptography in view of practical quantum computers.",
          "csf": ["ID.RA", "PR.DS"]})
save("requirements.json", r)
EOF
old_text=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["text_ja"])' "$STD/requirements.json")
# A revision needs a crosswalk from the version it succeeds.
before_rev=$(db_digest "$A")
kj_expect 1 catalog import rev --db "$A"
check_err_has "crosswalk.json"
check_err_has "2026"
check_eq "$(db_digest "$A")" "$before_rev" "database after a revision without a crosswalk"
python3 "$SRC/tests/cli/make_crosswalk.py" "$STD" rev
kj_expect 0 catalog import rev --db "$A"
check_out_has "2029 imported"
check_out_has "91 requirements"
check_out_has "2029-10-01"
check_out_has "crosswalk from version 2026"
kj_expect 0 catalog crosswalk 2029 --db "$A"
check_out_has "crosswalk from version 2026 to 2029"
check_out_has "reworded  3.2.1-1    -> 3.2.1-1"
check_out_has "same      3.2.1-2    -> 3.2.1-2"
check_out_has "new       -          -> 3.7-2"
check_eq "$(grep -c '^same ' "$OUT")" 89 "same links 2026 -> 2029"
kj_expect 0 catalog show 3.2.1-1 --db "$A" --lang en
check_out_has "Comes from: 2026 3.2.1-1 (reworded)"
kj_expect 0 catalog show 3.2.1-1 --db "$A" --version 2026 --lang en
check_out_has "Goes to: 2029 3.2.1-1 (reworded)"
kj_expect 0 catalog show 3.7-2 --db "$A"
check_out_has "前の版: なし（この版で新設）"
kj_expect 0 audit list --db "$A"
check_out_has "catalog.import"
kj_expect 0 catalog versions --db "$A"
check_eq "$(awk '{print $1}' "$OUT" | paste -sd' ' -)" "2026 2029" "versions after the revision"
check_out_has "90 requirements"
check_out_has "91 requirements"
# The latest version by default.
kj_expect 0 catalog list --db "$A"
check_eq "$(wc -l <"$OUT")" 91 "lines of catalog list (latest = 2029)"
check_out_has "【改訂】$old_text"
check_out_has "3.7-2 "
check_out_has "量子計算機の実用化を見据え"
kj_expect 0 catalog show 3.7-2 --db "$A"
check_out_has "ID.RA"
check_out_has "PR.DS"
kj_expect 0 catalog export --format json --db "$A"
check_eq "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["version"], len(d["requirements"]))' <"$OUT")" \
	"2029 91" "json export of the latest version"
# The old version on request, unchanged.
kj_expect 0 catalog list --db "$A" --version 2026
check_eq "$(wc -l <"$OUT")" 90 "lines of catalog list --version 2026"
check_out_has "$old_text"
check_out_lacks "【改訂】"
check_out_lacks "3.7-2"
kj_expect 0 catalog list --version 2026
cp "$OUT" "$T/builtin.txt"
kj_expect 0 catalog list --db "$A" --version 2026
check_same_file "$OUT" "$T/builtin.txt" "catalog list --version 2026 after the revision vs built-in"
kj_expect 1 catalog show 3.7-2 --db "$A" --version 2026
check_err_has "3.7-2"
kj_expect 0 catalog list --db "$A" --version 2029 --function trends
check_eq "$(awk '{print $1}' "$OUT" | paste -sd' ' -)" "3.7-1 3.7-2" "trends in 2029"

# The revision again: unchanged. Other content under the same label: refused.
after_rev=$(db_digest "$A")
kj_expect 0 catalog import rev --db "$A"
check_out_has "already imported, unchanged"
check_eq "$(db_digest "$A")" "$after_rev" "database after re-importing 2029"
cp -r rev rev2
sed -i 's/【改訂】/【再改訂】/' rev2/requirements.json
kj_expect 1 catalog import rev2 --db "$A"
check_err_has "2029"
check_eq "$(db_digest "$A")" "$after_rev" "database after a conflicting 2029"

# Broken folders: 1, the file named, the database unchanged.
# broken NAME WHAT-THE-MESSAGE-NAMES PYTHON-EDIT (run in the copied folder)
broken() {
	local name=$1 names=$2 edit=$3
	rm -rf "$name"
	cp -r "$STD" "$name"
	(cd "$name" && python3 -c "$edit") || { fail "could not prepare $name"; return; }
	kj_expect 1 catalog import "$name" --db "$A"
	check_err_has "$names"
	check_out_empty
	check_eq "$(db_digest "$A")" "$after_rev" "database after importing $name"
}
J='import json
def load(n): return json.load(open(n, encoding="utf-8"))
def save(n, x): json.dump(x, open(n, "w", encoding="utf-8"), ensure_ascii=False)
'
broken missing requirements.json 'import os; os.remove("requirements.json")'
broken nostandard standard.json 'import os; os.remove("standard.json")'
broken invalid requirements.json 'open("requirements.json", "w").write("[{\"id\": \"3.2.1-1\",")'
broken trailing requirements.json 'open("requirements.json", "a").write("]")'
broken notarray requirements.json 'open("requirements.json", "w").write("{}")'
broken emptyarray requirements.json 'open("requirements.json", "w").write("[]")'
broken emptyfile requirements.json 'open("requirements.json", "w").write("")'
broken dup requirements.json "$J"'
r = load("requirements.json"); r.append(dict(r[0])); save("requirements.json", r)'
broken dupmsg "duplicate" "$J"'
r = load("requirements.json"); r.append(dict(r[0])); save("requirements.json", r)'
broken csf requirements.json "$J"'
r = load("requirements.json"); r[5]["csf"] = ["XX.YY"]; save("requirements.json", r)'
broken csfmsg "XX.YY" "$J"'
r = load("requirements.json"); r[5]["csf"] = ["XX.YY"]; save("requirements.json", r)'
broken gap requirements.json "$J"'
r = load("requirements.json"); r.append({**r[-1], "id": "3.7-3", "n": 3}); save("requirements.json", r)'
broken section requirements.json "$J"'
r = load("requirements.json"); r.append({**r[-1], "id": "3.9-1", "section": "3.9"}); save("requirements.json", r)'
broken notext requirements.json "$J"'
r = load("requirements.json"); del r[3]["text_ja"]; save("requirements.json", r)'
broken badutf8 requirements.json 'open("requirements.json", "ab").write(b"\xff\xfe")'
broken defs definitions.json 'open("definitions.json", "w").write("nope")'
broken sectors sectors.json "$J"'
s = load("sectors.json"); s[0]["ministries"] = ["no-such-ministry"]; save("sectors.json", s)'
broken noversion standard.json "$J"'
s = load("standard.json"); del s["version"]; save("standard.json", s)'

mkdir empty
kj_expect 1 catalog import empty --db "$A"
check_err_has "empty"
check_err_has ".json"
check_eq "$(db_digest "$A")" "$after_rev" "database after importing an empty folder"
kj_expect 1 catalog import nonexistent --db "$A"
check_err_has "nonexistent"
check_eq "$(db_digest "$A")" "$after_rev" "database after importing a missing folder"
printf 'x' >afile
kj_expect 1 catalog import afile --db "$A"
check_err_has "afile"

# Importing needs an initialised database; it does not create one.
kj_expect 1 catalog import "$STD" --db new.db
check_err_has "new.db"
check_err_has "kijun init"
check_no_file new.db
kj_expect 1 catalog versions --db new.db
check_err_has "new.db"
check_no_file new.db
kj_expect 1 catalog versions
check_err_has "kijun.db"

finish
