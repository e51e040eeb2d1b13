#!/bin/bash
# kijun onsite create|select|approve|pick-add|pick-remove|list: on-site
# surveys and their selection on a small demo database. The selection by
# rules from --rule and from a JSON file (the same rules stored as the same
# canonical text), run twice with the same seed giving the same picks in the
# same order, another seed another random sample; approval; changes after
# approval only with a reason, recorded; the questionnaire's commands not
# showing the on-site survey; every refusal changing nothing (the database's
# digest unchanged). Every change is in the audit trail, and it verifies.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 40 --seed 7 --years 2 --today 2026-12-04) || exit 1


kj_expect 0 onsite --help
check_out_has "pick-remove"
kj_expect 0 onsite create --fy 2026 --title "令和8年度 実地調査" --db "$A"
S=$(cat "$OUT")
kj_expect 0 onsite create --fy 2026 --title "医療分野 実地調査" --owner ministry:mhlw \
	--sector medical --db "$A"
M=$(cat "$OUT")
check_eq "$(db_sql "$A" "SELECT kind FROM survey WHERE id = $S")" onsite "an on-site survey"
check_eq "$(db_sql "$A" "SELECT count(*) FROM survey_sector WHERE survey_id = $M")" 1 \
	"its one scope sector"
# Not a questionnaire.
kj_expect 0 survey list --db "$A"
check_out_lacks "実地調査"
kj_expect 1 survey status "$S" --db "$A"
kj_expect 0 onsite list --db "$A"
check_out_has "$S	2026	draft	nco	-	0	令和8年度 実地調査"
check_out_has "$M	2026	draft	ministry:mhlw	-	0	医療分野 実地調査"

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
refused 2 "unknown command 'onsite frobnicate'" onsite frobnicate
refused 2 "--fy" onsite create --title x
refused 1 "fiscal year" onsite create --fy 26 --title x
refused 1 "unknown sector 'nosuch'" onsite create --fy 2026 --title x --sector nosuch
refused 1 "does not hold sector" onsite create --fy 2026 --title x --owner ministry:mhlw \
	--sector electricity
refused 2 "--survey" onsite select --rule lowest:3 --seed 1
refused 2 "seed" onsite select --survey "$S" --rule lowest:3
refused 2 "seed" onsite select --survey "$S" --rule lowest:3 --seed -1
refused 2 "seed" onsite select --survey "$S" --rule lowest:3 --seed 2147483648
refused 2 "give the rules" onsite select --survey "$S" --seed 1
refused 2 "a rule is one of" onsite select --survey "$S" --rule best:3 --seed 1
refused 2 "lowest:N" onsite select --survey "$S" --rule lowest --seed 1
refused 2 "quota:sector|prefecture:N" onsite select --survey "$S" --rule quota:city:1 --seed 1
refused 1 "no function 'nosuch'" onsite select --survey "$S" --rule lowest:3:nosuch --seed 1
refused 1 "no on-site survey 1" onsite select --survey 1 --rule lowest:3 --seed 1
refused 1 "no selection yet" onsite approve --survey "$S"
refused 1 "no selection yet" onsite pick-add --survey "$S" --org 8110900000064 --reason x
echo '{"rules": [{"rule": "lowest", "n": 3, "extra": 1}]}' >bad.json
refused 1 "unknown member \"extra\"" onsite select --survey "$S" --rules bad.json --seed 1
echo '{"rules": [{"rule": "lowest", "n": 3}]' >broken.json
refused 1 "broken.json" onsite select --survey "$S" --rules broken.json --seed 1
refused 2 "not both" onsite select --survey "$S" --rules bad.json --rule lowest:1 --seed 1

# The same rules and seed, twice: the same picks in the same order.
RULES=(--rule lowest:3 --rule change:2 --rule uninspected:2:2 --rule kikan:2
       --rule quota:sector:1 --rule random:3)
kj_expect 0 onsite select --survey "$S" "${RULES[@]}" --seed 7 --db "$A"
check_out_has "operators picked"
kj_expect 0 onsite list --survey "$S" --db "$A"
cp "$OUT" first.tsv
check_out_has "	lowest	mean level "
check_out_has "	change	change "
check_out_has "	random	random, seed 7	picked"
check_out_has "	quota	sector "
kj_expect 0 onsite select --survey "$S" "${RULES[@]}" --seed 7 --revision 1 --db "$A"
kj_expect 0 onsite list --survey "$S" --db "$A"
check_same_file first.tsv "$OUT" "the same picks for the same rules and seed"
# The same rules as JSON (another order of keys, functions): the same canonical text.
kj_expect 0 onsite select --survey "$M" --rule lowest:2:protect,detect --rule random:1 \
	--seed 3 --db "$A"
R1=$(db_sql "$A" "SELECT rules FROM onsite_selection WHERE survey_id = $M")
cat >rules.json <<'EOF'
{"rules": [{"n": 2, "functions": ["detect", "protect"], "rule": "lowest"},
           {"rule": "random", "n": 1}]}
EOF
kj_expect 0 onsite select --survey "$M" --rules rules.json --seed 3 --db "$A"
check_eq "$(db_sql "$A" "SELECT rules FROM onsite_selection WHERE survey_id = $M")" "$R1" \
	"the same canonical rules"
check_eq "$R1" '{"rules":[{"functions":["detect","protect"],"n":2,"rule":"lowest"},{"n":1,"rule":"random"}]}' \
	"canonical JSON"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_pick p JOIN onsite_selection l
	ON l.id = p.selection_id WHERE l.survey_id = $M AND p.sector_code <> 'medical'")" 0 \
	"only the scope's sector"
# Another seed: the random sample differs for some seed.
differs=0
for seed in 8 9; do
	kj_expect 0 onsite select --survey "$S" "${RULES[@]}" --seed "$seed" --db "$A"
	kj_expect 0 onsite list --survey "$S" --db "$A"
	grep -v random "$OUT" >other.tsv
	if ! grep random "$OUT" | cut -f2 | cmp -s - <(grep random first.tsv | cut -f2); then
		differs=1
	fi
	check_same_file <(grep -v random first.tsv) other.tsv "the rules before random"
done
check_eq "$differs" 1 "another seed, another random sample"
kj_expect 0 onsite select --survey "$S" "${RULES[@]}" --seed 7 --db "$A"
kj_expect 0 onsite list --survey "$S" --db "$A"
check_same_file first.tsv "$OUT" "seed 7 again"

# Approval: a stale revision refused, then approved; no re-run after it.
D0=$(db_digest "$A")
refused 1 "changed meanwhile" onsite approve --survey "$S" --revision 1
kj_expect 0 onsite approve --survey "$S" --db "$A"
check_eq "$(db_sql "$A" "SELECT state FROM onsite_selection WHERE survey_id = $S")" approved \
	"approved"
D0=$(db_digest "$A")
refused 1 "is approved" onsite select --survey "$S" --rule lowest:1 --seed 1
refused 1 "already approved" onsite approve --survey "$S"
FIRST=$(sed -n 2p first.tsv | cut -f2)
OTHER=$(db_sql "$A" "SELECT o.corporate_number FROM organisation o WHERE o.corporate_number
	IS NOT NULL AND NOT EXISTS (SELECT 1 FROM target t WHERE t.organisation_id = o.id AND
	t.fiscal_year = 2026) ORDER BY o.id LIMIT 1")
refused 2 "--reason" onsite pick-remove --survey "$S" --org "$FIRST"
refused 2 "non-empty value" onsite pick-remove --survey "$S" --org "$FIRST" --reason ""
refused 1 "not valid UTF-8" onsite pick-remove --survey "$S" --org "$FIRST" --reason "$(printf 'a\tb')"
refused 1 "corporate number" onsite pick-remove --survey "$S" --org 123 --reason x
refused 1 "already picked" onsite pick-add --survey "$S" --org "$FIRST" --reason x
if [ -n "$OTHER" ]; then
	refused 1 "is not a target" onsite pick-add --survey "$S" --org "$OTHER" --reason x
fi
# Changes with a reason: recorded, the pick kept and marked.
kj_expect 0 onsite pick-remove --survey "$S" --org "$FIRST" --reason "事業所の閉鎖が決まったため" \
	--db "$A"
D0=$(db_digest "$A")
refused 1 "is not picked" onsite pick-remove --survey "$S" --org "$FIRST" --reason x
kj_expect 0 onsite list --survey "$S" --db "$A"
check_out_has "	$FIRST	"
check_out_has "	removed"
kj_expect 0 onsite pick-add --survey "$S" --org "$FIRST" --reason "前回の指摘事項を確認する" \
	--db "$A"
kj_expect 0 onsite list --survey "$S" --format json --db "$A"
check_out_has '"state": "approved"'
check_out_has '"reason": "事業所の閉鎖が決まったため"'
check_out_has '"rule": "manual"'
kj_expect 0 onsite list --survey "$S" --format csv --db "$A"
check_out_has '"ord","corporate_number","organisation","sector","prefecture","kikan","rule","detail","removed"'
check_out_has '"manual","前回の指摘事項を確認する","0"'
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_pick_change c JOIN onsite_selection l
	ON l.id = c.selection_id WHERE l.survey_id = $S")" 2 "two changes recorded"
kj_expect 0 audit list --action onsite.pick.remove --db "$A"
check_out_has "事業所の閉鎖が決まったため"
kj_expect 0 audit list --action onsite.select --db "$A"
check_out_has '"seed":7'
# The lifecycle: draft -> open -> closed; a closed survey's selection no longer changes.
D0=$(db_digest "$A")
refused 1 "cannot be closed" onsite close --survey "$S"
kj_expect 0 onsite open --survey "$S" --db "$A"
kj_expect 0 onsite close --survey "$S" --db "$A"
check_eq "$(db_sql "$A" "SELECT status FROM survey WHERE id = $S")" closed "closed"
D0=$(db_digest "$A")
refused 1 "is closed" onsite pick-remove --survey "$S" --org "$FIRST" --reason x
refused 1 "cannot be opened" onsite open --survey "$S"
kj_expect 0 audit verify --db "$A"
finish
