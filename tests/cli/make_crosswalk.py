#!/usr/bin/env python3
"""Writes NEW/crosswalk.json for the CLI tests: OLD's requirements to NEW's
by equal id (same or reworded by the Japanese text), old-only ids removed,
new-only ids new. Entries given as JSON in the third argument replace the
automatic entries of the ids they name.

usage: make_crosswalk.py OLD_DIR NEW_DIR ['[{"kind": ..., "from": [...], "to": [...]}]']
"""
import json
import sys

old_dir, new_dir = sys.argv[1], sys.argv[2]
extra = json.loads(sys.argv[3]) if len(sys.argv) > 3 else []


def load(d, n):
    with open(d + "/" + n, encoding="utf-8") as f:
        return json.load(f)


old = {r["id"]: r["text_ja"] for r in load(old_dir, "requirements.json")}
new = {r["id"]: r["text_ja"] for r in load(new_dir, "requirements.json")}
taken_from = {i for e in extra for i in e["from"]}
taken_to = {i for e in extra for i in e["to"]}
entries = []
for i, text in old.items():
    if i in taken_from:
        continue
    if i in new and i not in taken_to:
        kind = "same" if new[i] == text else "reworded"
        entries.append({"kind": kind, "from": [i], "to": [i]})
    else:
        entries.append({"kind": "removed", "from": [i], "to": []})
for i in new:
    if i not in old and i not in taken_to:
        entries.append({"kind": "new", "from": [], "to": [i]})
    elif i in old and i in taken_from and i not in taken_to:
        entries.append({"kind": "new", "from": [], "to": [i]})
entries += extra
xw = {"from": load(old_dir, "standard.json")["version"], "entries": entries}
with open(new_dir + "/crosswalk.json", "w", encoding="utf-8") as f:
    json.dump(xw, f, ensure_ascii=False, indent=1)
