#!/bin/bash
# kijun report annual as PDF and docx (issue 14) on a small demo database,
# checked by poppler and LibreOffice as the ministries would open them: the
# PDF's pages, title and fonts (pdfinfo, pdffonts), every chapter heading
# in its contents and on its page and figures of the database in its text
# (pdftotext), every page rendered (pdftoppm); the docx opened headless by
# LibreOffice, its text holding every chapter heading and the same figures.
# The writers are the engine's neighbours only: SQLite is enough.
. "$(dirname "$0")/lib.sh" "$@"
for tool in pdfinfo pdftotext pdftoppm pdffonts soffice; do
	command -v "$tool" >/dev/null || { echo "SKIP: no $tool (scripts/install-deps --test)"; exit 77; }
done
# cairo keeps a little of each PDF surface it finishes (tests/unit/lsan_cairo.supp;
# the suppression needs the slow unwinder, which makes every allocation slow:
# for the PDF's command only).
CAIRO_ASAN="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
CAIRO_LSAN="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$SRC/tests/unit/lsan_cairo.supp"
A=$(demo_db a.db --operators 80 --seed 7 --years 2 --today 2026-12-04) || exit 1

CHAPTERS=("第1章 全国の概況" "第2章 情報通信分野" "第17章 郵便分野"
	"第18章 分野横断的な取組" "付録A 統一基準 第3部の要求事項" "付録B 方法論")
# Figures from the database: the year's respondents and submitted responses.
RESPONDENTS=$(db_sql "$A" "SELECT respondents FROM survey WHERE fiscal_year = 2026
	AND kind = 'questionnaire'")
SUBMITTED=$(db_sql "$A" "SELECT count(*) FROM response p JOIN survey s ON s.id = p.survey_id
	WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire' AND p.status = 'submitted'")
check_eq "$([ "$RESPONDENTS" -gt 0 ] && [ "$SUBMITTED" -gt 0 ] && echo yes)" yes \
	"the demo has respondents ($RESPONDENTS) and submissions ($SUBMITTED)"

# --- PDF -----------------------------------------------------------------------
ASAN_OPTIONS=$CAIRO_ASAN LSAN_OPTIONS=$CAIRO_LSAN kj_expect 0 report annual --fy 2026 --format pdf --out r.pdf --db "$A"
check_out_has "wrote r.pdf: the FY2026 annual report (pdf)"
check_file r.pdf
pdfinfo r.pdf >info.txt 2>&1 || fail "pdfinfo cannot read the PDF: $(head -c 300 info.txt)"
PAGES=$(sed -n 's/^Pages: *//p' info.txt)
[ "${PAGES:-0}" -ge 20 ] && pass "$PAGES pages" || fail "only ${PAGES:-no} pages"
grep -q "^Title: .*統一基準" info.txt && pass "its title" || fail "no title: $(grep Title info.txt)"
pdffonts r.pdf >fonts.txt 2>&1
grep -q "NotoSansCJK\|Noto Sans CJK" fonts.txt && grep -q " yes " fonts.txt &&
	pass "Noto CJK embedded" || fail "fonts: $(head -c 400 fonts.txt)"
pdftotext -layout r.pdf r.txt || fail "pdftotext failed"
for h in "${CHAPTERS[@]}"; do
	n=$(grep -c "$h" r.txt)
	[ "$n" -ge 2 ] && pass "$h in the contents and on its page" ||
		fail "$h seen $n time(s) in the PDF's text"
done
grep -q "$RESPONDENTS" r.txt && pass "the respondents' count" || fail "no $RESPONDENTS in the PDF"
grep -q "$SUBMITTED" r.txt && pass "the submissions' count" || fail "no $SUBMITTED in the PDF"
grep -q $'\xef\xbf\xbd' r.txt && fail "a replacement character in the PDF's text" ||
	pass "no replacement characters"
mkdir -p png
pdftoppm -r 20 -png r.pdf png/p 2>ppm.err || fail "pdftoppm failed: $(head -c 300 ppm.err)"
check_eq "$(ls png | wc -l)" "$PAGES" "every page rendered"

# --- docx ----------------------------------------------------------------------
kj_expect 0 report annual --fy 2026 --format docx --out r.docx --db "$A"
check_out_has "wrote r.docx: the FY2026 annual report (docx)"
unzip -tq r.docx >/dev/null && pass "a whole zip" || fail "the docx is not a whole zip"
mkdir -p lo
HOME="$PWD/lo" timeout 240 soffice -env:UserInstallation="file://$PWD/lo/profile" --headless \
	--convert-to txt:Text --outdir lo r.docx >lo.out 2>&1
if [ -s lo/r.txt ]; then
	pass "LibreOffice opened the docx"
	for h in "${CHAPTERS[@]}"; do
		grep -q "$h" lo/r.txt && pass "$h in the docx" || fail "no $h in the docx's text"
	done
	grep -q "$RESPONDENTS" lo/r.txt && pass "the respondents' count in the docx" ||
		fail "no $RESPONDENTS in the docx"
else
	fail "LibreOffice did not convert the docx: $(head -c 400 lo.out)"
fi
finish
