#!/bin/bash
# kijun user reset LOGIN (issue 16): a temporary password printed once,
# the user's sessions and API tokens ended, the password to be changed at
# the next sign-in (user_signin.must_change), the audit entry user.reset;
# a bad or unknown login, or a disabled user, refused with nothing changed.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"

A=$(init_db a.db) || exit 1
kj_in_expect 0 "long-enough-pw-2026" user add alice --role hq --name Alice --password-stdin --db "$A"
kj_in_expect 0 "long-enough-pw-2026" user add bob --role hq --name Bob --password-stdin --db "$A"
kj_expect 0 user disable bob --db "$A"
HASH0=$(db_sql "$A" "SELECT password_hash FROM app_user WHERE login = 'alice'")

# Refusals: usage (2) and values (1), nothing changed.
D0=$(db_digest "$A")
refused() {	# refused STATUS MESSAGE ARGS...
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@"
	check_err_has "$msg"
	check_out_empty
	check_eq "$(db_digest "$A")" "$D0" "database unchanged after: $*"
}
refused 2 "give the login" user reset --db "$A"
refused 2 "unexpected argument" user reset alice bob --db "$A"
refused 2 "not a login" user reset "<kjx>" --db "$A"
refused 2 "not a login" user reset "a'; DROP TABLE app_user; --" --db "$A"
refused 1 "no user nobody" user reset nobody --db "$A"
refused 1 "disabled" user reset bob --db "$A"

# The reset: a temporary password once, to be changed at the next sign-in.
kj_expect 0 user reset alice --db "$A"
check_out_has "temporary password"
check_out_has "must be changed at the next sign-in"
T1=$(tail -n 1 "$OUT")
check_eq "$(printf '%s' "$T1" | grep -cE '^[a-zA-Z2-9-]{23}$')" 1 "temporary password of 23 characters"
check_eq "$(db_sql "$A" "SELECT must_change FROM user_signin WHERE user_id = (SELECT id FROM app_user WHERE login = 'alice')")" 1 "must change at the next sign-in"
check_eq "$(db_sql "$A" "SELECT count(*) FROM app_user WHERE login = 'alice' AND password_hash = '$HASH0'")" 0 "the old password is gone"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'user.reset'")" 1 "one audit entry"
# Another reset, another password.
kj_expect 0 user reset alice --db "$A"
T2=$(tail -n 1 "$OUT")
if [ "$T1" != "$T2" ]; then pass "each reset its own password"; else fail "the same password twice"; fi
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'user.reset'")" 2 "two audit entries"
kj_expect 0 audit verify --db "$A"
kj_expect 0 user reset --help
finish
