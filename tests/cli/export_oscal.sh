#!/bin/bash
# kijun catalog export --format oscal: an OSCAL 1.2.1 catalog of the 90
# requirements, checked for content and against the NIST JSON Schema
# (tests/oscal/oscal_catalog_schema_v1.2.1.json) with ajv; and the
# validator itself checked to accept a valid and reject a broken catalog.
KJ_PG=1	# no database: the same on either engine
. "$(dirname "$0")/lib.sh" "$@"

# The export: content.
kj_expect 0 catalog export --format oscal --output e.json
check_out_empty
check_err_empty
check_cmd "oscal export content" python3 - e.json "$STD" <<'EOF'
import json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
data = json.load(open(sys.argv[2] + "/requirements.json", encoding="utf-8"))
std = json.load(open(sys.argv[2] + "/standard.json", encoding="utf-8"))
errors = []
def want(cond, msg):
    if not cond:
        errors.append(msg)
cat = doc.get("catalog", {})
md = cat.get("metadata", {})
want(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                  cat.get("uuid", "")), "catalog uuid %r" % cat.get("uuid"))
want(md.get("oscal-version") == "1.2.1", "oscal-version %r" % md.get("oscal-version"))
want(md.get("version") == std["version"], "metadata version %r" % md.get("version"))
want(md.get("title") == std["title_ja"], "metadata title %r" % md.get("title"))
controls = []
def walk(node):
    for c in node.get("controls", []):
        controls.append(c)
        walk(c)
    for g in node.get("groups", []):
        walk(g)
walk(cat)
want(len(cat.get("groups", [])) == 6, "expected 6 top groups (functions), got %d"
     % len(cat.get("groups", [])))
want(len(controls) == 90, "expected 90 controls, got %d" % len(controls))
want([c.get("id") for c in controls] == ["req-" + d["id"] for d in data],
     "control ids are not req-ID in the order of requirements.json")
for c, d in zip(controls, data):
    stm = [p for p in c.get("parts", []) if p.get("name") == "statement"]
    want(len(stm) == 1 and stm[0].get("prose") == d["text_ja"],
         "%s: statement prose differs from text_ja" % d["id"])
    props = {}
    for p in c.get("props", []):
        props.setdefault(p["name"], []).append(p["value"])
    want(props.get("label") == [d["id"]], "%s: label prop %r" % (d["id"], props.get("label")))
    want(props.get("csf-2.0-category") == d["csf"],
         "%s: csf props %r, data has %r" % (d["id"], props.get("csf-2.0-category"), d["csf"]))
ids = []
def collect(x):
    if isinstance(x, dict):
        if "id" in x:
            ids.append(x["id"])
        for v in x.values():
            collect(v)
    elif isinstance(x, list):
        for v in x:
            collect(v)
collect(cat)
dup = {i for i in ids if ids.count(i) > 1}
want(not dup, "duplicate ids: %s" % sorted(dup)[:5])
uuids = [r.get("uuid") for r in cat.get("back-matter", {}).get("resources", [])]
want(len(uuids) == len(set(uuids)), "duplicate back-matter resource uuids")
for e in errors[:10]:
    print(e)
sys.exit(1 if errors else 0)
EOF
kj_expect 0 catalog export --format oscal
check_same_file "$OUT" e.json "a second oscal export (deterministic, uuids included)"

# From here on ajv is needed (tests/node_modules: make test-deps).
need_ajv

# The validator works: it accepts a known-good catalog and rejects the
# same catalog without its metadata.
MIN="$SRC/tests/oscal/minimal_catalog.json"
if ajv_validate "$MIN"; then pass "ajv accepts minimal_catalog.json"
else fail "ajv rejects the known-good tests/oscal/minimal_catalog.json: $(head -n 20 "$T/cap/ajv")"; fi
python3 - "$MIN" "$T/min-nometa.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
del d["catalog"]["metadata"]
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
if ajv_validate "$T/min-nometa.json"; then
	fail "ajv accepts a catalog without metadata: the validator is not working"
elif grep -q "metadata" "$T/cap/ajv"; then pass "ajv rejects a catalog without metadata"
else fail "ajv rejected the catalog without metadata, but not for the metadata: $(head -n 20 "$T/cap/ajv")"; fi

# The export against the schema. The raw export fails today on one known
# bug (multi-line prop values; see known_bugs.sh oscal_schema): here the
# export with those values put on one line must validate, so that any
# other schema error still fails this test.
python3 - e.json "$T/e-oneline.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def fix(x):
    if isinstance(x, dict):
        for p in x.get("props", []):
            if isinstance(p.get("value"), str):
                p["value"] = " ".join(p["value"].split())
        for v in x.values():
            fix(v)
    elif isinstance(x, list):
        for v in x:
            fix(v)
fix(d)
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
if ajv_validate "$T/e-oneline.json"; then pass "oscal export (prop values on one line) is valid OSCAL 1.2.1"
else fail "oscal export (prop values on one line) is not valid OSCAL 1.2.1: $(head -n 40 "$T/cap/ajv")"; fi

# The same export without metadata must be rejected.
python3 - "$T/e-oneline.json" "$T/e-nometa.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
del d["catalog"]["metadata"]
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
if ajv_validate "$T/e-nometa.json"; then
	fail "ajv accepts the export without metadata: the validator is not working"
elif grep -q "metadata" "$T/cap/ajv"; then pass "ajv rejects the export without metadata"
else fail "ajv rejected the export without metadata, but not for the metadata: $(head -n 20 "$T/cap/ajv")"; fi

# A control id that is not a token (space) must be rejected too.
sed 's/"req-3\.7-1"/"req 3.7-1"/' "$T/e-oneline.json" >"$T/e-badid.json"
if ajv_validate "$T/e-badid.json"; then fail "ajv accepts a control id with a space"
else pass "ajv rejects a control id with a space"; fi

finish
