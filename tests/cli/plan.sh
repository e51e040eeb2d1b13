#!/bin/bash
# kijun plan list|show|create|copy|submit|return|report|diff: implementation
# plans on a small demo database (its plans of two years), the workflow from
# the command line (which acts as the NCO's operator), the targets frozen on
# submission, the copy into the next year and its diff, and every refusal
# changing nothing (the database's digest unchanged). Every change is in the
# audit trail, and the trail verifies.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 80 --seed 7 --years 2 --today 2026-12-04) || exit 1


# The demo's plans: last year's reported, this year's drafts and submitted ones,
# nothing dated after the demo's day.
kj_expect 0 plan list --db "$A"
check_out_has "2025	cross	-	nco	reported"
check_out_has "2026	sector	ict	mic	"
kj_expect 0 plan list --fy 2025 --db "$A"
check_out_lacks "	2026	"
check_eq "$(db_sql "$A" "SELECT count(*) FROM impl_plan WHERE fiscal_year = 2025 AND state <> 'reported'")" 0 \
	"last year's plans reported"
check_eq "$(db_sql "$A" "SELECT count(DISTINCT state) FROM impl_plan WHERE fiscal_year = 2026")" 2 \
	"this year's plans drafts and submitted"
check_eq "$(db_sql "$A" "SELECT count(*) FROM impl_plan_event WHERE at > '2026-12-05'")" 0 \
	"no event after the demo's day"
check_eq "$(db_sql "$A" "SELECT count(*) FROM impl_plan WHERE fiscal_year = 2026 AND copied_from IS NULL")" 0 \
	"this year's plans start from last year's"
kj_expect 0 plan list --format json --db "$A"
check_out_has '"scope": "cross"'

# A new year's plans: the NCO's cross-sector plan and a ministry's, prefilled.
kj_expect 0 plan create --fy 2027 --db "$A"
X=$(cat "$OUT")
kj_expect 0 plan create --fy 2027 --sector electricity --db "$A"
E=$(cat "$OUT")
kj_expect 0 plan show "$E" --db "$A"
check_out_has "FY2027 sector electricity (meti), draft, revision 1"
check_out_has "std-1-1	(1)	todo	重要インフラ事業者等における組織統治の一部としての障害対応体制整備の促進"
check_out_has "std-5-4	(5)	todo	その他各分野の特性や事情を踏まえた施策等"
check_out_has "targets: 0 (now)"
check_eq "$(db_sql "$A" "SELECT count(*) FROM impl_plan_measure WHERE plan_id = $E")" \
	"$(db_sql "$A" "SELECT count(*) FROM main_measure WHERE version_id = (SELECT version_id
		FROM impl_plan WHERE id = $E)")" "prefilled with every main measure"
kj_expect 0 plan show "$E" --format json --db "$A"
check_out_has '"key": "std-2-1"'
check_out_has '"state": "draft"'

# Refusals: usage (2) and values (1), nothing changed.
D0=$(db_digest "$A")
refused() {	# refused STATUS MESSAGE ARGS...: refused with MESSAGE, nothing changed
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@" --db "$A"
	check_err_has "$msg"
	check_out_empty
	check_eq "$(db_digest "$A")" "$D0" "database unchanged after: $*"
}
refused 2 "--fy" plan create --sector electricity
refused 2 "unknown option" plan create --fy 2027 --colour red
refused 1 "fiscal year" plan create --fy 27
refused 1 "fiscal year" plan create --fy "2027'; DROP TABLE impl_plan; --"
refused 1 "unknown sector 'nosuch'" plan create --fy 2028 --sector nosuch
refused 1 "does not hold sector" plan create --fy 2028 --sector electricity --ministry mic
refused 1 "the cross-sector plan is the NCO's" plan create --fy 2028 --ministry meti
refused 1 "exists already" plan create --fy 2027 --sector electricity
refused 1 "exists already" plan create --fy 2027
refused 2 "not a plan id" plan show abc
refused 2 "not a plan id" plan submit 0
refused 2 "give two plans' ids" plan diff 1
refused 2 "--format" plan show "$E" --format xml
refused 1 "no plan 99999" plan show 99999
refused 1 "no plan 99999" plan submit 99999
refused 1 "the plan is draft: 'report' needs a submitted plan" plan report "$E"
refused 1 "the plan is draft: 'return' needs a submitted plan" plan return "$E" --message "再検討"
refused 1 "longer than" plan submit "$E" --message "$(head -c 3000 /dev/zero | tr '\0' 'x')"

# The workflow: submit (targets frozen), return with a message, submit, report.
TARGETS=$(db_sql "$A" "SELECT count(*) FROM target WHERE fiscal_year = 2027 AND sector_code = 'electricity'")
kj_expect 0 plan submit "$E" --db "$A"
check_out_has "plan $E: submit"
check_eq "$(db_sql "$A" "SELECT state || ' ' || targets FROM impl_plan WHERE id = $E")" "submitted $TARGETS" \
	"submitted, its targets frozen"
kj_expect 1 plan submit "$E" --db "$A"
check_err_has "the plan is submitted: 'submit' needs a draft plan"
kj_expect 1 plan return "$E" --db "$A"
check_err_has "message: required"
kj_expect 0 plan return "$E" --message "KPIを具体的にしてください" --db "$A"
kj_expect 0 plan show "$E" --db "$A"
check_out_has "return	KPIを具体的にしてください"
check_out_has ", draft, revision 3"
kj_expect 0 plan submit "$E" --db "$A"
kj_expect 0 plan report "$E" --db "$A"
check_eq "$(db_sql "$A" "SELECT state FROM impl_plan WHERE id = $E")" "reported" "reported to HQ"

# The next year's plan from this one; the diff of two years.
kj_expect 0 plan copy "$E" --db "$A"
N=$(cat "$OUT")
check_eq "$(db_sql "$A" "SELECT fiscal_year || ' ' || state || ' ' || copied_from FROM impl_plan WHERE id = $N")" \
	"2028 draft $E" "copied into the next year as a draft"
kj_expect 0 plan diff "$E" "$N" --db "$A"
check_out_empty
kj_expect 1 plan copy "$E" --db "$A"
check_err_has "exists already"
LAST=$(db_sql "$A" "SELECT id FROM impl_plan WHERE fiscal_year = 2026 AND sector_code = 'ict'")
PREV=$(db_sql "$A" "SELECT copied_from FROM impl_plan WHERE id = $LAST")
kj_expect 0 plan diff "$PREV" "$LAST" --db "$A"
check_out_has "measure	std-"

# Every change audited, the trail intact.
check_eq "$(db_sql "$A" "SELECT action FROM audit_entry WHERE action LIKE 'plan.%' ORDER BY id" |
	tr '\n' ' ')" "plan.create plan.create plan.submit plan.return plan.submit plan.report plan.copy " \
	"plan audit entries"
kj_expect 0 audit verify --db "$A"
kj_expect 0 plan --help
finish
