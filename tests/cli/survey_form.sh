#!/bin/bash
# kijun survey form|import|export: the offline answer form on a small demo
# database (both engines). A form is written as xlsx and CSV (UTF-8 and
# CP932), filled programmatically (tests/cli/fill_form.py: the CSV as a
# spreadsheet would save it, the xlsx by writing its answer cells into the
# workbook's XML) and imported: the database then holds exactly the
# answers of the form. Every bad file is refused naming its cell, the
# database's digest unchanged: another operator's or survey's form, an
# edited identifier or fixed cell, a level off the scale, N/A without its
# reason, a damaged zip, a file that is no workbook, a zip bomb, bad UTF-8,
# an answer changed by someone else since the download, a blank required
# item with --submit. Then a submit, and the owner's export with answers.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
FILL="python3 $SRC/tests/cli/fill_form.py"
A=$(demo_db a.db --operators 40 --seed 7 --years 2 --today 2026-12-04) || exit 1

# Two operators of the open survey 2 that have not started answering.
set -- $(db_sql "$A" "SELECT o.corporate_number FROM survey_respondent sr
	JOIN organisation o ON o.id = sr.organisation_id WHERE sr.survey_id = 2
	AND NOT EXISTS (SELECT 1 FROM response r WHERE r.survey_id = 2
	AND r.organisation_id = o.id) GROUP BY o.corporate_number
	ORDER BY o.corporate_number LIMIT 2")
ORG=$1 OTHER=$2
[ -n "$OTHER" ] || { fail "two operators without a response"; finish; }
NREQ=$(db_sql "$A" "SELECT count(*) FROM requirement q JOIN survey s ON s.version_id = q.version_id
	WHERE s.id = 2")

# Usage.
kj_expect 2 survey form 2 --format csv -o f.csv --db "$A"
check_err_has "--org"
kj_expect 2 survey form 2 --org "$ORG" --format pdf -o f.csv --db "$A"
check_err_has "xlsx or csv"
kj_expect 2 survey form 2 --org "$ORG" --format csv --db "$A"
check_err_has "-o FILE"
kj_expect 2 survey form x --org "$ORG" --format csv -o f.csv --db "$A"
kj_expect 1 survey form 2 --org 1234567890123 --format csv -o f.csv --db "$A"
check_err_has "no organisation"
kj_expect 1 survey form 99 --org "$ORG" --format csv -o f.csv --db "$A"
check_no_file f.csv

# The forms.
kj_expect 0 survey form 2 --org "$ORG" --format csv -o f.csv --db "$A"
check_eq "$(head -c 3 f.csv | od -An -tx1 | tr -d ' ')" "efbbbf" "CSV form starts with a BOM"
check_cmd "identifier row" grep -q '^.*"kijun-form","KJF1\.2\.'"$ORG"'\.' f.csv
check_cmd "heading row" grep -q '"項目","機能","要求事項","回答(0-4/該当なし)","該当なしの理由","コメント","根拠資料","前年度の回答"' f.csv
check_eq "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"))))-2)' f.csv)" \
	"$NREQ" "one row per requirement"
kj_expect 0 survey form 2 --org "$ORG" --format csv --encoding cp932 -o f932.csv --db "$A"
check_eq "$(iconv -f CP932 -t UTF-8 f932.csv | head -n 2 | tail -n 1)" \
	"$(sed -n 2p f.csv | tr -d '\r')$(printf '\r')" "CP932 form holds the same text"
kj_expect 0 survey form 2 --org "$ORG" --format xlsx -o f.xlsx --db "$A"
python3 - f.xlsx <<'EOF' >xlsx.txt
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
s = z.read('xl/worksheets/sheet1.xml').decode()
wb = z.read('xl/workbook.xml').decode()
print('hidden-row' if '<row r="1"' in s and 'hidden="1"' in s.split('<row r="2"')[0] else 'row-shown')
print('protected' if '<sheetProtection' in s else 'unprotected')
print('dropdown' if '<dataValidation type="list"' in s and '0: 未実施' in s else 'no-dropdown')
print('definitions' if 'name="定義"' in wb else 'no-definitions')
EOF
check_eq "$(tr '\n' ' ' <xlsx.txt)" "hidden-row protected dropdown definitions " \
	"xlsx form: hidden identifier row, locked sheet, level drop-down, definitions sheet"

# Refusals: nothing changes, each names its cell.
D0=$(db_digest "$A")
refused() {	# refused FILE MESSAGE [ARGS...]: the import is refused with MESSAGE
	local file=$1 msg=$2
	shift 2
	kj_expect 1 survey import 2 "$file" --db "$A" "$@"
	check_err_has "$msg"
	check_err_has "nothing was changed"
	check_eq "$(db_digest "$A")" "$D0" "database unchanged after $file ($msg)"
}
kj_expect 0 survey form 2 --org "$OTHER" --format csv -o other.csv --db "$A"
$FILL csv other.csv other-filled.csv
refused other-filled.csv "cell B1: the form of another operator (corporate number $OTHER)" --org "$ORG"
kj_expect 0 survey form 1 --org "$ORG" --format csv -o s1.csv --db "$A"
$FILL csv s1.csv s1-filled.csv
refused s1-filled.csv "cell B1: the form of another survey (survey 1)"
ID=$(sed -n 1p f.csv | cut -d, -f2 | tr -d '"')
$FILL csv f.csv id.csv "B1=${ID/.2.$ORG./.2.$OTHER.}"
refused id.csv "cell B1: the form's identifier was edited"
$FILL csv f.csv rev.csv "B1=$(echo "$ID" | awk -F. '{ $5 = $5 + 1; print }' OFS=.)"
refused rev.csv "cell B1: the form's identifier was edited"
$FILL csv f.csv fixed.csv "C12=要求事項を書き換えた"
refused fixed.csv "cell C12: a fixed cell (the requirement) was edited"
$FILL csv f.csv item.csv "A7=9.9.9-9"
refused item.csv "cell A7: the item was edited"
$FILL csv f.csv level.csv "D5=5"
refused level.csv "cell D5: a level is 0 to 4 or N/A"
$FILL csv f.csv na.csv "D6=該当なし" "E6="
refused na.csv "cell E6: an N/A answer needs its reason"
$FILL csv f.csv head.csv "F2=メモ"
refused head.csv "cell F2: the heading was edited"
$FILL xlsx f.xlsx fixed.xlsx "C9=書き換え"
refused fixed.xlsx "cell C9: a fixed cell (the requirement) was edited"
$FILL xlsx f.xlsx level.xlsx "D4=実施済み"
refused level.xlsx "cell D4: a level is 0 to 4 or N/A"
head -c 3000 f.xlsx >damaged.xlsx
refused damaged.xlsx "corrupt"
python3 -c 'import zipfile; z = zipfile.ZipFile("notxlsx.xlsx", "w"); z.writestr("a.txt", "hello"); z.close()'
refused notxlsx.xlsx "not an xlsx workbook"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >image.xlsx
refused image.xlsx "nothing was changed"
# A zip bomb: the form with a sheet that inflates past the reader's cap.
python3 - f.xlsx bomb.xlsx <<'EOF'
import sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
zout = zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED)
for info in zin.infolist():
    if info.filename == 'xl/worksheets/sheet1.xml':
        with zout.open(info.filename, 'w', force_zip64=True) as f:
            block = b' ' * (1 << 20)
            f.write(b'<worksheet><sheetData>')
            for _ in range(100):
                f.write(block)
    else:
        zout.writestr(info, zin.read(info.filename))
zout.close()
EOF
check_cmd "zip bomb is small" test "$(stat -c %s bomb.xlsx)" -lt 2000000
refused bomb.xlsx "too large"
# Bad UTF-8 (neither UTF-8 nor CP932) in a CSV form.
$FILL csv f.csv bad.csv
printf '\xff\xfe\xff' >>bad.csv
refused bad.csv "nothing was changed"
# --submit with a blank required item.
$FILL csv f.csv blank.csv "D3="
refused blank.csv "cell D3: not answered" --submit --attest-name "山田 太郎" --attest-title 部長
kj_expect 2 survey import 2 f.csv --attest-name x --db "$A"
check_err_has "go with --submit"
kj_expect 2 survey import 2 f.csv --submit --db "$A"
check_err_has "--attest-name"
check_eq "$(db_sql "$A" "SELECT count(*) FROM response r JOIN organisation o
	ON o.id = r.organisation_id WHERE r.survey_id = 2 AND o.corporate_number = '$ORG'")" 0 \
	"no response after the refusals"

# Round trip, CSV in CP932: the database holds exactly the form's answers.
answers() {	# the answers of ORG ($1) to survey 2 as fill_form.py expect prints them
	db_rows "$A" "SELECT q.code, CASE WHEN a.level IS NULL THEN 'na' ELSE
		CAST(a.level AS TEXT) END, COALESCE(a.na_reason, ''), COALESCE(a.note, ''),
		COALESCE(a.evidence, '') FROM answer a JOIN response r ON r.id = a.response_id
		JOIN organisation o ON o.id = r.organisation_id JOIN requirement q
		ON q.id = a.requirement_id WHERE r.survey_id = 2 AND o.corporate_number = '$1'
		ORDER BY q.ord" | python3 -c '
import sys
for r in sys.stdin.read().split("\x1e"):
    if r.strip("\n"):
        print("|".join(f.replace("\n", "\\n") for f in r.lstrip("\n").split("\x1f")))' | sort
}
holds() {	# FORM ($1) is what ORG ($2) holds now: check named $3
	$FILL expect "$1" | sort >want.txt
	answers "$2" >got.txt
	check_same_file want.txt got.txt "$3"
}
$FILL csv f.csv filled.csv
$FILL csv filled.csv filled932.csv @blank @cp932
check_cmd "filled form in CP932" sh -c '! iconv -f UTF-8 -t UTF-8 filled932.csv >/dev/null 2>&1'
kj_expect 0 survey import 2 filled932.csv --org "$ORG" --db "$A"
check_out_has "saved: $NREQ answers changed, revision 1"
holds filled.csv "$ORG" "the database holds the CP932 form's answers"
check_eq "$(db_sql "$A" "SELECT r.status || ' ' || r.revision FROM response r JOIN organisation o
	ON o.id = r.organisation_id WHERE r.survey_id = 2 AND o.corporate_number = '$ORG'")" \
	"draft 1" "a draft at revision 1"

# Round trip, xlsx filled in its XML.
kj_expect 0 survey form 2 --org "$OTHER" --format xlsx -o other.xlsx --db "$A"
$FILL xlsx other.xlsx other-filled.xlsx
kj_expect 0 survey import 2 other-filled.xlsx --db "$A"
check_out_has "saved: $NREQ answers changed"
answers "$OTHER" >got-other.txt
check_same_file want.txt got-other.txt "the database holds the xlsx form's answers"

# Optimistic locking: a form of revision 1 changes D3; an older form of
# revision 0 (f.csv) with another D3 is then refused naming the cell.
kj_expect 0 survey form 2 --org "$ORG" --format csv -o r1.csv --db "$A"
$FILL csv r1.csv r1-edit.csv @blank "D3=4: 実施・継続的改善" "E3="
kj_expect 0 survey import 2 r1-edit.csv --db "$A"
check_out_has "saved: 1 answers changed, revision 2"
D0=$(db_digest "$A")
$FILL csv f.csv stale.csv "D3=1" "E3="
refused stale.csv "cell D3: changed by"

# Submit through the form: receipt, status submitted.
kj_expect 0 survey form 2 --org "$ORG" --format csv -o r2.csv --db "$A"
kj_expect 0 survey import 2 r2.csv --submit --attest-name "山田 太郎" --attest-title "情報セキュリティ部長" \
	--db "$A"
check_out_has "submitted: receipt"
check_eq "$(db_sql "$A" "SELECT r.status || ' ' || r.versions FROM response r JOIN organisation o
	ON o.id = r.organisation_id WHERE r.survey_id = 2 AND o.corporate_number = '$ORG'")" \
	"submitted 1" "submitted as version 1"

# The owner's export: every answer of every response, and the change log.
kj_expect 2 survey export 2 --format pdf -o e.csv --db "$A"
kj_expect 1 survey export 99 --format csv -o e.csv --db "$A"
check_err_has "no such survey"
kj_expect 0 survey export 2 --format csv -o e.csv --db "$A"
TOTAL=$(db_sql "$A" "SELECT (SELECT count(*) FROM answer a JOIN response r ON r.id = a.response_id
	WHERE r.survey_id = 2) + (SELECT count(*) FROM extra_answer a JOIN response r
	ON r.id = a.response_id WHERE r.survey_id = 2 AND a.value <> '')")
check_out_has "$TOTAL answers written to e.csv"
check_cmd "export has the operator's answers" grep -q "^\"$ORG\",.*\"submitted\",\"1\",\"3.2.1-1\",\"4\",\"実施・継続的改善\"" e.csv
check_cmd "export has the change log section" grep -q '^"変更履歴"' e.csv
kj_expect 0 survey export 2 --format xlsx -o e.xlsx --db "$A"
check_out_has "$TOTAL answers written to e.xlsx"
check_eq "$(python3 -c 'import sys, zipfile; w = zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode(); print("name=\"回答一覧\"" in w, "name=\"変更履歴\"" in w)' e.xlsx)" \
	"True True" "xlsx export has the answers and the change log sheets"
# Many forms in one command (a folder, as a surveyor receives them): each
# form all or nothing, the good ones imported. Three operators without a
# response: a good form each for the first and the third; the second's has
# a level off the scale (refused, nothing of it written); a second form of
# the first operator, downloaded before the first was imported, changes the
# answer the first form gave (refused at its write: changed since).
set -- $(db_sql "$A" "SELECT o.corporate_number FROM survey_respondent sr
	JOIN organisation o ON o.id = sr.organisation_id WHERE sr.survey_id = 2
	AND NOT EXISTS (SELECT 1 FROM response r WHERE r.survey_id = 2
	AND r.organisation_id = o.id) GROUP BY o.corporate_number
	ORDER BY o.corporate_number LIMIT 3")
B1=$1 B2=$2 B3=$3
[ -n "$B3" ] || { fail "three more operators without a response"; finish; }
mkdir -p batch
for b in "$B1" "$B2" "$B3"; do
	kj_expect 0 survey form 2 --org "$b" --format csv -o "form-$b.csv" --db "$A"
done
$FILL csv "form-$B1.csv" batch/a.csv
$FILL csv "form-$B2.csv" batch/b.csv "D4=7"
$FILL csv "form-$B3.csv" batch/c.csv
$FILL csv "form-$B1.csv" batch/d.csv @blank "D3=4: 実施・継続的改善" "E3="
echo "not a form" >batch/notes.txt
kj_expect 2 survey import 2 batch --org "$B1" --db "$A"
check_err_has "--org goes with one form only"
mkdir -p empty
kj_expect 1 survey import 2 empty --db "$A"
check_err_has "no forms"
kj_expect 1 survey import 2 batch --db "$A"
check_out_has "batch/a.csv: saved: $NREQ answers changed, revision 1"
check_out_has "batch/c.csv: saved: $NREQ answers changed, revision 1"
check_out_has "2 of 4 forms imported"
check_err_has "cell D4:"
check_err_has "batch/b.csv: the form was refused; nothing was changed"
check_err_has "cell D3: changed by"
check_err_has "batch/d.csv: the form was refused; nothing was changed"
holds batch/a.csv "$B1" "the first operator holds its first form's answers"
holds batch/c.csv "$B3" "the third operator holds its form's answers"
check_eq "$(db_sql "$A" "SELECT count(*) FROM response r JOIN organisation o
	ON o.id = r.organisation_id WHERE r.survey_id = 2 AND o.corporate_number = '$B2'")" \
	"0" "the refused form's operator has no response"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'response.save'
	AND object_id IN (SELECT CAST(r.id AS TEXT) FROM response r JOIN organisation o
	ON o.id = r.organisation_id WHERE r.survey_id = 2
	AND o.corporate_number IN ('$B1', '$B3'))")" "2" "one audit entry per imported form"

# More forms than one transaction takes (KJ_FORM_BATCH_MAX, 500): the next
# batch is read and checked while the first is written. 520 files, all of
# the second operator's form filled the same way, the 511th too large to
# read: the first batch is written (its first form saves the answers, the
# 499 identical copies change nothing), the second batch is read up to that
# file and nothing of it is imported.
mkdir -p many
$FILL csv "form-$B2.csv" many/f000.csv
for i in $(seq -w 1 519); do ln many/f000.csv "many/f$(printf %03d "$((10#$i))").csv"; done
rm many/f510.csv && truncate -s 21M many/f510.csv
kj_expect 1 survey import 2 many --db "$A"
check_out_has "many/f000.csv: saved: $NREQ answers changed, revision 1"
check_out_has "many/f499.csv: saved: 0 answers changed"
check_err_has "many/f510.csv is too large"
check_err_has "nothing of many/f500.csv and the forms after it was changed"
check_out_has "500 of 520 forms imported (stopped at an error)"
holds many/f000.csv "$B2" "the second operator holds its form's answers"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'survey.form.import'
	AND detail LIKE '%\"files\":500,\"accepted\":500,%'")" "1" "one survey.form.import entry for the written batch"

kj_expect 0 audit verify --db "$A"
kj_expect 0 survey form --help
finish
