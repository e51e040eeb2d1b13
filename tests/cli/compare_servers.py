#!/usr/bin/env python3
"""
Compares two running kijun servers' answers, signed in as the NCO's demo
user on each: the JSON API (the whole registry page by page, every
organisation's record of a sample, the coverage, each sector's safety
standards) and the audit trail's pages. Exit 0 if every answer is the same,
1 with the first differences.

  compare_servers.py BASE_A BASE_B [PASSWORD]
"""
import http.cookiejar
import json
import re
import sys
import urllib.parse
import urllib.request

bases = sys.argv[1:3]
password = sys.argv[3] if len(sys.argv) > 3 else "kijun-demo-2026"


def opener(base):
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = op.open(base + "/signin").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    data = {"login": "demo-nco", "password": password}
    if csrf:
        data["csrf"] = csrf.group(1)
    op.open(base + "/signin", urllib.parse.urlencode(data).encode())
    return op


ops = [opener(b) for b in bases]


def get(i, path):
    r = ops[i].open(bases[i] + path)
    return r.status, r.read().decode()


def both(path, as_json=True):
    a, b = get(0, path), get(1, path)
    if as_json:
        a = (a[0], json.loads(a[1]))
        b = (b[0], json.loads(b[1]))
    return a, b


differences = []
compared = 0


def same(path, as_json=True, strip=None):
    global compared
    a, b = both(path, as_json)
    if strip:
        a = (a[0], strip(a[1]))
        b = (b[0], strip(b[1]))
    compared += 1
    if a != b:
        differences.append(path)
    return a[1]


ids = []
offset = 0
while True:
    page = same(f"/api/v1/organisations?limit=500&offset={offset}")
    items = page["items"]
    ids += [o["id"] for o in items if "id" in o]
    offset += 500
    if offset >= page.get("total", 0):
        break
for sector in ("electricity", "medical", "water", "government", "finance"):
    same(f"/api/v1/organisations?sector={sector}&limit=500")
for i in ids[:: max(1, len(ids) // 200)]:
    same(f"/api/v1/organisations/{i}")
cov = same("/api/v1/coverage")
for sector in ("electricity", "gas", "medical", "water", "railway"):
    same(f"/api/v1/sectors/{sector}/safety")
# The audit trail as its page shows it, but for the entries that this
# comparison writes itself at each server's own time (sign-ins, exports),
# and the page's own CSRF token.
no_token = lambda html: re.sub(r'name="csrf" value="[^"]*"', "", html)
for q in ("?action=demo", "?action=safety", "?action=safety&page=2", "?action=catalog",
          "?action=user", "?action=org"):
    same("/audit" + q, as_json=False, strip=no_token)

print(f"{compared} answers compared, {len(ids)} organisations listed")
if differences:
    print("DIFFERENT:", *differences[:10], sep="\n  ")
    sys.exit(1)
