#!/bin/bash
# Notifications of survey campaigns: invitations queued when a survey opens,
# reminders before the close date and overdue notices after it (never two
# the same day for one operator), sent through an SMTP relay to a local
# sink (Debian's python3-aiosmtpd, started here on a free port), a relay
# that is down (failed, kept, sent at the next run), an operator without an
# address (listed), no relay at all (listed for export), the list as text
# and CSV, and bad input changing nothing.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"

# The sink needs Debian's python3 with aiosmtpd (scripts/install-deps --test).
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import aiosmtpd' 2>/dev/null ||
	skip "python3-aiosmtpd is not installed (scripts/install-deps --test)"
free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
SINK_PID=""
start_sink() {	# start_sink PORT MAILDIR: an SMTP sink keeping every message
	"$PY" -m aiosmtpd -n -l "127.0.0.1:$1" -c aiosmtpd.handlers.Mailbox "$2" \
		>"$T/sink.log" 2>&1 &
	SINK_PID=$!
	for _ in $(seq 50); do
		"$PY" -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" \
			2>/dev/null && return 0
		sleep 0.1
	done
	echo "FAIL: the SMTP sink did not start" >&2
	cat "$T/sink.log" >&2
	return 1
}
stop_sink() {
	if [ -n "$SINK_PID" ]; then
		kill "$SINK_PID" 2>/dev/null
		wait "$SINK_PID" 2>/dev/null
		SINK_PID=""
	fi
}
trap 'stop_sink; kj_cleanup' EXIT

A=$(demo_db a.db --operators 40 --seed 7 --years 2 --today 2026-12-04) || exit 1
kj_expect 0 survey close 2 --db "$A"
kj_expect 0 survey create --fy 2026 --title-ja "情報通信・金融 追加調査" --title-en "ICT and finance" \
	--sector ict,finance --closes 2027-02-28 --db "$A"
S=$(cat "$OUT")

# The respondents' security contacts: each an address but the first one.
RESP="SELECT DISTINCT organisation_id FROM target WHERE fiscal_year = 2026
	AND sector_code IN ('ict', 'finance')"
FIRST=$(db_sql "$A" "SELECT min(organisation_id) FROM ($RESP) d")
db_sql "$A" "INSERT INTO organisation_contact (organisation_id, name, email)
	SELECT d.organisation_id, '担当', 'sec' || d.organisation_id || '@example.jp'
	FROM ($RESP) d WHERE d.organisation_id > $FIRST" >/dev/null
N=$(db_sql "$A" "SELECT count(*) FROM ($RESP) d")
MAILED=$((N - 1))
[ "$N" -ge 3 ] || fail "too few respondents ($N) for the test"

count() {	# count WHERE: notifications of the survey matching WHERE
	db_sql "$A" "SELECT count(*) FROM notification WHERE survey_id = $S AND $1"
}

# Bad input: usage (2) or refused (1), nothing changed.
D0=$(db_digest "$A")
refused() {	# refused STATUS MESSAGE ARGS...
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@" --db "$A"
	check_err_has "$msg"
	check_out_empty
	check_eq "$(db_digest "$A")" "$D0" "database unchanged after: $*"
}
refused 2 "--base-url" survey open "$S" --base-url "ftp://kijun.example.go.jp"
refused 2 "--base-url" survey open "$S" --base-url "https://kijun.example.go.jp/a b"
refused 2 "--base-url" survey open "$S" --base-url "$(printf 'https://x.jp/\r\nBcc: a@b.jp')"
refused 1 "survey $S is not open" survey remind "$S" --today 2027-02-21
refused 1 "no survey campaign 99" survey remind 99 --today 2027-02-21
refused 1 "survey 1 is not open" survey remind 1 --today 2027-02-21
refused 2 "--today" survey remind "$S" --today 2027-02-30
refused 2 "--days" survey remind "$S" --days 7,7
refused 2 "--days" survey remind "$S" --days 400
refused 2 "--days" survey remind "$S" --days 7,,1
refused 2 "survey id" survey remind abc
refused 2 "--from" notify send --smtp smtp://127.0.0.1:25
refused 2 "--smtp" notify send --from kijun@example.go.jp
refused 2 "--smtp" notify send --smtp http://127.0.0.1:25 --from kijun@example.go.jp
refused 2 "--smtp" notify send --smtp "smtp://user:pw@127.0.0.1:25" --from kijun@example.go.jp
refused 2 "--smtp" notify send --smtp "smtp://127.0.0.1:25/x" --from kijun@example.go.jp
refused 2 "--from" notify send --smtp smtp://127.0.0.1:25 --from "a@b.jp>"
refused 2 "--from" notify send --smtp smtp://127.0.0.1:25 --from "$(printf 'a@b.jp\r\nRCPT TO:<x@y.jp>')"
refused 2 "--format" notify list --format xml
refused 2 "--status" notify list --status lost
refused 2 "--survey" notify list --survey x

# Opening queues every respondent's invitation; the one without an address
# is listed with the reason.
kj_expect 0 survey open "$S" --base-url https://kijun.example.go.jp/ --db "$A"
check_eq "$(count "kind = 'invitation'")" "$N" "one invitation per respondent"
check_eq "$(count "kind = 'invitation' AND status = 'queued'")" "$MAILED" "invitations queued"
check_eq "$(db_sql "$A" "SELECT status || ' ' || error FROM notification
	WHERE survey_id = $S AND organisation_id = $FIRST")" \
	"listed no e-mail address of a security contact" "no address: listed with the reason"

# Reminders 7 days before the close date, twice the same day: one per operator.
kj_expect 0 survey remind "$S" --today 2027-02-21 --base-url https://kijun.example.go.jp --db "$A"
check_out_has "$N reminders and 0 overdue notices queued, 0 already notified today, 1 without an address"
kj_expect 0 survey remind "$S" --today 2027-02-21 --db "$A"
check_out_has "0 reminders and 0 overdue notices queued, $N already notified today"
check_eq "$(count "kind = 'reminder'")" "$N" "one reminder per operator and day"
# A day that is not 7 or 1 days before: nothing; --days chooses others.
kj_expect 0 survey remind "$S" --today 2027-02-20 --db "$A"
check_out_has "0 reminders and 0 overdue notices queued, 0 already"
kj_expect 0 survey remind "$S" --today 2027-02-20 --days 8,3 --db "$A"
check_out_has "$N reminders"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'survey.remind'
	AND object_id = '$S'")" 4 "every remind run audited"

# The relay is down: the notice tried failed with the reason, the run stops
# there (the others wait, not each its own timeout), exit 1; again later.
DEAD=$(free_port)
for run in 1 2; do
	kj_expect 1 notify send --smtp "smtp://127.0.0.1:$DEAD" --from kijun@example.go.jp --db "$A"
	check_out_has "0 sent, 1 failed"
	check_err_has "failed: "
	check_err_has "the relay could not be reached"
	check_eq "$(count "status = 'failed' AND error <> '' AND sent_at IS NULL")" 1 \
		"failed with the reason (run $run)"
	check_eq "$(count "status = 'queued'")" "$((3 * MAILED - 1))" "the others wait (run $run)"
done

# The relay is up: the failed ones are sent at the next run.
PORT=$(free_port)
start_sink "$PORT" "$T/mail" || exit 1
kj_expect 0 notify send --smtp "smtp://127.0.0.1:$PORT" --from kijun@example.go.jp --db "$A"
check_out_has "$((3 * MAILED)) sent, 0 failed"
check_eq "$(count "status = 'sent' AND sent_at IS NOT NULL AND error IS NULL")" "$((3 * MAILED))" \
	"marked sent"
kj_expect 0 notify send --smtp "smtp://127.0.0.1:$PORT" --from kijun@example.go.jp --db "$A"
check_out_has "0 sent, 0 failed"
stop_sink
"$PY" "$SRC/tests/cli/read_maildir.py" "$T/mail" >"$T/mail.txt" || fail "cannot read the sink's mail"
check_eq "$(head -1 "$T/mail.txt")" "messages: $((3 * MAILED))" "messages received"
check_eq "$(grep -c '^Header-ASCII: yes' "$T/mail.txt")" "$((3 * MAILED))" "headers plain ASCII"
check_eq "$(grep -c '^Content-Type: text/plain; charset=utf-8' "$T/mail.txt")" "$((3 * MAILED))" \
	"UTF-8 plain text"
check_eq "$(grep -c '^Transfer-Encoding: base64' "$T/mail.txt")" "$((3 * MAILED))" "base64 body"
check_eq "$(grep -c '^Message-ID: yes' "$T/mail.txt")" "$((3 * MAILED))" "Message-ID"
ONE=$(db_sql "$A" "SELECT max(organisation_id) FROM ($RESP) d")
NAME=$(db_sql "$A" "SELECT name_ja FROM organisation WHERE id = $ONE")
awk -v to="To: sec$ONE@example.jp" '$0 == to { on = 1 } on { print } /^=== end/ { on = 0 }' \
	"$T/mail.txt" >"$T/one.txt"
has() {	# has TEXT WHAT: the one operator's messages hold TEXT
	if grep_has "$1" "$T/one.txt"; then pass "$2"; else fail "$2: no '$1'"; fi
}
has "Subject: 【回答依頼】令和8年度 情報通信・金融 追加調査 / Please answer: FY2026 ICT and finance" \
	"the invitation's subject decodes to Japanese then English"
has "Subject: 【回答期限のお知らせ】令和8年度 情報通信・金融 追加調査 / Reminder: FY2026" \
	"the reminder's subject"
has "$NAME ご担当者様" "addressed to the operator in Japanese"
has "回答期限: 令和9年2月28日" "close date in wareki"
has "あと7日" "days left in Japanese"
has "7 days remain before the close date" "days left in English"
has "Close date: 28 Feb 2027" "close date in English"
has "https://kijun.example.go.jp/surveys/$S/answer" "the link"
JA=$(grep -n "ご担当者様" "$T/one.txt" | head -1 | cut -d: -f1)
EN=$(grep -n "To the person in charge" "$T/one.txt" | head -1 | cut -d: -f1)
if [ -n "$JA" ] && [ -n "$EN" ] && [ "$JA" -lt "$EN" ]; then
	pass "Japanese first, English below"
else
	fail "Japanese first, English below"
fi
if grep -q "sec$FIRST@" "$T/mail.txt"; then
	fail "the operator without an address got mail"
else
	pass "no mail without an address"
fi

# Overdue: the day after the close date, then every seventh day.
kj_expect 0 survey remind "$S" --today 2027-03-01 --db "$A"
check_out_has "0 reminders and $N overdue notices queued"
kj_expect 0 survey remind "$S" --today 2027-03-02 --db "$A"
check_out_has "0 reminders and 0 overdue notices queued"
kj_expect 0 survey remind "$S" --today 2027-03-08 --db "$A"
check_out_has "0 reminders and $N overdue notices queued"
# An operator that submitted gets none.
db_sql "$A" "INSERT INTO response (survey_id, organisation_id, status) VALUES ($S, $ONE, 'submitted')" \
	>/dev/null
kj_expect 0 survey remind "$S" --today 2027-03-15 --db "$A"
check_out_has "0 reminders and $((N - 1)) overdue notices queued"

# Without a relay: the queued ones are listed for export.
kj_expect 0 notify send --db "$A"
check_out_has "no SMTP relay given: $((3 * MAILED - 1)) notifications listed"
check_eq "$(count "status = 'queued'")" 0 "nothing left queued"
check_eq "$(count "kind = 'overdue' AND status = 'listed'")" "$((3 * N - 1))" "overdue listed"
kj_expect 0 notify list --survey "$S" --status listed --db "$A"
check_out_has "overdue  2027-03-15  listed"
check_out_lacks "  sent  "
kj_expect 0 notify list --survey "$S" --format csv --db "$A"
check_out_has '"id","survey","kind","day","status","corporate_number","organisation","recipients","subject"'
check_eq "$(grep -c '^"[0-9]*","'"$S"'","invitation","2' "$OUT")" "$N" "invitations in the CSV"
kj_expect 0 notify list --survey 1 --db "$A"
check_eq "$(wc -l <"$OUT")" 1 "another survey: none"
check_eq "$(db_sql "$A" "SELECT action FROM audit_entry WHERE action LIKE 'notify.%' ORDER BY id" |
	tr '\n' ' ')" "notify.send notify.send notify.send notify.list " "deliveries audited"
kj_expect 0 audit verify --db "$A"
kj_expect 0 notify --help
finish
