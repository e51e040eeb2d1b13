#!/bin/bash
# Help and usage: exit status 2 and a message naming the culprit for every
# kind of bad command line; --help everywhere; nothing touched on bad usage.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
D=$(new_db d.db) || exit 1
EQ=$(new_db eq.db) || exit 1

COMMANDS=("init" "catalog list" "catalog show" "catalog export" "catalog import"
	  "catalog versions" "catalog crosswalk" "demo")

# The command line is parsed before any database is opened: on PostgreSQL
# (the _pg twin) only the checks that name a database run, from "Bad usage
# must not create or touch anything" on.
if ! test_on_pg; then
# kijun alone: usage on stderr, status 2.
kj_expect 2
check_out_empty
check_err_has "usage: kijun"

# kijun --help: status 0, every command listed, on stdout.
for h in --help -h help; do
	kj_expect 0 "$h"
	check_err_empty
	[ "$h" = --help ] && cp "$OUT" "$T/help.txt"
	for c in "${COMMANDS[@]}"; do
		if grep -qE "^  $c  " "$OUT"; then pass "--help lists $c"
		else fail "kijun $h: expected a line '  $c  ...' in the command list, got: $(cat "$OUT")"; fi
	done
done
kj_expect 0 --version
check_out_has "kijun "

# Every command the help lists has its own --help (0, usage on stdout).
# (from the answer to kijun --help above: one start of the ASan build less)
listed=$(sed -n 's/^  \([a-z]\+\( [a-z]\+\)\?\)  .*/\1/p' "$T/help.txt")
for c in "${COMMANDS[@]}"; do
	if grep -qxF -e "$c" <<<"$listed"; then pass "$c found in --help"
	else fail "could not find '$c' in the commands of kijun --help: $listed"; fi
done
while IFS= read -r c; do
	# shellcheck disable=SC2086
	kj_expect 0 $c --help
	check_out_has "usage: kijun $c"
	check_err_empty
done <<<"$listed"
kj_expect 0 catalog --help
for c in list show export import versions; do check_out_has "  $c "; done
kj_expect 2 catalog
check_err_has "usage: kijun catalog"

# Unknown commands.
kj_expect 2 nosuch
check_err_has "'nosuch'"
check_out_empty
kj_expect 2 catalog nosuch
check_err_has "nosuch"
kj_expect 2 --nosuch
check_err_has "--nosuch"

# An unknown option on every command: 2, naming it, nothing on stdout.
# Every command parses its line with the one kj_cmd_parse (src/cmd/cmd_common.c):
# the other spellings, -h, an unknown short option and an option that needs a
# value given none (--db, --db=), are checked in turn, each on every fourth
# command, so that each is seen on commands of every group (each call of the
# ASan build costs about 0.15 s of CPU; there are over 70 commands).
i=0
while IFS= read -r c; do
	# shellcheck disable=SC2086
	kj_expect 2 $c --no-such-option
	check_err_has "'--no-such-option'"
	check_err_has "kijun $c --help"
	check_out_empty
	case $((i++ % 4)) in
	0)	# shellcheck disable=SC2086
		kj_expect 0 $c -h
		check_out_has "usage: kijun $c"
		check_err_empty ;;
	1)	# shellcheck disable=SC2086
		kj_expect 2 $c -q
		check_err_has "'-q'"
		check_out_empty ;;
	2)	# shellcheck disable=SC2086
		kj_expect 2 $c --db
		check_err_has "--db"
		check_out_empty ;;
	3)	# shellcheck disable=SC2086
		kj_expect 2 $c --db=
		check_err_has "--db"
		check_out_empty ;;
	esac
done <<<"$listed"
kj_expect 2 init stray
check_err_has "'stray'"
kj_expect 2 catalog show 3.7-1 3.2.1-1
check_err_has "'3.2.1-1'"
kj_expect 2 catalog list --lang
check_err_has "--lang"

# Missing required options and arguments.
kj_expect 2 demo --seed 1
check_err_has "--operators"
kj_expect 2 demo --operators 10
check_err_has "--seed"
kj_expect 2 demo
kj_expect 2 catalog export
check_err_has "--format"
kj_expect 2 catalog export --output x.json
check_err_has "--format"
kj_expect 2 catalog show
check_err_has "usage: kijun catalog show"
kj_expect 2 catalog import
check_err_has "usage: kijun catalog import"
kj_expect 2 catalog crosswalk
check_err_has "usage: kijun catalog crosswalk"
kj_expect 2 catalog crosswalk 2026 2029
kj_expect 2 catalog crosswalk "$(printf 'v%.0s' {1..40})"
check_err_has "at most 31 bytes"

# Bad values: 2, and the message names the value.
bad() {	# bad VALUE ARGS...
	local v=$1
	shift
	kj_expect 2 "$@"
	check_err_has "'$v'"
	check_out_empty
}
bad 0 demo --operators 0 --seed 1
bad abc demo --operators abc --seed 1
bad 9999999 demo --operators 9999999 --seed 1
bad 99999999999999999999999 demo --operators 99999999999999999999999 --seed 1
bad 5x demo --operators 5x --seed 1
bad 1e3 demo --operators 1e3 --seed 1
bad -3 demo --operators -3 --seed 1
bad 99 demo --operators 10 --seed 1 --years 99
bad 0 demo --operators 10 --seed 1 --years 0
bad -1 demo --operators 10 --seed -1
bad 2147483648 demo --operators 10 --seed 2147483648
bad x demo --operators 10 --seed x
bad fr catalog list --lang fr
bad fr catalog show 3.7-1 --lang fr
bad xml catalog export --format xml
bad JSON catalog export --format JSON
bad nosuch catalog list --function nosuch
check_err_has "protect"	# the message lists the valid functions (the same run's stderr)
kj_expect 2 demo --operators=0 --seed=1
check_err_has "'0'"
fi  # ! test_on_pg

# Bad usage must not create or touch anything, even with a database named.
kj_expect 2 demo --operators 0 --seed 1 --db "$D"
kj_expect 2 init --db "$D" --bogus
kj_expect 2 catalog export --format xml --output out.x
kj_expect 2 catalog import --db "$D"
kj_expect 2 catalog crosswalk --db "$D"
left=$(ls -A)
check_eq "$left" "" "files left in the working folder after bad usage"
if db_is_pg "$D"; then
	check_eq "$(db_sql "$D" "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")" 0 \
		"tables in the named database after bad usage"
fi

# Only the database path differs between --db PATH and --db=PATH.
kj_expect 0 init "--db=$EQ"
if db_is_pg "$EQ"; then
	check_eq "$(db_sql "$EQ" 'SELECT count(*) FROM prefecture')" 47 "init --db=URI"
else
	check_file eq.db
fi

finish
