# tests/cli/lib.sh: the small helper every command-line test sources.
#
#   . "$(dirname "$0")/lib.sh" "$@"    # $1 = the kijun binary, $2 = the source dir
#
# It makes a scratch folder (mktemp -d), removed on exit unless KEEP_TMP=1,
# and cds into an empty working folder inside it, with no KIJUN_DB and no
# ./kijun.db, so the binary reads its built-in standard unless told otherwise.
#
#   kj ARGS...           run kijun; sets RC, stdout in $OUT, stderr in $ERR
#                        (under `timeout $KJ_TIMEOUT` when that is set: RC 124)
#   kj_expect N ARGS...  the same, then check the exit status is N
#   check_rc N / check_out_has S / check_err_has S / check_out_lacks S /
#   check_err_lacks S / check_out_empty / check_err_empty /
#   check_eq GOT WANT WHAT / check_same_file A B WHAT / check_file P /
#   check_no_file P / check_cmd WHAT CMD...   (CMD must succeed)
#   db_digest DB         sha256 of `sqlite3 DB .dump` (on PostgreSQL of each
#                        table's sorted rows and the schema: db_digest_fast)
#   init_db NAME / demo_db NAME DEMO-ARGS...
#                        a new database as `kijun init` (and demo) leave it,
#                        copied from a template made once (made_db)
#   new_db NAME / copy_db FROM NAME / db_sql DB SQL / db_rows DB SQL /
#   db_dump DB / db_is_pg DB / test_on_pg
#                        scratch databases on SQLite or PostgreSQL
#                        (tests/pg/test_db.sh)
#   bug_begin TEXT ... bug_end   checks between them document a known bug
#   finish               exit 1 if a check failed, 77 (ctest: skipped) if only
#                        known bugs showed, else 0
#
# Under KIJUN_TEST_PG (the _pg twins, tests/pg) a script runs only if it set
# KJ_PG=1 before sourcing this file: it takes its databases from new_db and
# reads them with db_sql. The others are skipped there (77), saying so.
#
# A failed check prints what was expected and what came, with the command
# and the start of its stderr. Every run is also checked for a signal
# (status >= 128) and for a sanitizer report in stderr.

if [ $# -lt 2 ]; then
	echo "usage: $0 KIJUN_BINARY SOURCE_DIR" >&2
	exit 2
fi
KIJUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
# shellcheck disable=SC2034  # used by the scripts
STD="$SRC/data/standard/2026"
if [ ! -x "$KIJUN" ]; then
	echo "FAIL: no kijun binary at $KIJUN" >&2
	exit 1
fi

set -u
# shellcheck source=../pg/test_db.sh
. "$SRC/tests/pg/test_db.sh"
pg_bindir_first	# psql and pg_dump without Debian's Perl wrapper in front
if test_on_pg && [ "${KJ_PG:-0}" != 1 ]; then
	echo "SKIP: $(basename "$0") keeps its databases as SQLite files (no new_db/db_sql yet)"
	exit 77
fi
unset KIJUN_DB
export LC_ALL=C.UTF-8
export PYTHONDONTWRITEBYTECODE=1
# A sanitizer report must not pass for the expected "exit 1".
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1:exitcode=87"

T=$(mktemp -d "${TMPDIR:-/tmp}/kijun-cli.XXXXXX") || exit 1
kj_cleanup() {
	cd / || true
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		echo "(scratch folder kept: $T)"
	else
		chmod -R u+rwx "$T" 2>/dev/null
		rm -rf "$T"
	fi
}
trap kj_cleanup EXIT
trap 'exit 130' INT TERM
mkdir "$T/w" "$T/cap" || exit 1
# Debian's python3 for the helpers when there is one: a version manager's
# shim in front of it on PATH costs about a second a call.
if [ -x /usr/bin/python3 ] && [ "$(command -v python3)" != /usr/bin/python3 ]; then
	mkdir -p "$T/bin" && ln -sf /usr/bin/python3 "$T/bin/python3" && PATH="$T/bin:$PATH"
fi
cd "$T/w" || exit 1
OUT="$T/cap/stdout"
ERR="$T/cap/stderr"
: >"$OUT"
: >"$ERR"

NCHECK=0
NFAIL=0
NBUG=0
BUGS_SEEN=""
BUG=""
BUG_HIT=0
LAST=""
TEST_NAME=$(basename "$0" .sh)

# The command as printed in messages: long arguments are shortened.
kj_show() {
	local a s="kijun"
	for a in "$@"; do
		if [ ${#a} -gt 80 ]; then
			a="${a:0:40}...(${#a} chars)"
		fi
		case $a in
		*[[:space:]\;\'\"]*) s="$s '$a'" ;;
		*) s="$s $a" ;;
		esac
	done
	printf '%s' "$s"
}

fail() {
	if [ -n "$BUG" ]; then
		BUG_HIT=1
		echo "FAIL ($BUG): $*"
	else
		NFAIL=$((NFAIL + 1))
		echo "FAIL: $*"
	fi
}

# fail_run MSG: fail, with the last kijun command and the start of its stderr.
fail_run() {
	fail "$@"
	echo "  command: $LAST"
	if [ -s "$ERR" ]; then
		echo "  stderr:"
		head -c 1500 "$ERR" | head -n 8 | sed 's/^/    /'
	fi
}

pass() {
	NCHECK=$((NCHECK + 1))
	[ "${VERBOSE:-0}" = 1 ] && echo "ok: $*"
	return 0
}

kj() {
	LAST=$(kj_show "$@")
	if [ -n "${KJ_TIMEOUT:-}" ]; then
		timeout "$KJ_TIMEOUT" "$KIJUN" "$@" </dev/null >"$OUT" 2>"$ERR"
		RC=$?
		[ "$RC" = 124 ] && echo "(timed out after $KJ_TIMEOUT s: $LAST)" >>"$ERR"
	else
		"$KIJUN" "$@" </dev/null >"$OUT" 2>"$ERR"
		RC=$?
	fi
	# A crash is never a known bug: it always fails the test.
	local bug=$BUG
	BUG=""
	if [ "$RC" -ge 128 ]; then
		fail_run "killed by signal $((RC - 128)) (exit status $RC)"
	fi
	if grep -qE 'Sanitizer|runtime error:' "$ERR"; then
		fail_run "sanitizer report in stderr"
		sed 's/^/    /' "$ERR" | head -n 40
	fi
	BUG=$bug
	return 0
}

# kj_in INPUT ARGS...: like kj, with INPUT and a newline on stdin.
kj_in() {
	local input=$1
	shift
	LAST="printf '...\\n' | $(kj_show "$@")"
	printf '%s\n' "$input" | "$KIJUN" "$@" >"$OUT" 2>"$ERR"
	RC=$?
	if [ "$RC" -ge 128 ]; then
		fail_run "killed by signal $((RC - 128)) (exit status $RC)"
	fi
	if grep -qE 'Sanitizer|runtime error:' "$ERR"; then
		fail_run "sanitizer report in stderr"
		sed 's/^/    /' "$ERR" | head -n 40
	fi
	return 0
}

check_rc() {
	if [ "$RC" = "$1" ]; then
		pass "exit $1: $LAST"
	else
		fail_run "exit status: expected $1, got $RC"
	fi
}

kj_expect() {
	local want=$1
	shift
	kj "$@"
	check_rc "$want"
}

kj_in_expect() {
	local want=$1
	shift
	kj_in "$@"
	check_rc "$want"
}

grep_has() { grep -qF -e "$1" "$2"; }

check_out_has() {
	if grep_has "$1" "$OUT"; then pass "stdout has '$1'"; else
		fail_run "stdout: expected to contain '$1', got: $(head -c 300 "$OUT")"
	fi
}
check_err_has() {
	if grep_has "$1" "$ERR"; then pass "stderr has '$1'"; else
		fail_run "stderr: expected to contain '$1', got: $(head -c 300 "$ERR")"
	fi
}
check_out_lacks() {
	if grep_has "$1" "$OUT"; then
		fail_run "stdout: expected not to contain '$1', got: $(grep -F -e "$1" "$OUT" | head -n 2)"
	else pass "stdout lacks '$1'"; fi
}
check_err_lacks() {
	if grep_has "$1" "$ERR"; then
		fail_run "stderr: expected not to contain '$1', got: $(grep -F -e "$1" "$ERR" | head -n 2)"
	else pass "stderr lacks '$1'"; fi
}
check_out_empty() {
	if [ -s "$OUT" ]; then fail_run "stdout: expected nothing, got: $(head -c 300 "$OUT")"
	else pass "stdout empty"; fi
}
check_err_empty() {
	if [ -s "$ERR" ]; then fail_run "stderr: expected nothing, got: $(head -c 300 "$ERR")"
	else pass "stderr empty"; fi
}

# check_eq GOT WANT WHAT
check_eq() {
	if [ "$1" = "$2" ]; then pass "$3"; else
		fail "$3: expected '$2', got '$1'"
	fi
}

# check_same_file A B WHAT
check_same_file() {
	if cmp -s "$1" "$2"; then pass "$3"; else
		fail "$3: expected $1 and $2 to be identical; first difference: $(cmp "$1" "$2" 2>&1 | head -n 1)"
	fi
}

check_file() {
	if [ -f "$1" ]; then pass "file $1 exists"; else fail "expected file $1 to exist"; fi
}
check_no_file() {
	if [ -e "$1" ] || [ -L "$1" ]; then fail "expected no file $1, but it exists"
	else pass "no file $1"; fi
}

# check_cmd WHAT CMD... : CMD must exit 0; its output is shown when it does not.
check_cmd() {
	local what=$1 o
	shift
	if o=$("$@" 2>&1); then pass "$what"; else
		fail "$what: $(printf '%s' "$o" | head -n 15)"
	fi
}

# On PostgreSQL one psql session, not a pg_dump (db_digest_fast, tests/pg/test_db.sh).
db_digest() {
	db_digest_fast "$1"
}

# init_db NAME / demo_db NAME DEMO-ARGS...: a new database for NAME (as
# new_db) as `kijun init`, then `kijun demo DEMO-ARGS`, leave it: a copy of a
# template the real commands made once per kijun binary (made_db,
# tests/pg/test_db.sh). Only for tests whose checks do not depend on how the
# database was built; init.sh and demo.sh run the commands themselves.
init_db() {
	made_db "$1" "$KIJUN"
}
demo_db() {
	local name=$1
	shift
	made_db "$name" "$KIJUN" "$@"
}

# Fixed bugs: checks between bug_begin and bug_end stand for a bug that was
# found and fixed. They are regression checks: a failure among them fails
# the test (it used to skip it while the bug was open). A new known bug can
# still be parked with bug_begin KNOWN:TEXT, which skips instead.
bug_begin() {
	BUG=$1
	BUG_HIT=0
}
bug_end() {
	if [ "$BUG_HIT" = 1 ]; then
		case $BUG in
		KNOWN:*)
			case $BUGS_SEEN in
			*"|$BUG|"*) ;;
			*) BUGS_SEEN="$BUGS_SEEN|$BUG|"; NBUG=$((NBUG + 1)) ;;
			esac ;;
		*)
			echo "REGRESSION: the fixed bug '$BUG' is back"
			NFAIL=$((NFAIL + 1)) ;;
		esac
	fi
	BUG=""
	BUG_HIT=0
}

# Skips the whole test (ctest SKIP_RETURN_CODE 77).
skip() {
	echo "SKIP: $*"
	exit 77
}

finish() {
	if [ "$NFAIL" -gt 0 ]; then
		echo "$TEST_NAME: $NFAIL check(s) FAILED, $NCHECK passed"
		exit 1
	fi
	if [ "$NBUG" -gt 0 ]; then
		echo "$TEST_NAME: $NCHECK checks passed; skipped because of $NBUG known bug(s) (see BUG above)"
		exit 77
	fi
	echo "$TEST_NAME: all $NCHECK checks passed"
	exit 0
}

# The ajv command line validator of tests/package.json, or empty.
AJV="$SRC/tests/node_modules/.bin/ajv"
OSCAL_SCHEMA="$SRC/tests/oscal/oscal_catalog_schema_v1.2.1.json"
need_ajv() {
	command -v node >/dev/null 2>&1 || skip "node is not installed (make test-deps)"
	[ -x "$AJV" ] || skip "ajv is not installed in tests/node_modules (make test-deps)"
}
# ajv_validate DOC: validates DOC against the OSCAL catalog schema copy;
# ajv's output goes to $T/cap/ajv.
ajv_validate() {
	"$AJV" validate -c ajv-formats -s "$OSCAL_SCHEMA" -d "$1" >"$T/cap/ajv" 2>&1
}
