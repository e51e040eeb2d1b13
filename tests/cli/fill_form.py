#!/usr/bin/env python3
"""Fills a kijun answer form programmatically, as a person would in Excel.

fill_form.py csv IN OUT [EDIT...]   a CSV form (UTF-8, or CP932 with --cp932)
fill_form.py xlsx IN OUT [EDIT...]  an xlsx form: the answer cells of the
                                    sheet are written as inline strings in
                                    the workbook's XML (no openpyxl needed)
fill_form.py expect IN              prints the answers a filled CSV form holds

Without EDITs every requirement gets a level (every seventh N/A with its
reason) and a comment; own questions are left alone. An EDIT CELL=TEXT
("D5=7", "C4=changed", "B1=KJF1...") then sets one cell; "@blank" leaves
out the filling (only the edits), "@cp932" writes the CSV in CP932.
"""
import csv
import io
import re
import sys
import zipfile


def cell_ref(ref):
    m = re.match(r'^([A-Z]+)(\d+)$', ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def default_fill(rows):
    for i, r in enumerate(rows[2:]):
        while len(r) < 8:
            r.append('')
        if r[0].startswith('Q'):
            continue
        if i % 7 == 0:
            r[3], r[4] = '該当なし', '対象となる業務がないため'
        else:
            r[3] = ['0: 未実施', '1', '２', '3: 実施', '4'][i % 5]
        r[5] = 'コメント %d\n二行目' % i
        r[6] = '規程 %d' % i


def apply(rows, edits):
    for e in edits:
        ref, text = e.split('=', 1)
        row, col = cell_ref(ref)
        while len(rows) <= row:
            rows.append([])
        while len(rows[row]) <= col:
            rows[row].append('')
        rows[row][col] = text


def main():
    mode, src = sys.argv[1], sys.argv[2]
    if mode == 'expect':
        rows = list(csv.reader(open(src, encoding='utf-8-sig', newline='')))
        for r in rows[2:]:
            if r[0].startswith('Q') or not r[3]:
                continue
            level = r[3].split(':')[0].translate(str.maketrans('０１２３４', '01234'))
            level = 'na' if level == '該当なし' else level
            print('|'.join([r[0], level, r[4], r[5].replace('\n', '\\n'), r[6]]))
        return
    dst, edits = sys.argv[3], sys.argv[4:]
    cp932, blank = '@cp932' in edits, '@blank' in edits
    edits = [e for e in edits if e not in ('@cp932', '@blank')]
    if mode == 'csv':
        raw = open(src, 'rb').read()
        try:
            text = raw.decode('utf-8-sig')
        except UnicodeDecodeError:
            text = raw.decode('cp932')
        rows = list(csv.reader(io.StringIO(text, newline='')))
        if not blank:
            default_fill(rows)
        apply(rows, edits)
        out = io.StringIO()
        csv.writer(out, lineterminator='\r\n').writerows(rows)
        data = out.getvalue().encode('cp932' if cp932 else 'utf-8')
        open(dst, 'wb').write(data)
        return
    # xlsx: read the sheet's shared strings to know the rows, fill D-G.
    zin = zipfile.ZipFile(src)
    sheet = zin.read('xl/worksheets/sheet1.xml').decode('utf-8')
    sst = re.findall(r'<si>(.*?)</si>', zin.read('xl/sharedStrings.xml').decode('utf-8'), re.S)
    texts = [''.join(re.findall(r'<t[^>]*>(.*?)</t>', s, re.S)) for s in sst]
    items = {}
    for m in re.finditer(r'<c r="A(\d+)"[^>]*t="s"[^>]*><v>(\d+)</v></c>', sheet):
        items[int(m.group(1))] = texts[int(m.group(2))]
    rows = [[''] * 8 for _ in range(max(items) if items else 0)]
    for n, item in items.items():
        rows[n - 1][0] = item
    if not blank:
        default_fill(rows)
    apply(rows, edits)

    def esc(s):
        return (s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
                .replace('\n', '&#10;'))

    def put(m):
        ref = m.group(1)
        r, c = cell_ref(ref)
        if r < len(rows) and c < len(rows[r]) and rows[r][c] and \
                (r >= 2 and 3 <= c <= 6 or ref in edited):
            return ('<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'
                    % (ref, m.group(2) or '', esc(rows[r][c])))
        return m.group(0)
    edited = {e.split('=', 1)[0] for e in edits}
    sheet = re.sub(r'<c r="([A-Z]+\d+)"( s="\d+")?(?: t="s")?(?:/>|><v>\d+</v></c>)', put, sheet)
    zout = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
    for info in zin.infolist():
        data = sheet.encode('utf-8') if info.filename == 'xl/worksheets/sheet1.xml' \
            else zin.read(info.filename)
        zout.writestr(info.filename, data)
    zout.close()


if __name__ == '__main__':
    main()
