#!/bin/bash
# kijun catalog import and corrections.json (editorial corrections of the
# standard's text): a revision folder without the file is accepted and reads
# back from the database without it; a bad corrections.json is refused,
# naming the file, and leaves the database exactly as it was.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"

A=$(init_db a.db) || exit 1

# The built-in version lists its one correction in the JSON export.
kj_expect 0 catalog export --format json --db "$A"
check_eq "$(python3 -c 'import json,sys; c=json.load(sys.stdin)["corrections"]; print(len(c), c[0]["item"], c[0]["used"])' <"$OUT")" \
	"1 ci-service 手続のうち、" "corrections of 2026"

J='import json
def load(n): return json.load(open(n, encoding="utf-8"))
def save(n, x): json.dump(x, open(n, "w", encoding="utf-8"), ensure_ascii=False)
'

# A revision without corrections.json: imported, and read back from the store.
cp -r "$STD" rev
(cd rev && rm corrections.json && python3 -c "$J"'
s = load("standard.json"); s["version"], s["effective"] = "2030", "2030-10-01"; save("standard.json", s)') \
	|| fail "could not prepare rev"
python3 "$SRC/tests/cli/make_crosswalk.py" "$STD" rev	# a revision needs its crosswalk
kj_expect 0 catalog import rev --db "$A"
check_out_has "2030 imported"
kj_expect 0 catalog export --format json --db "$A"
check_eq "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["version"], len(d["corrections"]))' <"$OUT")" \
	"2030 0" "corrections of a version without corrections.json"
kj_expect 0 catalog show 3.6.1-2 --db "$A"
check_out_has "事業継続計画等 (business-continuity-plans-etc, §3.6.1 text)"
after=$(db_digest "$A")

broken() {
	local name=$1 what=$2 edit=$3
	rm -rf "$name"
	cp -r "$STD" "$name"
	(cd "$name" && python3 -c "$J"'
s = load("standard.json"); s["version"], s["effective"] = "2031", "2031-10-01"; save("standard.json", s)
'"$edit") || { fail "could not prepare $name"; return; }
	kj_expect 1 catalog import "$name" --db "$A"
	check_err_has "corrections.json"
	check_err_has "$what"
	check_out_empty
	check_eq "$(db_digest "$A")" "$after" "database after importing $name"
}
broken notjson "invalid JSON" 'open("corrections.json", "w").write("nope")'
broken noitem 'no item "no-such-term"' '
c = load("corrections.json"); c[0]["item"] = "no-such-term"; save("corrections.json", c)'
broken notused "does not hold the corrected text" '
c = load("corrections.json"); c[0]["used"] = "手続のうちちち"; save("corrections.json", c)'
broken otherfile "can be corrected" '
c = load("corrections.json"); c[0]["file"] = "sectors.json"; save("corrections.json", c)'
broken noreason 'missing field "reason_ja"' '
c = load("corrections.json"); del c[0]["reason_ja"]; save("corrections.json", c)'
broken same '"source" and "used" are the same' '
c = load("corrections.json"); c[0]["source"] = c[0]["used"]; save("corrections.json", c)'
# The data still says うちち where the correction claims うち.
broken uncorrected "does not hold the corrected text" '
d = load("definitions.json")
for e in d:
    if e["id"] == "ci-service": e["text_ja"] = e["text_ja"].replace("手続のうち、", "手続のうちち、")
save("definitions.json", d)'

finish
