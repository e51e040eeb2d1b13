#!/usr/bin/env python3
"""Check the data files of one version of the Unified Standard.

Usage: check_standard.py DATA_DIR      (e.g. data/standard/2026)

Re-extracts the standard from DATA_DIR/source.txt with
scripts/extract_standard.py and compares every data file with it, and also
checks facts that do not depend on that parser: the requirement count and
per-section counts, that each requirement text can be found in the raw
source line by line (across page breaks and footnotes), the sector list of
§1.2, the definitions' footnote markers in the body text, the expected
definition-to-requirement links, the CSF ids, and the JSON formatting.

Editorial corrections listed in DATA_DIR/corrections.json (a page-break
artefact of the source, say) are applied to the source's text before the
comparison: each names the file, item and field, what the source says and
what is used instead.  Every correction must apply exactly once and be
needed; everything else is compared letter by letter.

The reference data (csf-2.0.json, prefectures.json) is read from
DATA_DIR/../../reference.  If the shared seed text exists, source.txt must
be byte-identical to it.

Exits 0 when everything holds, 1 with one line per problem otherwise.
Stdlib only.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "scripts"))
sys.dont_write_bytecode = True  # leave no __pycache__ in scripts/

import extract_standard as ex  # noqa: E402

SEED_NAME = "000_163e8c17cd59628b.txt"
SEED_PATHS = [
    os.path.join("/work/shared/seed", SEED_NAME),
    os.path.join(REPO, "..", "shared", "seed", SEED_NAME),
]
OSCAL_CSF_PATHS = [
    "/work/shared/oscal/content/NIST_CSF_v2.0_catalog-min.json",
    os.path.join(REPO, "..", "shared", "oscal", "content",
                 "NIST_CSF_v2.0_catalog-min.json"),
]

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Kana, CJK ideographs and punctuation, full-width forms, circled digits.
RE_JAPANESE = re.compile(
    "[\u2460-\u24ff\u3000-\u303f\u3040-\u309f\u30a0-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
RE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RE_CSF_ID = re.compile(r"^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}$")

# Requirements per section, counted by hand from the standard (90 in all).
EXPECTED_COUNTS = {
    "3.2.1": 3, "3.2.2.1": 1, "3.2.2.2": 1, "3.2.3": 1, "3.2.4": 2,
    "3.2.5.1": 2, "3.2.5.2": 1, "3.2.5.3": 1, "3.2.5.4": 1, "3.2.6": 2,
    "3.2.7": 1, "3.2.8": 2, "3.2.9": 3,
    "3.3.1.1": 4, "3.3.1.2": 2, "3.3.2": 1, "3.3.3": 1, "3.3.4": 1,
    "3.3.5.1": 1, "3.3.5.2": 1, "3.3.5.3": 2, "3.3.6": 3,
    "3.4.1.1": 1, "3.4.1.2": 1, "3.4.1.3": 1, "3.4.1.4": 2, "3.4.2.1": 1,
    "3.4.2.2": 1, "3.4.3.1": 2, "3.4.3.2": 1, "3.4.3.3": 2, "3.4.4.1": 4,
    "3.4.4.2": 2, "3.4.4.3": 2, "3.4.4.4": 1, "3.4.5": 2, "3.4.6.1": 3,
    "3.4.6.2": 1, "3.4.6.3": 1, "3.4.7": 6,
    "3.5.1": 1, "3.5.2": 1, "3.5.3": 1,
    "3.6.1": 2, "3.6.2.1": 5, "3.6.2.2": 1, "3.6.2.3": 1, "3.6.2.4": 2,
    "3.6.2.5": 1, "3.6.3": 3,
    "3.7": 1,
}
EXPECTED_FUNCTION_COUNTS = {"3.2": 21, "3.3": 16, "3.4": 34, "3.5": 3,
                            "3.6": 15, "3.7": 1}
EXPECTED_SECTION_COUNT = 66

EXPECTED_FUNCTIONS = [
    {"code": "governance", "section": "3.2", "name_ja": "組織統治",
     "name_en": "Governance"},
    {"code": "identify", "section": "3.3", "name_ja": "識別",
     "name_en": "Identify"},
    {"code": "protect", "section": "3.4", "name_ja": "防御",
     "name_en": "Protect"},
    {"code": "detect", "section": "3.5", "name_ja": "検知",
     "name_en": "Detect"},
    {"code": "respond-recover", "section": "3.6", "name_ja": "対応及び復旧",
     "name_en": "Respond and recover"},
    {"code": "trends", "section": "3.7", "name_ja": "技術・脅威の動向",
     "name_en": "Technology and threat trends"},
]

EXPECTED_STANDARD = {
    "version": "2026",
    "title_ja": "重要インフラのサイバーセキュリティ対策のための統一基準",
    "title_en": "Unified Standard for Cybersecurity Measures of "
                "Critical Infrastructure",
    "decided_by_ja": "サイバーセキュリティ戦略本部",
    "decided_by_en": "Cybersecurity Strategy Headquarters",
    "effective": "2026-10-01",
    "source": "source.txt",
}

EXPECTED_SECTOR_CODES = [
    "ict", "finance", "aviation", "airport", "railway", "electricity", "gas",
    "government", "medical", "water", "logistics", "chemical", "credit",
    "petroleum", "port", "postal"]
EXPECTED_MINISTRIES = {"mic": "総務省", "fsa": "金融庁", "mlit": "国土交通省",
                       "meti": "経済産業省", "mhlw": "厚生労働省",
                       "env": "環境省"}
EXPECTED_CLASSES = [(1, "強制基準", "mandatory"),
                    (2, "推奨基準・ガイドライン", "recommended"),
                    (3, "業界標準・ガイドライン", "industry"),
                    (4, "内規", "internal")]

# Which requirements each definition must link to (by its "match" strings,
# the longest term that matches at a position winning: 事業継続計画等 over
# 事業継続計画).  Definitions not listed here must be Part 1/2 terms that
# link to none.
EXPECTED_LINKS = {
    "critical-infrastructure": ["3.2.2.1-1"],
    "risk-based": ["3.7-1"],
    "ceptoar": ["3.3.3-1"],
    "action-plan": ["3.3.3-1"],
    "governance": ["3.2.8-1"],
    "senior-management": ["3.2.2.2-1", "3.2.4-1", "3.2.5.1-2", "3.2.5.2-1",
                          "3.2.6-1", "3.2.8-2", "3.6.3-3"],
    "supply-chain-risk": ["3.2.9-2"],
    "ci-service": ["3.2.1-1", "3.5.1-1", "3.5.2-1", "3.5.3-1", "3.6.2.1-4",
                   "3.6.3-2"],
    "resilience": ["3.4.6.1-1"],
    "mission-assurance": ["3.3.4-1"],
    "information-system": ["3.2.9-3", "3.3.1.1-1", "3.3.1.1-2", "3.3.4-1",
                           "3.3.6-1", "3.3.6-3", "3.4.1.1-1", "3.4.1.2-1",
                           "3.4.4.1-1", "3.4.4.1-3", "3.4.4.2-1",
                           "3.4.4.3-1", "3.4.4.3-2", "3.4.5-1", "3.5.1-1"],
    "investment": ["3.2.5.2-1"],
    "csirt": ["3.2.5.3-1", "3.3.5.3-2"],
    "critical-system": ["3.2.5.4-1", "3.2.9-1"],
    "supply-chain": ["3.2.9-1", "3.6.1-2"],
    "council": ["3.3.3-1"],
    "maturity-model": ["3.3.5.1-1"],
    "shared-responsibility-model": ["3.4.7-2"],
    "business-continuity-plan": ["3.6.1-1"],
    "business-recovery-plan": ["3.6.1-1"],
    "it-bcp": ["3.6.1-1"],
    "business-continuity-plans-etc": ["3.6.1-1", "3.6.1-2", "3.6.3-2"],
    "triage": ["3.6.2.1-4", "3.6.2.2-1"],
}

# Editorial corrections (corrections.json) may change these fields only.
CORRECTABLE = {("definitions.json", "text_ja"),
               ("requirements.json", "text_ja")}
CORRECTIONS_FILE = "corrections.json"


class Checker:
    def __init__(self):
        self.errors = []

    def fail(self, msg):
        self.errors.append(msg)

    def expect(self, cond, msg):
        if not cond:
            self.fail(msg)
        return cond


class Corrections:
    """The editorial corrections of corrections.json, keyed by (file, item,
    field).  apply() turns the source's text into the text the data uses;
    unapply() the reverse, for checks that read the raw source lines."""

    def __init__(self, ck, entries):
        self.ck = ck
        self.by = {}
        self.used = set()
        if not isinstance(entries, list):
            ck.fail("%s: must be a list" % CORRECTIONS_FILE)
            return
        for i, e in enumerate(entries):
            where = "%s[%d]" % (CORRECTIONS_FILE, i)
            keys = ["file", "item", "field", "source", "used", "reason_ja",
                    "reason_en"]
            if not ck.expect(isinstance(e, dict) and sorted(e) == sorted(keys)
                             and all(isinstance(e[k], str) and e[k]
                                     for k in keys),
                             "%s: needs exactly the non-empty strings %s"
                             % (where, ", ".join(keys))):
                continue
            if not ck.expect((e["file"], e["field"]) in CORRECTABLE,
                             "%s: %s %s cannot be corrected"
                             % (where, e["file"], e["field"])):
                continue
            ck.expect(e["source"] != e["used"], "%s: source and used are "
                      "the same" % where)
            key = (e["file"], e["item"], e["field"])
            ck.expect(key not in self.by, "%s: a second correction of %s"
                      % (where, "/".join(key)))
            self.by[key] = e

    def apply(self, file, item, field, text):
        e = self.by.get((file, item, field))
        if e is None:
            return text
        self.used.add((file, item, field))
        if text.count(e["source"]) != 1:
            self.ck.fail("%s: %s %s of %s: the source does not hold %r "
                         "exactly once" % (CORRECTIONS_FILE, file, field,
                                           item, e["source"]))
            return text
        return text.replace(e["source"], e["used"])

    def unapply(self, file, item, field, text):
        e = self.by.get((file, item, field))
        if e is None or text.count(e["used"]) != 1:
            return text
        return text.replace(e["used"], e["source"])

    def check_all_used(self):
        for key in sorted(set(self.by) - self.used):
            self.ck.fail("%s: correction of %s matches no item"
                         % (CORRECTIONS_FILE, "/".join(key)))


def link_terms(defs, text):
    """Ids of the definitions TEXT uses, in order of first use: at each
    position the longest "match" string of any definition wins, and the
    scan goes on after it (one definition per occurrence)."""
    terms = []
    for d in defs:
        for m in d.get("match") or []:
            if isinstance(m, str) and m:
                terms.append((m, d.get("id")))
    out = []
    i = 0
    while i < len(text):
        best = None
        for m, did in terms:
            if text.startswith(m, i) and (best is None or
                                          len(m) > len(best[0])):
                best = (m, did)
        if best is None:
            i += 1
            continue
        if best[1] not in out:
            out.append(best[1])
        i += len(best[0])
    return out


def strip_sup(s):
    return "".join(c for c in s if c not in SUPERSCRIPTS)


def load_json(ck, path):
    """Parse a JSON file and check its formatting; None if unusable."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        ck.fail("%s: cannot read: %s" % (path, e))
        return None
    try:
        text = raw.decode("utf-8")
        obj = json.loads(text)
    except (UnicodeDecodeError, ValueError) as e:
        ck.fail("%s: not valid UTF-8 JSON: %s" % (path, e))
        return None
    want = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    ck.expect(text == want, "%s: not formatted as 2-space indent, "
              "ensure_ascii=False, one trailing newline" % path)
    return obj


def walk_english(ck, name, obj, where=""):
    """Every *_en value is a non-empty string without Japanese (note_en may
    be null together with note_ja)."""
    if isinstance(obj, list):
        for i, x in enumerate(obj):
            walk_english(ck, name, x, "%s[%d]" % (where, i))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            here = "%s.%s" % (where, k)
            if k.endswith("_en"):
                if v is None and k == "note_en" and obj.get("note_ja") is None:
                    continue
                if not isinstance(v, str) or not v.strip():
                    ck.fail("%s%s: English text is empty" % (name, here))
                elif RE_JAPANESE.search(v):
                    ck.fail("%s%s: English text contains Japanese: %r"
                            % (name, here, RE_JAPANESE.search(v).group(0)))
            else:
                walk_english(ck, name, v, here)


def walk_no_superscripts(ck, name, obj, where=""):
    if isinstance(obj, list):
        for i, x in enumerate(obj):
            walk_no_superscripts(ck, name, x, "%s[%d]" % (where, i))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            walk_no_superscripts(ck, name, v, "%s.%s" % (where, k))
    elif isinstance(obj, str):
        if any(c in SUPERSCRIPTS for c in obj):
            ck.fail("%s%s: footnote marker left in text" % (name, where))


# --- facts read from the raw source, without the extractor ---------------

def part3_lines(lines):
    """Indexes [start, end) of Part 3 in the body (not the table of
    contents, whose lines contain tabs)."""
    start = lines.index("第3部 安全基準等において規定されるべき事項")
    end = lines.index("附 則", start)
    return start, end


def find_in_source(lines, req):
    """Locate a requirement in the raw lines: its heading, then its
    circled item, then its text continued over following lines, skipping
    blank lines and footnote lines.  Returns an error string or None."""
    start, end = part3_lines(lines)
    head = None
    for i in range(start, end):
        if lines[i].startswith(req["section"] + " ") and "\t" not in lines[i]:
            head = i
            break
    if head is None:
        return "heading %s not found in source" % req["section"]
    circ = CIRCLED[req["n"] - 1]
    item = None
    for i in range(head + 1, end):
        if re.match(r"^3\.[2-7](\.\d+)* ", lines[i]):
            break
        if lines[i].startswith("- %s " % circ):
            item = i
            break
    if item is None:
        return "item %s not found under heading %s" % (circ, req["section"])
    rest = req["text_ja"]
    piece = strip_sup(lines[item][4:].rstrip())
    if not rest.startswith(piece):
        return "text differs from source line %d" % (item + 1)
    rest = rest[len(piece):]
    k = item + 1
    while rest:
        while k < end and (not lines[k].strip()
                           or lines[k][0] in SUPERSCRIPTS):
            k += 1
        if k >= end:
            return "text runs past the end of Part 3"
        piece = strip_sup(lines[k].strip())
        if not piece or not rest.startswith(piece):
            return ("text differs from source after line %d "
                    "(expected continuation %r)" % (k, rest[:20]))
        rest = rest[len(piece):]
        k += 1
    return None


def main(argv):
    if len(argv) != 1:
        sys.stderr.write("usage: check_standard.py DATA_DIR\n")
        return 2
    data = argv[0]
    ref = os.path.normpath(os.path.join(data, "..", "..", "reference"))
    ck = Checker()

    src_path = os.path.join(data, "source.txt")
    try:
        with open(src_path, "rb") as f:
            src_bytes = f.read()
        src = src_bytes.decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print("FAIL %s: %s" % (src_path, e))
        return 1
    for seed in SEED_PATHS:
        if os.path.isfile(seed):
            with open(seed, "rb") as f:
                ck.expect(f.read() == src_bytes,
                          "source.txt differs from the shared seed %s" % seed)
            break
    lines = src.split("\n")

    try:
        x = ex.extract(src)
    except ex.ExtractError as e:
        print("FAIL extraction: %s" % e)
        return 1

    files = {}
    for name in ["standard", "functions", "sections", "requirements",
                 "definitions", "measures", "sectors", "ministries",
                 "safety_classes"]:
        files[name] = load_json(ck, os.path.join(data, name + ".json"))
    for name in ["csf-2.0", "prefectures"]:
        files[name] = load_json(ck, os.path.join(ref, name + ".json"))
    if any(v is None for v in files.values()):
        return report(ck)
    corr_path = os.path.join(data, CORRECTIONS_FILE)
    corr_list = []
    if os.path.exists(corr_path):
        corr_list = load_json(ck, corr_path)
        if corr_list is None:
            return report(ck)
        walk_english(ck, "corrections", corr_list)
    corr = Corrections(ck, corr_list)
    for name, obj in files.items():
        walk_english(ck, name, obj)
        if name not in ("csf-2.0", "prefectures"):
            walk_no_superscripts(ck, name, obj)

    check_standard(ck, files["standard"], src)
    check_functions(ck, files["functions"])
    sections = check_sections(ck, files["sections"], x)
    check_requirements(ck, files["requirements"], x, sections, lines,
                       files["csf-2.0"], corr)
    check_definitions(ck, files["definitions"], files["requirements"], x, src,
                      corr)
    corr.check_all_used()
    check_measures(ck, files["measures"], x, lines)
    check_sectors(ck, files["sectors"], files["ministries"], src)
    check_sector_ministries(ck, files["sectors"])
    check_classes(ck, files["safety_classes"], x, lines)
    check_csf(ck, files["csf-2.0"])
    check_prefectures(ck, files["prefectures"])
    return report(ck)


def report(ck):
    if ck.errors:
        for e in ck.errors:
            print("FAIL " + e)
        print("%d problem(s)" % len(ck.errors))
        return 1
    print("ok: standard data matches source")
    return 0


def check_standard(ck, st, src):
    ck.expect(st == EXPECTED_STANDARD,
              "standard.json: expected exactly %r" % EXPECTED_STANDARD)
    ck.expect(EXPECTED_STANDARD["title_ja"] in src,
              "source.txt: title not found")
    ck.expect("令和 8 年 10 月 1 日から施行する" in src,
              "source.txt: effective date (令和8年10月1日) not found")


def check_functions(ck, fn):
    ck.expect(fn == EXPECTED_FUNCTIONS,
              "functions.json: does not match the six functions 3.2-3.7")


def check_sections(ck, secs, x):
    ck.expect(len(secs) == EXPECTED_SECTION_COUNT,
              "sections.json: %d sections, expected %d"
              % (len(secs), EXPECTED_SECTION_COUNT))
    ids = [s.get("id") for s in secs]
    ck.expect(len(set(ids)) == len(ids), "sections.json: duplicate ids")
    want = [(s["id"], s["parent"], s["title_ja"]) for s in x["sections"]]
    got = [(s.get("id"), s.get("parent"), s.get("title_ja")) for s in secs]
    if got != want:
        for g, w in zip(got, want):
            if g != w:
                ck.fail("sections.json: %r, source has %r" % (g, w))
                break
        else:
            ck.fail("sections.json: %d sections, source has %d"
                    % (len(got), len(want)))
    func = {f["section"]: f["code"] for f in EXPECTED_FUNCTIONS}
    seen = set()
    for s in secs:
        sid = s.get("id", "?")
        top = ".".join(sid.split(".")[:2])
        ck.expect(s.get("function") == func.get(top),
                  "sections.json %s: function %r, expected %r"
                  % (sid, s.get("function"), func.get(top)))
        if s.get("parent") is None:
            ck.expect(sid in func, "sections.json %s: top-level section "
                      "without a function" % sid)
        else:
            ck.expect(s["parent"] in seen, "sections.json %s: parent %s "
                      "not before it" % (sid, s["parent"]))
        seen.add(sid)
    top = [s.get("id") for s in secs if s.get("parent") is None]
    ck.expect(top == ["3.2", "3.3", "3.4", "3.5", "3.6", "3.7"],
              "sections.json: top-level sections are %r" % top)
    s37 = [s for s in secs if s.get("id") == "3.7"]
    ck.expect(s37 and s37[0].get("title_ja") == "技術・脅威の動向等を踏まえた対策",
              "sections.json: 3.7 must carry its full heading")
    return {s.get("id") for s in secs}


def check_requirements(ck, reqs, x, sections, lines, csf, corr):
    ck.expect(len(reqs) == 90, "requirements.json: %d requirements, "
              "expected 90" % len(reqs))
    ck.expect(len(x["requirements"]) == 90, "source: extractor found %d "
              "requirements, expected 90" % len(x["requirements"]))
    start, end = part3_lines(lines)
    items = [l for l in lines[start:end]
             if re.match("^- [%s] " % CIRCLED, l)]
    ck.expect(len(items) == 90, "source: %d circled items in Part 3, "
              "expected 90" % len(items))

    ids = [r.get("id") for r in reqs]
    ck.expect(len(set(ids)) == len(ids), "requirements.json: duplicate ids")
    ck.expect(ids == [r["id"] for r in x["requirements"]],
              "requirements.json: ids or their order differ from the source")

    counts = {}
    prev_section, prev_n = None, 0
    order = {s: i for i, s in enumerate(sorted(
        sections, key=lambda v: [int(p) for p in v.split(".")]))}
    last_pos = -1
    for r in reqs:
        rid = r.get("id", "?")
        sec, n = r.get("section"), r.get("n")
        ck.expect(sec in sections, "%s: section %r does not exist"
                  % (rid, sec))
        ck.expect(rid == "%s-%s" % (sec, n), "%s: id does not match "
                  "section %r and n %r" % (rid, sec, n))
        if sec != prev_section:
            ck.expect(n == 1, "%s: first item of %s must be 1" % (rid, sec))
            pos = order.get(sec, -1)
            ck.expect(pos > last_pos, "%s: section out of order" % rid)
            last_pos = pos
        else:
            ck.expect(n == prev_n + 1, "%s: item numbers not consecutive"
                      % rid)
        prev_section, prev_n = sec, n
        counts[sec] = counts.get(sec, 0) + 1

        t = r.get("text_ja", "")
        ck.expect(isinstance(t, str) and t.endswith("。"),
                  "%s: text_ja must be a sentence ending in 。" % rid)
        ck.expect(not t.startswith("- ") and t[:1] not in CIRCLED,
                  "%s: bullet or circled number left in text_ja" % rid)
        ck.expect("\n" not in t and "  " not in t,
                  "%s: stray line break or spaces in text_ja" % rid)
        raw = dict(r, text_ja=corr.unapply("requirements.json", r.get("id"),
                                           "text_ja", t))
        err = find_in_source(lines, raw)
        if err:
            ck.fail("%s: %s" % (rid, err))
        c = r.get("csf")
        if ck.expect(isinstance(c, list) and 1 <= len(c) <= 3
                     and len(set(c)) == len(c),
                     "%s: csf must list 1-3 distinct categories" % rid):
            known = {e["id"] for e in csf}
            for cid in c:
                ck.expect(cid in known, "%s: csf %r is not a current CSF 2.0 "
                          "category" % (rid, cid))
    ck.expect(counts == EXPECTED_COUNTS,
              "requirements.json: per-section counts %r differ from %r"
              % (counts, EXPECTED_COUNTS))
    fcounts = {}
    for r in reqs:
        top = ".".join(r.get("section", "").split(".")[:2])
        fcounts[top] = fcounts.get(top, 0) + 1
    ck.expect(fcounts == EXPECTED_FUNCTION_COUNTS,
              "requirements.json: per-function counts %r" % fcounts)

    byid = {r["id"]: r for r in x["requirements"]}
    for r in reqs:
        want = byid.get(r.get("id"))
        if want is None:
            continue
        wt = corr.apply("requirements.json", r["id"], "text_ja",
                        want["text_ja"])
        if r.get("text_ja") != wt:
            ck.fail("%s: text_ja differs from the source:\n  data:   %s\n"
                    "  source: %s" % (r["id"], r.get("text_ja"), wt))


def definition_position(d, src):
    """Where the standard defines D: its footnote's marker, or the
    「term」という of the text.  None when not found."""
    n = d.get("footnote")
    if isinstance(n, int) and n > 0:
        mark = "".join(SUPERSCRIPTS[int(c)] for c in str(n))
        for m in re.finditer("[%s]+" % SUPERSCRIPTS, src):
            if m.group(0) == mark:
                return m.start()
        return None
    p = src.find("「%s」という" % d.get("term_ja"))
    return p if p >= 0 else None


def check_definitions(ck, defs, reqs, x, src, corr):
    fns = x["footnotes"]
    parts = x["footnote_parts"]
    fsecs = x["footnote_sections"]
    here = x["defined_terms"]
    ids = [d.get("id") for d in defs]
    ck.expect(len(set(ids)) == len(ids), "definitions.json: duplicate ids")
    nums = [d.get("footnote") for d in defs if d.get("footnote")]
    ck.expect(nums == sorted(set(nums)),
              "definitions.json: footnotes not unique and in order")
    ck.expect(set(nums) == set(fns),
              "definitions.json: footnotes %r have no entry"
              % sorted(set(fns) - set(nums)))
    terms_here = [d.get("term_ja") for d in defs if d.get("footnote") == 0]
    ck.expect(len(set(terms_here)) == len(terms_here)
              and set(terms_here) == set(here),
              "definitions.json: the terms the text defines with 以下「…」"
              "という are %r, the data has %r" % (sorted(here),
                                                 sorted(terms_here)))
    ck.expect(set(ids) >= set(EXPECTED_LINKS),
              "definitions.json: missing %r"
              % sorted(set(EXPECTED_LINKS) - set(ids)))
    pos = [definition_position(d, src) for d in defs]
    if all(p is not None for p in pos):
        ck.expect(pos == sorted(pos), "definitions.json: entries not in the "
                  "order the standard defines them")
    links = {}
    for r in reqs:
        for did in link_terms(defs, r.get("text_ja", "")):
            links.setdefault(did, []).append(r["id"])
    for d in defs:
        did = d.get("id", "?")
        n = d.get("footnote")
        term = d.get("term_ja", "")
        ck.expect(isinstance(did, str) and RE_SLUG.match(did) is not None,
                  "definitions.json %r: id must be a lowercase ascii slug"
                  % did)
        if not ck.expect(isinstance(n, int) and not isinstance(n, bool)
                         and (n == 0 or n in fns),
                         "%s: footnote %r does not exist" % (did, n)):
            continue
        if n > 0:
            want = corr.apply("definitions.json", did, "text_ja", fns[n])
            ck.expect(d.get("text_ja") == want,
                      "%s: text_ja differs from footnote %d:\n  data:   %s\n"
                      "  source: %s" % (did, n, d.get("text_ja"), want))
            ck.expect(d.get("section") == fsecs.get(n),
                      "%s: section %r, the marker of footnote %d is in %r"
                      % (did, d.get("section"), n, fsecs.get(n)))
            marked = d.get("marked_ja", term)
            ck.expect(isinstance(marked, str) and marked and
                      (marked != term or "marked_ja" not in d),
                      "%s: marked_ja, when given, differs from the term"
                      % did)
            marker = str(marked) + "".join(SUPERSCRIPTS[int(c)]
                                           for c in str(n))
            ck.expect(term and marker in src,
                      "%s: the source has no %r (term, or marked_ja, with "
                      "its footnote marker)" % (did, marker))
        else:
            h = here.get(term)
            if not ck.expect(h is not None, "%s: the text does not define "
                             "%r with 以下「…」という" % (did, term)):
                continue
            ck.expect("marked_ja" not in d, "%s: marked_ja belongs to "
                      "footnote terms" % did)
            ck.expect(d.get("section") == h["section"],
                      "%s: section %r, the text defines it in %r"
                      % (did, d.get("section"), h["section"]))
            t = d.get("text_ja")
            m = defined_here_re(term).search(h["text"])
            before = h["text"][:m.start()] if m else ""
            ck.expect(isinstance(t, str) and t and t in before,
                      "%s: text_ja is not the wording that precedes "
                      "「%s」という in the source" % (did, term))
        m = d.get("match")
        if not ck.expect(isinstance(m, list) and m and all(
                isinstance(s, str) and term in s for s in m),
                "%s: match must be a non-empty list of strings containing "
                "the term" % did):
            continue
        linked = links.get(did, [])
        if did in EXPECTED_LINKS:
            ck.expect(linked == EXPECTED_LINKS[did],
                      "%s: links to %r, expected %r"
                      % (did, linked, EXPECTED_LINKS[did]))
        elif linked:
            ck.fail("%s: links to %r, which is not in the expected table"
                    % (did, linked))
        if not linked:
            part = parts.get(n) if n else int(d.get("section", "0")[:1])
            ck.expect(part in (1, 2),
                      "%s: links to no requirement and is not a Part 1/2 "
                      "term" % did)


def defined_here_re(term):
    return re.compile("以下(?:あわせて)?「%s」という" % re.escape(term))


def check_measures(ck, meas, x, lines):
    ck.expect(len(meas) == 5, "measures.json: %d categories, expected 5"
              % len(meas))
    ck.expect([m.get("n") for m in meas] == [1, 2, 3, 4, 5],
              "measures.json: categories must be numbered 1-5")
    want = {m["n"]: m for m in x["measures"]}
    for m in meas:
        n = m.get("n")
        w = want.get(n)
        if not ck.expect(w is not None, "measures.json: (%r) not in source"
                         % n):
            continue
        ck.expect("(%d) %s" % (n, m.get("title_ja")) in lines,
                  "measures (%d): heading %r not in source"
                  % (n, m.get("title_ja")))
        ck.expect(m.get("title_ja") == w["title_ja"],
                  "measures (%d): title_ja differs" % n)
        ck.expect(m.get("text_ja") == w["text_ja"],
                  "measures (%d): text_ja differs from the source" % n)
        items = [i.get("text_ja") for i in m.get("measures", [])]
        ck.expect(items == w["measures"],
                  "measures (%d): main measures differ from the source" % n)
        ck.expect(len(items) >= 2, "measures (%d): too few measures" % n)
        for it in items:
            ok = any(strip_sup(l) in ("- ・" + it, "- ・ " + it)
                     for l in lines)
            ck.expect(ok, "measures (%d): %r is not a bullet in the source"
                      % (n, it))


def check_sectors(ck, sectors, ministries, src):
    m = re.search("重要インフラ防護の範囲[^\n]*", src)
    listed = re.findall("「([^」]+)」", m.group(0)) if m else []
    ck.expect(len(listed) == 16, "source: §1.2 lists %d sectors" % len(listed))
    ck.expect(len(sectors) == 16, "sectors.json: %d sectors, expected 16"
              % len(sectors))
    ck.expect([s.get("name_ja") for s in sectors] == listed,
              "sectors.json: names or order differ from §1.2")
    ck.expect([s.get("code") for s in sectors] == EXPECTED_SECTOR_CODES,
              "sectors.json: codes differ from the product brief")
    mcodes = {x.get("code"): x.get("name_ja") for x in ministries}
    ck.expect(mcodes == EXPECTED_MINISTRIES,
              "ministries.json: expected %r" % EXPECTED_MINISTRIES)
    for s in sectors:
        ms = s.get("ministries")
        ck.expect(isinstance(ms, list) and ms and all(c in mcodes for c in ms),
                  "sectors.json %s: unknown ministries %r"
                  % (s.get("code"), ms))
        ck.expect((s.get("note_ja") is None) == (s.get("note_en") is None),
                  "sectors.json %s: note_ja and note_en must both be set or "
                  "both null" % s.get("code"))
    by = {s.get("code"): s for s in sectors}
    ck.expect(by.get("water", {}).get("ministries") == ["mlit", "env"]
              and by["water"].get("note_ja"),
              "sectors.json water: ministries mlit+env with a note")
    ck.expect(by.get("government", {}).get("note_ja"),
              "sectors.json government: note expected")


def check_sector_ministries(ck, sectors):
    """Which ministries hold a sector whole and which only the operators
    assigned to them: water is held whole by both of its ministries (supply
    and quality); in government services each ministry holds its own."""
    for s in sectors:
        ms, part = s.get("ministries"), s.get("ministries_partial")
        ck.expect(isinstance(part, list) and isinstance(ms, list)
                  and all(c in ms for c in part)
                  and len(set(part)) == len(part) and len(set(ms)) == len(ms),
                  "sectors.json %s: ministries_partial %r must be a list of "
                  "the sector's ministries" % (s.get("code"), part))
        if s.get("code") not in ("government",):
            ck.expect(part == [], "sectors.json %s: only government services "
                      "are shared between ministries" % s.get("code"))
    by = {s.get("code"): s for s in sectors}
    gov = by.get("government", {})
    ck.expect(len(gov.get("ministries") or []) > 1
              and gov.get("ministries_partial") == gov.get("ministries"),
              "sectors.json government: every ministry holds only its own "
              "services")


def check_classes(ck, classes, x, lines):
    ck.expect(len(classes) == 4, "safety_classes.json: %d classes, "
              "expected 4" % len(classes))
    want = {c["n"]: c["text_ja"] for c in x["safety_classes"]}
    for c, (n, name, binding) in zip(classes, EXPECTED_CLASSES):
        ck.expect((c.get("n"), c.get("name_ja"), c.get("binding"))
                  == (n, name, binding),
                  "safety_classes.json: class %r should be %r"
                  % (c.get("n"), (n, name, binding)))
        ck.expect(c.get("text_ja") == want.get(n),
                  "safety_classes.json %r: text_ja differs from footnote 10"
                  % c.get("n"))
        ck.expect("- %s %s" % (CIRCLED[n - 1], c.get("text_ja")) in lines,
                  "safety_classes.json %r: text_ja not a line of the source"
                  % c.get("n"))


def check_csf(ck, csf):
    ids = [e.get("id") for e in csf]
    ck.expect(len(set(ids)) == len(ids), "csf-2.0.json: duplicate ids")
    for e in csf:
        ck.expect(RE_CSF_ID.match(e.get("id", "")) is not None
                  and e["id"].split(".")[0] == e.get("function")
                  and e.get("function_title") and e.get("title")
                  and e.get("statement"),
                  "csf-2.0.json: incomplete entry %r" % e.get("id"))
    for path in OSCAL_CSF_PATHS:
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            cat = json.load(f)["catalog"]
        live = []
        for g in cat["groups"]:
            for c in g.get("controls", []):
                if c.get("class") == "category" and not any(
                        p.get("name") == "status" and p.get("value") ==
                        "withdrawn" for p in c.get("props", [])):
                    live.append(c["id"])
        ck.expect(ids == live, "csf-2.0.json: categories differ from the "
                  "non-withdrawn categories of %s" % path)
        break


def check_prefectures(ck, prefs):
    ck.expect(len(prefs) == 47, "prefectures.json: %d entries, expected 47"
              % len(prefs))
    ck.expect([p.get("code") for p in prefs]
              == ["%02d" % i for i in range(1, 48)],
              "prefectures.json: codes must be 01-47 in order")
    names = [p.get("name_ja") for p in prefs]
    ck.expect(len(set(names)) == len(names), "prefectures.json: duplicates")
    ck.expect(all(isinstance(s, str) and s[-1:] in "都道府県" for s in names),
              "prefectures.json: every name ends in 都, 道, 府 or 県")
    ck.expect(names[:1] == ["北海道"] and names[12:13] == ["東京都"]
              and names[-1:] == ["沖縄県"],
              "prefectures.json: 01 北海道, 13 東京都, 47 沖縄県 expected")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
