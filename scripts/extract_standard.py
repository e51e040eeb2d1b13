#!/usr/bin/env python3
"""Extract the Japanese skeleton of the Unified Standard from its text.

The source (data/standard/<version>/source.txt) is a text rendering of the
PDF of 重要インフラのサイバーセキュリティ対策のための統一基準.  Each
non-blank line is one paragraph.  Page breaks show up as a paragraph cut in
the middle of a word, possibly with the footnotes of that page between the
two halves; footnotes are paragraphs that start with superscript digits and
a space, and a footnote may itself continue on the next page.

This module parses that text into:

  sections      every numbered heading of Part 3 from 3.2 to 3.7
  requirements  the 90 circled-number items of Part 3, id SECTION-N
  footnotes     number -> exact text (page breaks joined)
  measures      Part 2 §2.1.2 (1)-(5): heading, paragraph, main measures
  sectors       the 16 sector names of §1.2, in the standard's order
  safety_classes the four classes listed in footnote 10
  footnote_sections number -> the numbered section ("1.2", "3.6.1") whose
                text carries the footnote's marker
  defined_terms terms the text defines with 以下「…」という (not in a
                footnote): term -> section, footnote that holds the
                definition (None in the body) and the paragraph's text

Rules: texts split by a page break are joined with nothing between the
halves; footnote markers (superscript digits) are removed from body text;
nothing else is changed - typos and mixed full/half-width punctuation are
kept exactly as written.

Usage:
  extract_standard.py [SOURCE]          print the skeleton (human-readable)
  extract_standard.py --json [SOURCE]   print everything as JSON

Stdlib only.  Other scripts import extract() / extract_file().
"""

import json
import os
import re
import sys

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP_TO_DIGIT = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

RE_FOOTNOTE = re.compile("^([%s]+) (.+)$" % SUPERSCRIPTS)
RE_SUP_RUN = re.compile("[%s]+" % SUPERSCRIPTS)
RE_CIRCLED_ITEM = re.compile("^- ([%s]) (.+)$" % CIRCLED)
RE_PART3_HEADING = re.compile(r"^(3\.[2-7](?:\.\d+)*) (\S.*)$")
RE_MEASURE_HEADING = re.compile(r"^\((\d)\) (\S.*)$")
RE_MEASURE_ITEM = re.compile(r"^- ・ ?(\S.*)$")
RE_QUOTED = re.compile("「([^」]+)」")
# Any numbered heading of the body: "1.1 …", "2.1.2 …", "3.6.1 …".
RE_NUMBERED_HEADING = re.compile(r"^(\d(?:\.\d+)+) (\S.*)$")
# A term defined in the running text: （以下「基本法」という。）
RE_DEFINED_HERE = re.compile("以下(?:あわせて)?「([^」]+)」という")

# Body headings of the parts (the table of contents uses tabs, these don't).
PART_HEADINGS = {
    "第1部 総則": 1,
    "第2部 政府機関における施策の基準": 2,
    "第3部 安全基準等において規定されるべき事項": 3,
}
PART3_END = "附 則"
MEASURES_START = "2.1.2 取り組むべき施策"
MEASURES_END = "2.2 把握・分析"
MEASURES_LIST_LABEL = "(主な施策)"
SECTORS_LEAD = "重要インフラ防護の範囲"
SENTENCE_END = "。"
# A footnote may close with a citation in parentheses after its last 。
FOOTNOTE_END = ("。", "）", ")")


class ExtractError(Exception):
    pass


def sup_to_int(s):
    return int("".join(SUP_TO_DIGIT[c] for c in s))


def strip_markers(s):
    """Remove footnote markers (runs of superscript digits)."""
    return RE_SUP_RUN.sub("", s)


def circled_to_int(c):
    return CIRCLED.index(c) + 1


def _paragraphs(text):
    """Non-blank lines as (line number, text), trailing blanks removed."""
    out = []
    for no, line in enumerate(text.split("\n"), 1):
        line = line.rstrip(" \t\r\u3000\u00a0")
        if line.strip():
            out.append((no, line))
    return out


def _is_structural(s):
    """A paragraph that can never be the second half of a page break."""
    return (s.startswith("- ") or RE_FOOTNOTE.match(s) is not None
            or RE_PART3_HEADING.match(s) is not None
            or RE_MEASURE_HEADING.match(s) is not None
            or s in PART_HEADINGS or s == PART3_END)


def _split_footnotes(paras):
    """Separate footnotes from body text.

    Returns (footnotes, body) where footnotes is {n: text} and body is the
    list of (line, text) paragraphs that are not footnote material.

    - A footnote starts with its superscript number and a space.
    - Circled-number items right after a footnote belong to it (fn. 10's
      four classes); they are joined with a newline.
    - A footnote cut by a page break (its text does not end a sentence and
      it has no list) continues in the first paragraph of the next page's
      footnote area: a plain paragraph that ends a sentence and is
      immediately followed by the next footnote.  (A body paragraph cut by
      a page break just before a footnote area does not end a sentence.)
    """
    footnotes = {}
    consumed = set()
    last = None
    has_list = set()
    for i, (_, s) in enumerate(paras):
        m = RE_FOOTNOTE.match(s)
        if m:
            n = sup_to_int(m.group(1))
            if n in footnotes:
                raise ExtractError("footnote %d defined twice" % n)
            if last is not None and n != last + 1:
                raise ExtractError("footnote %d follows %d" % (n, last))
            footnotes[n] = m.group(2)
            last = n
            consumed.add(i)
            j = i + 1
            while j < len(paras) and RE_CIRCLED_ITEM.match(paras[j][1]):
                footnotes[n] += "\n" + paras[j][1][2:]
                has_list.add(n)
                consumed.add(j)
                j += 1
            continue
        if (last is not None and last not in has_list
                and not footnotes[last].endswith(FOOTNOTE_END)
                and s.endswith(SENTENCE_END)
                and not _is_structural(s) and i + 1 < len(paras)):
            nm = RE_FOOTNOTE.match(paras[i + 1][1])
            if nm and sup_to_int(nm.group(1)) == last + 1:
                footnotes[last] += s
                consumed.add(i)
    body = [p for i, p in enumerate(paras) if i not in consumed]
    return footnotes, body


def _join_broken(body, i, s):
    """Join paragraph body[i] (text s) with following halves until it ends
    a sentence.  Returns (text, next index)."""
    j = i + 1
    while not s.endswith(SENTENCE_END):
        if j >= len(body) or _is_structural(body[j][1]):
            raise ExtractError("line %d: unterminated text %r"
                               % (body[i][0], s))
        s += body[j][1]
        j += 1
    return s, j


def _index_of(body, exact, start=0):
    for i in range(start, len(body)):
        if body[i][1] == exact:
            return i
    raise ExtractError("heading not found: %r" % exact)


def _part3(body):
    start = _index_of(body, "第3部 安全基準等において規定されるべき事項")
    end = _index_of(body, PART3_END, start)
    sections, requirements = [], []
    current = None
    i = start + 1
    while i < end:
        line, s = body[i]
        h = RE_PART3_HEADING.match(s)
        if h:
            sid = h.group(1)
            parent = sid.rsplit(".", 1)[0] if sid.count(".") > 1 else None
            sections.append({"id": sid, "parent": parent,
                             "title_ja": h.group(2)})
            current = sid
            i += 1
            continue
        r = RE_CIRCLED_ITEM.match(s)
        if r and current is not None:
            text, i = _join_broken(body, i, r.group(2))
            n = circled_to_int(r.group(1))
            requirements.append({"id": "%s-%d" % (current, n),
                                 "section": current, "n": n,
                                 "text_ja": strip_markers(text),
                                 "line": line})
            continue
        i += 1
    return sections, requirements


def _measures(body):
    start = _index_of(body, MEASURES_START)
    end = _index_of(body, MEASURES_END, start)
    out = []
    i = start + 1
    while i < end:
        s = body[i][1]
        h = RE_MEASURE_HEADING.match(s)
        if h:
            cat = {"n": int(h.group(1)), "title_ja": h.group(2),
                   "text_ja": None, "measures": []}
            out.append(cat)
            i += 1
            text, i = _join_broken(body, i, body[i][1])
            cat["text_ja"] = strip_markers(text)
            continue
        m = RE_MEASURE_ITEM.match(s)
        if m and out:
            out[-1]["measures"].append(strip_markers(m.group(1)))
        i += 1
    return out


def _sectors(body):
    for _, s in body:
        if s.startswith(SECTORS_LEAD):
            return RE_QUOTED.findall(s)
    raise ExtractError("sector list (§1.2) not found")


def _marker_parts(body):
    """Footnote number -> part (1, 2, 3) where its marker first appears."""
    part = 0
    out = {}
    for _, s in body:
        if s in PART_HEADINGS:
            part = PART_HEADINGS[s]
        for m in RE_SUP_RUN.finditer(s):
            out.setdefault(sup_to_int(m.group(0)), part)
    return out


def _marker_sections(body):
    """Footnote number -> numbered section where its marker first
    appears."""
    section = None
    out = {}
    for _, s in body:
        h = RE_NUMBERED_HEADING.match(s)
        if h:
            section = h.group(1)
            continue
        for m in RE_SUP_RUN.finditer(s):
            out.setdefault(sup_to_int(m.group(0)), section)
    return out


def _defined_terms(body, footnotes, requirements, fn_sections):
    """Terms defined in the text with 以下「…」という.  A requirement's
    text is taken whole (joined over page breaks); other paragraphs as
    they are; a footnote's from its joined text."""
    out = {}

    def add(text, section, footnote):
        for m in RE_DEFINED_HERE.finditer(text):
            out.setdefault(m.group(1), {"section": section,
                                        "footnote": footnote,
                                        "text": text})

    for r in requirements:
        add(r["text_ja"], r["section"], None)
    for n in sorted(footnotes):
        add(footnotes[n], fn_sections.get(n), n)
    section = None
    for _, s in body:
        h = RE_NUMBERED_HEADING.match(s)
        if h:
            section = h.group(1)
            continue
        if section and section.startswith("3."):
            continue  # Part 3: the requirements, joined above
        add(strip_markers(s), section, None)
    return out


def _safety_classes(footnotes):
    out = []
    for item in footnotes.get(10, "").split("\n")[1:]:
        out.append({"n": circled_to_int(item[0]), "text_ja": item[2:]})
    return out


def extract(text):
    paras = _paragraphs(text)
    footnotes, body = _split_footnotes(paras)
    sections, requirements = _part3(body)
    fn_sections = _marker_sections(body)
    return {
        "sections": sections,
        "requirements": requirements,
        "footnotes": footnotes,
        "footnote_parts": _marker_parts(body),
        "measures": _measures(body),
        "sectors": _sectors(body),
        "safety_classes": _safety_classes(footnotes),
        "footnote_sections": fn_sections,
        "defined_terms": _defined_terms(body, footnotes, requirements,
                                        fn_sections),
    }


def extract_file(path):
    with open(path, encoding="utf-8") as f:
        return extract(f.read())


def _print_skeleton(d, out):
    reqs_by_section = {}
    for r in d["requirements"]:
        reqs_by_section.setdefault(r["section"], []).append(r)
    for s in d["sections"]:
        depth = s["id"].count(".") - 1
        out.write("%s%s %s\n" % ("  " * depth, s["id"], s["title_ja"]))
        for r in reqs_by_section.get(s["id"], []):
            out.write("%s  [%s] %s\n" % ("  " * depth, r["id"], r["text_ja"]))
    out.write("\n%d sections, %d requirements\n"
              % (len(d["sections"]), len(d["requirements"])))
    out.write("\nfootnotes:\n")
    for n in sorted(d["footnotes"]):
        out.write("  %d (part %s): %s\n" % (n, d["footnote_parts"].get(n),
                                           d["footnotes"][n]))
    out.write("\nterms defined in the text (以下「…」という):\n")
    for t, v in d["defined_terms"].items():
        out.write("  %s (%s%s)\n" % (t, v["section"], ", fn. %d" % v["footnote"]
                                      if v["footnote"] else ""))
    out.write("\nmeasures (§2.1.2):\n")
    for m in d["measures"]:
        out.write("  (%d) %s\n      %s\n" % (m["n"], m["title_ja"],
                                           m["text_ja"]))
        for x in m["measures"]:
            out.write("      ・%s\n" % x)
    out.write("\nsectors (§1.2): %s\n" % "、".join(d["sectors"]))


def main(argv):
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    if any(a.startswith("-") for a in args) or len(args) > 1:
        sys.stderr.write(__doc__)
        return 2
    path = args[0] if args else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "data", "standard",
        "2026", "source.txt")
    try:
        d = extract_file(path)
    except (OSError, ExtractError) as e:
        sys.stderr.write("extract_standard: %s\n" % e)
        return 1
    if as_json:
        d = dict(d)
        d["footnotes"] = {str(k): v for k, v in sorted(d["footnotes"].items())}
        d["footnote_parts"] = {str(k): v for k, v in
                               sorted(d["footnote_parts"].items())}
        d["footnote_sections"] = {str(k): v for k, v in
                                  sorted(d["footnote_sections"].items())}
        json.dump(d, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_skeleton(d, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
