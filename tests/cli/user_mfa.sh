#!/bin/bash
# kijun user mfa and the key of serve (issue 16), on both engines: the key
# file made by keygen (0600, 32 bytes) and refused when of another size or
# readable by others; require (audited) for a role that does not need it,
# refused for one that does; a real `kijun serve --mfa-key` where an HQ
# user is sent to enrolment, enrols with a code from oathtool, and signs in
# again with a recovery code (once only); the secret found nowhere in the
# database; serve without the key refused while factors exist; status, and
# reset for a lost device (audited). Bad input changes nothing.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
command -v oathtool >/dev/null || skip "oathtool is not installed (scripts/install-deps --test)"
PW="long-enough-pw-2026"
PIDS=""
stop_bg() {
	for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	PIDS=""
}
trap 'stop_bg; kj_cleanup' EXIT

A=$(init_db a.db) || exit 1
kj_in_expect 0 "$PW" user add alice --role hq --name Alice --password-stdin --db "$A"
kj_in_expect 0 "$PW" user add audra --role auditor --name Audra --password-stdin --db "$A"
audit_n() { db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = '$1'"; }

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
refused 2 "give what to do" user mfa --db "$A"
refused 2 "give what to do" user mfa require --db "$A"
refused 2 "unknown action" user mfa frob alice --db "$A"
refused 2 "not a login" user mfa require "<kjx>" --db "$A"
refused 2 "not a login" user mfa reset "a'; DROP TABLE app_user; --" --db "$A"
refused 2 "--off is for require" user mfa reset alice --off --db "$A"
refused 2 "needs a file" user mfa status alice --mfa-key= --db "$A"
refused 1 "no user nobody" user mfa reset nobody --db "$A"
refused 1 "requires a second factor already" user mfa require alice --db "$A"

# The key: made once, 0600, 32 bytes; other files refused.
kj_expect 0 user mfa keygen "$T/k.bin"
check_eq "$(stat -c %a "$T/k.bin")" "600" "mode of the key"
check_eq "$(stat -c %s "$T/k.bin")" "32" "size of the key"
kj_expect 1 user mfa keygen "$T/k.bin"
check_err_has "cannot create"
head -c 31 /dev/urandom >"$T/short.bin"; chmod 600 "$T/short.bin"
head -c 32 /dev/urandom >"$T/open.bin"; chmod 644 "$T/open.bin"
head -c 32 /dev/urandom >"$T/other.bin"; chmod 600 "$T/other.bin"
refused 1 "not 32 random bytes" user mfa status alice --mfa-key "$T/short.bin" --db "$A"
refused 1 "chmod 600" user mfa status alice --mfa-key "$T/open.bin" --db "$A"
kj_expect 1 serve --db "$A" --listen 127.0.0.1:1 --mfa-key "$T/open.bin"
check_err_has "chmod 600"

# Required of an auditor by an administrator, and no longer.
kj_expect 0 user mfa require audra --db "$A"
check_out_has "required for user audra"
check_eq "$(db_sql "$A" "SELECT required FROM user_mfa WHERE user_id = (SELECT id FROM app_user WHERE login = 'audra')")" 1 "required kept"
kj_expect 0 user mfa status audra --db "$A"
check_out_has "required: yes (administrator)"
kj_expect 0 user mfa require audra --off --db "$A"
check_eq "$(audit_n user.mfa_require)" 2 "two audit entries of require"

# A real server with the key: alice (HQ) enrols, then signs in.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
KIJUN_MFA_KEY="$T/k.bin" "$KIJUN" serve --db "$A" --listen "127.0.0.1:$port" --quiet \
	>"$T/serve.log" 2>&1 &
PIDS="$PIDS $!"
for _ in $(seq 50); do
	python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/signin')" \
		2>/dev/null && break
	sleep 0.2
done
CLIENT="python3 $SRC/tests/cli/mfa_client.py http://127.0.0.1:$port"
if $CLIENT enrol alice "$PW" "$T" 2>"$T/client.err"; then
	pass "alice enrolled with a code from oathtool"
else
	fail "enrolment: $(cat "$T/client.err")"
fi
check_eq "$(audit_n user.mfa_enrol)" 1 "the enrolment audited"
SECRET=$(cat "$T/secret")
REC=$(head -1 "$T/codes")
check_eq "$($CLIENT signin alice "$PW" 000000)" "refused" "a wrong code refused"
check_eq "$($CLIENT signin alice "$PW" "$REC")" "signed-in" "signed in with a recovery code"
check_eq "$($CLIENT signin alice "$PW" "$REC")" "refused" "the recovery code works once"
check_eq "$(audit_n user.recovery_used)" 1 "the recovery code's use audited"
check_eq "$(audit_n signin.mfa_failed)" 2 "the wrong codes audited"
check_eq "$($CLIENT signin audra "$PW" 000000)" "no-second-step" "an auditor without a factor: the password alone"
stop_bg

# The secret is nowhere in the database: only sealed.
if db_is_pg "$A"; then
	db_dump "$A" >"$T/dump.txt"
else
	cat "$A" "$A-wal" >"$T/dump.txt" 2>/dev/null
fi
if grep -aq "$SECRET" "$T/dump.txt"; then fail "the secret is in the database"; else pass "the secret is not in the database"; fi
check_eq "$(db_sql "$A" "SELECT substr(secret, 1, 3) FROM user_mfa WHERE user_id = (SELECT id FROM app_user WHERE login = 'alice')")" "v1." "the secret sealed"

# Without the key a database holding factors is not served.
kj_expect 1 serve --db "$A" --listen "127.0.0.1:$port"
check_err_has "give its key with --mfa-key"
kj_expect 1 serve --db "$A" --listen "127.0.0.1:$port" --mfa-key "$T/other.bin"
check_err_has "does not open the stored second factors"
kj_expect 0 user mfa status alice --db "$A" --mfa-key "$T/k.bin"
check_out_has "enrolled: yes"
check_out_has "recovery codes left: 9"
check_out_has "opens with the key: yes"
kj_expect 0 user mfa status alice --db "$A" --mfa-key "$T/other.bin"
check_out_has "opens with the key: no"

# A lost device: reset, audited; the user enrols again.
kj_expect 0 user mfa reset alice --db "$A"
check_out_has "enrol again at the next sign-in"
check_eq "$(audit_n user.mfa_reset)" 1 "the reset audited"
check_eq "$(db_sql "$A" "SELECT count(*) FROM mfa_recovery WHERE user_id = (SELECT id FROM app_user WHERE login = 'alice')")" 0 "recovery codes gone"
kj_expect 0 user mfa status alice --db "$A"
check_out_has "enrolled: no"
kj_expect 0 audit verify --db "$A"
kj_expect 0 user mfa --help
finish
