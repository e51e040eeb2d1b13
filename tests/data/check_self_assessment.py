#!/usr/bin/env python3
"""kijun's self-assessment against Part 3 of the standard (issue 16).

Checks data/reference/self-assessment.csv and docs/self-assessment.md:

- the CSV's columns; every requirement id is one of the standard's
  (data/standard/2026/requirements.json), once, and every requirement of
  Part 3 is there; its title_ja is its section's title;
- status is met, partly, operator or n/a; level is 0-4, or na exactly for
  n/a, which alone has (and must have) a Japanese N/A reason; texts within
  the answer limits (evidence and N/A reason at most 500 characters);
- a met or partly row names at least one test, and every test named as
  PATH::NAME is a file of the repository that contains NAME;
- the table of docs/self-assessment.md is the CSV's, row for row.

  check_self_assessment.py SOURCE_DIR            check
  check_self_assessment.py SOURCE_DIR --write    rewrite the doc's table from the CSV
  check_self_assessment.py SOURCE_DIR --selftest bad files are refused
"""
import csv
import io
import json
import os
import sys

COLUMNS = ['id', 'title_ja', 'status', 'level', 'na_reason', 'how', 'tests', 'operator',
           'evidence']
STATUS = {'met', 'partly', 'operator', 'n/a'}
BEGIN = '<!-- table: data/reference/self-assessment.csv (tests/data/check_self_assessment.py --write) -->'
END = '<!-- end of table -->'
TEXT_MAX = 500


def load_standard(src):
    d = os.path.join(src, 'data', 'standard', '2026')
    secs = {s['id']: s for s in json.load(open(os.path.join(d, 'sections.json'), encoding='utf-8'))}
    reqs = json.load(open(os.path.join(d, 'requirements.json'), encoding='utf-8'))
    return secs, reqs


def read_rows(text):
    r = csv.reader(io.StringIO(text))
    head = next(r, None)
    if head != COLUMNS:
        raise ValueError(f'columns {head}, want {COLUMNS}')
    return [dict(zip(COLUMNS, row)) for row in r]


def check_rows(src, rows):
    """The faults of ROWS, as strings."""
    secs, reqs = load_standard(src)
    known = {q['id']: q for q in reqs}
    faults, seen = [], set()
    for n, row in enumerate(rows, 2):
        where = f'line {n} ({row.get("id")})'
        if len(row) != len(COLUMNS) or None in row.values():
            faults.append(f'{where}: {len(row)} fields')
            continue
        i = row['id']
        if i not in known:
            faults.append(f'{where}: no requirement {i} in the standard')
            continue
        if i in seen:
            faults.append(f'{where}: {i} twice')
        seen.add(i)
        title = secs[known[i]['section']]['title_ja']
        if row['title_ja'] != title:
            faults.append(f'{where}: title {row["title_ja"]!r}, the standard says {title!r}')
        st, lv = row['status'], row['level']
        if st not in STATUS:
            faults.append(f'{where}: status {st!r}')
        if (lv == 'na') != (st == 'n/a') or (lv != 'na' and lv not in '01234' or lv == ''):
            faults.append(f'{where}: level {lv!r} with status {st!r}')
        if bool(row['na_reason']) != (lv == 'na'):
            faults.append(f'{where}: an N/A reason goes with level na, and only with it')
        for f in ('na_reason', 'evidence'):
            if len(row[f]) > TEXT_MAX:
                faults.append(f'{where}: {f} over {TEXT_MAX} characters')
        for f in ('how', 'operator', 'evidence'):
            if not row[f].strip():
                faults.append(f'{where}: no {f}')
        tests = [t.strip() for t in row['tests'].split(';') if t.strip()]
        if st in ('met', 'partly') and not tests:
            faults.append(f'{where}: {st} without a test')
        for t in tests:
            path, sep, name = t.partition('::')
            full = os.path.join(src, path)
            if not sep or not name:
                faults.append(f'{where}: test {t!r} is not PATH::NAME')
            elif not os.path.isfile(full):
                faults.append(f'{where}: no test file {path}')
            elif name not in open(full, encoding='utf-8').read():
                faults.append(f'{where}: {path} has no {name!r}')
    for q in reqs:
        if q['id'] not in seen:
            faults.append(f'requirement {q["id"]} is missing')
    return faults


def cell(s):
    return s.replace('|', '\\|').replace('\n', ' ')


def table(rows):
    label = {'met': 'met', 'partly': 'partly', 'operator': "operator's duty",
             'n/a': 'not applicable'}
    out = ['| id | 要件 | status | how kijun meets it | tests | what the operator must do |',
           '| --- | --- | --- | --- | --- | --- |']
    for r in rows:
        tests = '<br>'.join(f'`{cell(t.strip())}`' for t in r['tests'].split(';') if t.strip())
        out.append(f'| {r["id"]} | {cell(r["title_ja"])} | {label.get(r["status"], r["status"])} '
                   f'| {cell(r["how"])} | {tests or "—"} | {cell(r["operator"])} |')
    return '\n'.join(out)


def doc_table(doc):
    a, b = doc.find(BEGIN), doc.find(END)
    if a < 0 or b < a:
        raise ValueError('docs/self-assessment.md has no table markers')
    return doc[a + len(BEGIN):b].strip('\n')


def main(argv):
    src = argv[1]
    csv_path = os.path.join(src, 'data', 'reference', 'self-assessment.csv')
    doc_path = os.path.join(src, 'docs', 'self-assessment.md')
    rows = read_rows(open(csv_path, encoding='utf-8').read())
    doc = open(doc_path, encoding='utf-8').read()
    if '--write' in argv:
        a, b = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        open(doc_path, 'w', encoding='utf-8').write(doc[:a] + '\n' + table(rows) + '\n' + doc[b:])
        return 0
    if '--selftest' in argv:
        return selftest(src, rows)
    faults = check_rows(src, rows)
    if doc_table(doc) != table(rows):
        faults.append('the table of docs/self-assessment.md is not the CSV\'s: run '
                      'tests/data/check_self_assessment.py SOURCE_DIR --write')
    for f in faults:
        print(f'FAIL: {f}')
    if not faults:
        print(f'ok: {len(rows)} requirements, each in the standard, with its tests and duties')
    return 1 if faults else 0


def selftest(src, rows):
    """Each kind of bad row is refused."""
    def bad(what, change):
        rs = [dict(r) for r in rows]
        change(rs)
        if not check_rows(src, rs):
            print(f'FAIL: {what} passed the check')
            return 1
        return 0
    n = 0
    n += bad('an id not in the standard', lambda rs: rs[0].update(id='3.9.9-9'))
    n += bad('a requirement missing', lambda rs: rs.pop())
    n += bad('a requirement twice', lambda rs: rs.append(dict(rs[0])))
    n += bad('a wrong title', lambda rs: rs[0].update(title_ja='組織'))
    n += bad('an unknown status', lambda rs: rs[0].update(status='done'))
    n += bad('N/A without a reason', lambda rs: rs[0].update(status='n/a', level='na', na_reason=''))
    n += bad('a level off the scale', lambda rs: rs[0].update(level='5'))
    n += bad('met without a test', lambda rs: rs[0].update(status='met', level='3', tests=''))
    n += bad('a test file that is not there',
             lambda rs: rs[0].update(tests='tests/web/nope.c::test_x'))
    n += bad('a test name not in its file',
             lambda rs: rs[0].update(tests='tests/web/test_web_logs.c::test_not_there'))
    if not n:
        print('ok: every kind of bad row is refused')
    return 1 if n else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
