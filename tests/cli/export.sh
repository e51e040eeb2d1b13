#!/bin/bash
# kijun catalog export --format json|csv: the 90 requirements, in order, with
# the texts of data/standard/2026; --output; the same from a database.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"

# JSON: 90 requirements, ids in order, texts and CSF ids as in the data files.
kj_expect 0 catalog export --format json
check_err_empty
cp "$OUT" "$T/e.json"
check_cmd "json export matches requirements.json" python3 - "$T/e.json" "$STD" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
data = json.load(open(sys.argv[2] + "/requirements.json", encoding="utf-8"))
std = json.load(open(sys.argv[2] + "/standard.json", encoding="utf-8"))
errors = []
def want(cond, msg):
    if not cond:
        errors.append(msg)
reqs = doc.get("requirements")
want(isinstance(reqs, list), "no requirements array")
reqs = reqs or []
want(len(reqs) == 90, "expected exactly 90 requirements, got %d" % len(reqs))
want([r.get("id") for r in reqs] == [r["id"] for r in data],
     "ids not in the order of requirements.json")
for r, d in zip(reqs, data):
    for k in ("text_ja", "text_en", "section", "n"):
        want(r.get(k) == d[k], "%s: %s is %r, requirements.json has %r"
             % (d["id"], k, r.get(k), d[k]))
    csf = [c.get("id") if isinstance(c, dict) else c for c in r.get("csf", [])]
    want(csf == d["csf"], "%s: csf ids %r, requirements.json has %r" % (d["id"], csf, d["csf"]))
want(doc.get("version") == std["version"], "version %r" % doc.get("version"))
want(doc.get("effective") == std["effective"], "effective %r" % doc.get("effective"))
want(len(doc.get("functions", [])) == 6, "expected 6 functions")
want(len({r["function"] for r in reqs}) == 6, "expected the requirements to use 6 functions")
for e in errors[:10]:
    print(e)
sys.exit(1 if errors else 0)
EOF
kj_expect 0 catalog export --format json
check_same_file "$OUT" "$T/e.json" "a second json export"

# CSV: UTF-8 BOM, CRLF, header + 90 rows with the data's texts.
kj_expect 0 catalog export --format csv
check_err_empty
cp "$OUT" "$T/e.csv"
check_cmd "csv export: BOM, CRLF, header + 90 rows" python3 - "$T/e.csv" "$STD" <<'EOF'
import csv, io, json, sys
raw = open(sys.argv[1], "rb").read()
data = json.load(open(sys.argv[2] + "/requirements.json", encoding="utf-8"))
errors = []
def want(cond, msg):
    if not cond:
        errors.append(msg)
want(raw.startswith(b"\xef\xbb\xbf"), "does not start with the UTF-8 BOM: %r" % raw[:8])
want(raw.endswith(b"\r\n"), "last line does not end with CRLF")
want(b"\n" not in raw.replace(b"\r\n", b""), "a line ends with a bare LF")
want(b"\r" not in raw.replace(b"\r\n", b""), "a bare CR")
text = raw[3:].decode("utf-8")
rows = list(csv.reader(io.StringIO(text, newline="")))
want(len(rows) == 91, "expected header + 90 rows, got %d rows" % len(rows))
head = rows[0]
for col in ("id", "text_ja", "text_en", "csf"):
    want(col in head, "no column %r in the header %r" % (col, head))
want(all(len(r) == len(head) for r in rows), "rows with a different number of fields")
if not errors:
    recs = [dict(zip(head, r)) for r in rows[1:]]
    want([r["id"] for r in recs] == [d["id"] for d in data], "ids not in data order")
    for r, d in zip(recs, data):
        want(r["text_ja"] == d["text_ja"], "%s: text_ja differs" % d["id"])
        want(r["text_en"] == d["text_en"], "%s: text_en differs" % d["id"])
        want(r["csf"].split() == d["csf"],
             "%s: csf %r, data has %r" % (d["id"], r["csf"], d["csf"]))
for e in errors[:10]:
    print(e)
sys.exit(1 if errors else 0)
EOF

# --output FILE writes the same bytes as stdout, and nothing to stdout.
for f in json csv oscal; do
	kj_expect 0 catalog export --format "$f"
	cp "$OUT" "$T/stdout.$f"
	kj_expect 0 catalog export --format "$f" --output "out.$f"
	check_out_empty
	check_same_file "out.$f" "$T/stdout.$f" "--output out.$f vs stdout"
done
# --output over an existing file replaces it.
printf 'old content that is longer than nothing\n%.0s' $(seq 1 5000) >over.csv
kj_expect 0 catalog export --format csv --output over.csv
check_same_file over.csv "$T/stdout.csv" "--output over an existing file"
kj_expect 0 catalog export --format=json --output=eq.json
check_same_file eq.json "$T/stdout.json" "--format=json --output=eq.json"

# Unwritable outputs: 1, a message naming the path.
kj_expect 1 catalog export --format json --output /nonexistent/x
check_err_has "/nonexistent/x"
check_out_empty
mkdir adir
kj_expect 1 catalog export --format csv --output adir
check_err_has "adir"
if [ -w /dev/full ]; then
	kj_expect 1 catalog export --format json --output /dev/full
	check_err_has "kijun:"
fi

# From a database: byte for byte the built-in export.
A=$(init_db a.db) || exit 1
for f in json csv oscal; do
	kj_expect 0 catalog export --format "$f" --db "$A"
	check_same_file "$OUT" "$T/stdout.$f" "$f export from the database vs built-in"
	kj_expect 0 catalog export --format "$f" --db "$A" --version 2026
	check_same_file "$OUT" "$T/stdout.$f" "$f export --version 2026 from the database"
done
kj_expect 1 catalog export --format json --db "$A" --version 1999
check_err_has "1999"
check_out_empty
kj_expect 1 catalog export --format json --version 1999
check_err_has "1999"
kj_expect 1 catalog export --format json --db missing.db --output m.json
check_err_has "missing.db"
check_no_file m.json
check_no_file missing.db

finish
