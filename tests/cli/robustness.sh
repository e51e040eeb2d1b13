#!/bin/bash
# Bad input: database paths that are folders, devices, FIFOs, 5000 characters
# long or damaged files; data folders with oversized or hostile files. Every
# case must end with status 1 and a message, never a crash or a hang.
KJ_PG=1	# a.db from new_db; the damaged files below are SQLite paths on either engine
. "$(dirname "$0")/lib.sh" "$@"
A=$(new_db a.db) || exit 1

DBCMDS=("init" "catalog list" "catalog show 3.7-1" "catalog export --format json"
	"catalog versions" "catalog import $STD" "demo --operators 2 --seed 1")

# dbcase WHAT-THE-MESSAGE-SAYS DB: every database command on DB fails cleanly.
dbcase() {
	local says=$1 db=$2 c
	for c in "${DBCMDS[@]}"; do
		# shellcheck disable=SC2086
		kj_expect 1 $c --db "$db"
		check_err_has "kijun: "
		check_err_has "$says"
		check_out_empty
	done
}

# The database is a folder.
mkdir dir.db
dbcase "not a regular file" dir.db
check_eq "$(ls -A dir.db)" "" "files the commands left in the folder given as database"

# A FIFO, a device (through a symlink): refused at once, no hang.
mkfifo fifo.db
dbcase "not a regular file" fifo.db
ln -s /dev/zero zero.db
dbcase "not a regular file" zero.db

# A path of 5000 characters, alone and as folders; also through $KIJUN_DB.
long=$(printf 'a%.0s' $(seq 1 5000))
dbcase "kijun: " "$long"
deep=$(printf 'abcdefghi/%.0s' $(seq 1 500))x.db
dbcase "kijun: " "$deep"
KIJUN_DB=$long kj_expect 1 catalog list
check_err_has "kijun: "
check_out_empty
KIJUN_DB=$long kj_expect 1 init
check_eq "$(find . -maxdepth 1 -name 'aaaa*' | wc -l)" 0 "files created for the 5000-character path"

# A damaged kijun database: truncated, and a schema page overwritten.
kj_expect 0 init --db good.db
sqlite3 good.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
head -c 12288 good.db >trunc.db
cp trunc.db trunc.orig
for c in "init" "catalog list" "catalog versions" "demo --operators 2 --seed 1"; do
	# shellcheck disable=SC2086
	kj_expect 1 $c --db trunc.db
	check_err_has "trunc.db"
done
check_same_file trunc.db trunc.orig "truncated database after the failed commands"
python3 - good.db bad.db <<'EOF'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
for i in range(200, 4096, 7):	# the schema table on page 1
    b[i] = 0x5a
open(sys.argv[2], "wb").write(b)
EOF
for c in "init" "catalog list" "catalog export --format oscal" "catalog versions"; do
	# shellcheck disable=SC2086
	kj_expect 1 $c --db bad.db
	check_err_has "bad.db"
done

# Data folders with hostile files. copy NAME: a fresh copy of the standard.
copy() { rm -rf "$1"; cp -r "$STD" "$1"; }
kj_expect 0 init --db "$A"
before=$(db_digest "$A")
imp_fails() {	# imp_fails DIR WHAT-THE-MESSAGE-SAYS...
	local d=$1 s
	shift
	kj_expect 1 catalog import "$d" --db "$A"
	for s in "$@"; do check_err_has "$s"; done
	check_out_empty
}
# 5 MB of junk.
copy big
head -c 3750000 /dev/urandom | base64 -w 0 >big/requirements.json
imp_fails big requirements.json "too large"
# 3 MB (under the size limit) of binary junk, of text junk, of nesting.
copy bin
head -c 3000000 /dev/urandom >bin/requirements.json
imp_fails bin requirements.json
copy text
yes 'lorem ipsum dolor sit amet' | head -c 3000000 >text/requirements.json
imp_fails text requirements.json "invalid JSON"
copy deep
python3 -c 'import sys; sys.stdout.write("[" * 3000000)' >deep/requirements.json
imp_fails deep requirements.json
copy deep2
python3 -c 'import sys; sys.stdout.write("{\"a\":" * 100000 + "1" + "}" * 100000)' >deep2/requirements.json
imp_fails deep2 requirements.json
# A valid JSON array far over the requirement limit, and a huge text.
copy many
python3 - many/requirements.json <<'EOF'
import json, sys
r = [{"id": "3.4.1.1-%d" % (i + 1), "section": "3.4.1.1", "n": i + 1, "text_ja": "あ",
      "text_en": "a", "csf": ["PR.AA"]} for i in range(5000)]
json.dump(r, open(sys.argv[1], "w"))
EOF
imp_fails many requirements.json
copy hugetext
python3 - hugetext/requirements.json <<'EOF'
import json, sys
p = sys.argv[1]
r = json.load(open(p, encoding="utf-8"))
r[0]["text_ja"] = "長" * 1000000
json.dump(r, open(p, "w", encoding="utf-8"), ensure_ascii=False)
EOF
imp_fails hugetext requirements.json
# Strings with NUL and control characters.
copy nul
python3 - nul/requirements.json <<'EOF'
import json, sys
p = sys.argv[1]
r = json.load(open(p, encoding="utf-8"))
r[0]["text_ja"] = "前\u0000後"
json.dump(r, open(p, "w", encoding="utf-8"), ensure_ascii=False)
EOF
kj catalog import nul --db "$A"
if [ "$RC" = 1 ]; then pass "a NUL in a text is refused"
else fail_run "catalog import of a text with \\u0000: expected status 1, got $RC"; fi
# The file is a folder, or a device.
copy isdir
rm isdir/requirements.json && mkdir isdir/requirements.json
imp_fails isdir requirements.json
copy isdev
rm isdev/requirements.json && ln -s /dev/zero isdev/requirements.json
imp_fails isdev requirements.json
# A data folder path of 5000 characters.
kj_expect 1 catalog import "$long" --db "$A"
check_err_has "kijun: "
check_eq "$(db_digest "$A")" "$before" "database after all the hostile imports"

finish
