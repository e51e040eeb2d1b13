#!/usr/bin/env python3
"""The data check itself: it passes on the data as committed, and fails
when the editorial correction is removed, when a corrected text or any
other text deviates from the source by one character, when a correction
is not needed, and when a definition links by substring instead of by the
longest term.

Usage: test_check_standard.py DATA_DIR      (e.g. data/standard/2026)
Each case runs check_standard.py on a copy in a temporary folder.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = os.path.join(HERE, "check_standard.py")


def save(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def run(data):
    p = subprocess.run([sys.executable, CHECK, data], capture_output=True,
                       text=True)
    return p.returncode, p.stdout + p.stderr


def by_id(items, id_):
    return next(x for x in items if x["id"] == id_)


def main(argv):
    src = os.path.abspath(argv[0])
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        def case(name, mutate, want_rc, want_text):
            root = os.path.join(tmp, name)
            data = os.path.join(root, "standard", "2026")
            shutil.copytree(src, data)
            shutil.copytree(os.path.join(src, "..", "..", "reference"),
                            os.path.join(root, "reference"))
            mutate(data)
            rc, out = run(data)
            if rc != want_rc or want_text not in out:
                failures.append("%s: exit %d, expected %d with %r:\n%s"
                                % (name, rc, want_rc, want_text, out))

        def defs_edit(fn):
            def m(data):
                p = os.path.join(data, "definitions.json")
                d = load(p)
                fn(d)
                save(p, d)
            return m

        def no_corrections(data):
            os.remove(os.path.join(data, "corrections.json"))

        def empty_corrections(data):
            save(os.path.join(data, "corrections.json"), [])

        def useless_correction(data):
            p = os.path.join(data, "corrections.json")
            c = load(p)
            c.append(dict(c[0], item="triage"))
            save(p, c)

        def ci_service_typo(d):
            e = by_id(d, "ci-service")
            e["text_ja"] = e["text_ja"].replace("国民生活", "国民性活")

        def other_typo(d):
            e = by_id(d, "triage")
            e["text_ja"] = e["text_ja"][:-1] + "．"

        def body_term_text(d):
            e = by_id(d, "action-plan")
            e["text_ja"] = e["text_ja"].replace("官民の", "官民が")

        def substring_links(d):
            # The narrow BCP term claims 事業継続計画等 as well.
            by_id(d, "business-continuity-plans-etc")["match"] = ["事業継続計画等X"]

        def drop_term(d):
            d[:] = [e for e in d if e["id"] != "action-plan"]

        case("as-committed", lambda data: None, 0, "ok:")
        case("no-corrections-file", no_corrections, 1, "ci-service")
        case("empty-corrections", empty_corrections, 1,
             "ci-service: text_ja differs from footnote 16")
        case("unneeded-correction", useless_correction, 1,
             "the source does not hold")
        case("typo-in-corrected-text", defs_edit(ci_service_typo), 1,
             "ci-service: text_ja differs")
        case("typo-elsewhere", defs_edit(other_typo), 1,
             "triage: text_ja differs")
        case("body-term-wording", defs_edit(body_term_text), 1,
             "action-plan: text_ja is not the wording")
        case("substring-links", defs_edit(substring_links), 1,
             "business-continuity-plan: links to")
        case("missing-body-term", defs_edit(drop_term), 1,
             "以下「…」という")
    for f in failures:
        print("FAIL " + f)
    if failures:
        return 1
    print("ok: the data check refuses every deviation tried")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
