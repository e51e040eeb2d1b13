#!/usr/bin/env python3
"""
Benchmark: the analysis views (issue 13: under 25 ms of server time for the
national view and under 10 ms for a sector view at 20,000 operators, five
years of answers; at least 500 requests/s on the national view with 30
concurrent clients).

Generates the demo of N operators over YEARS years as of 2026-12-05, serves
it with `kijun serve`, signs in as the NCO's demo user and asks the
national, a sector's (medical) and a requirement's analysis of FY2026
ROUNDS times each, reading the server's own time of each request from its
access log ("us"); then, as the baseline of the same run, computes the same
figures with a plain GROUP BY over the answers in sqlite3 (the national
counts per sector, requirement and level; the sector's per requirement and
level and per breakdown value); then loads the national view with CLIENTS
concurrent keep-alive clients for SECONDS seconds (bench_load) and prints
the requests per second and the server's resident memory.

  bench_analysis.py KIJUN BENCH_LOAD SCRATCH [OPERATORS] [YEARS] [ROUNDS] [CLIENTS] [SECONDS]
"""
import http.cookiejar
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

kijun, load, scratch = sys.argv[1], sys.argv[2], sys.argv[3]
operators = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
years = int(sys.argv[5]) if len(sys.argv) > 5 else 5
rounds = int(sys.argv[6]) if len(sys.argv) > 6 else 21
clients = int(sys.argv[7]) if len(sys.argv) > 7 else 30
seconds = int(sys.argv[8]) if len(sys.argv) > 8 else 5
PASSWORD = "kijun-demo-2026"
FY = 2026
PAGES = [f"/api/v1/analysis/national?fy={FY}", f"/api/v1/analysis/sectors/medical?fy={FY}",
         f"/api/v1/analysis/requirements/3.2.1-1?fy={FY}"]

# The same figures counted from the answers (the baseline).
SUBMITTED = """ FROM survey s JOIN survey_respondent sr ON sr.survey_id = s.id
 JOIN response p ON p.survey_id = s.id AND p.organisation_id = sr.organisation_id
 JOIN answer a ON a.response_id = p.id JOIN organisation o ON o.id = p.organisation_id
 WHERE s.fiscal_year = ? AND s.kind = 'questionnaire' AND s.owner_kind <> 'ministry'
 AND p.status = 'submitted'"""
BASELINE = {
    "national": ["SELECT sr.sector_code, a.requirement_id, COALESCE(a.level, -1), COUNT(*)"
                 + SUBMITTED + " GROUP BY 1, 2, 3"],
    "sector": ["SELECT a.requirement_id, COALESCE(a.level, -1), COUNT(*)" + SUBMITTED
               + " AND sr.sector_code = 'medical' GROUP BY 1, 2"]
    + ["SELECT " + col + ", COALESCE(a.level, -1), COUNT(*)" + SUBMITTED
       + " AND sr.sector_code = 'medical' GROUP BY 1, 2"
       for col in ("o.size_class", "sr.prefecture_code", "o.core_infra", "o.local_gov")],
}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


os.makedirs(scratch, exist_ok=True)
db = os.path.join(scratch, "analysis.db")
for f in (db, db + "-wal", db + "-shm"):
    if os.path.exists(f):
        os.unlink(f)
run(kijun, "init", "--db", db)
t0 = time.monotonic()
run(kijun, "demo", "--db", db, "--operators", str(operators), "--seed", "2026",
    "--years", str(years), "--today", "2026-12-05")
print(f"demo of {operators} operators, {years} years, as of 2026-12-05: "
      f"{time.monotonic() - t0:.1f} s")
con = sqlite3.connect(db)
answers = con.execute("SELECT COUNT(*) FROM answer a JOIN response p ON p.id = a.response_id"
                      " JOIN survey s ON s.id = p.survey_id WHERE s.fiscal_year = ?",
                      (FY,)).fetchone()[0]
print(f"FY{FY}: {answers} answers")
print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
      "(figures of the same run compare; absolute ones depend on the machine)")

port = free_port()
log_path = os.path.join(scratch, "serve.log")
log = open(log_path, "w")
proc = subprocess.Popen([kijun, "serve", "--db", db, "--listen", f"127.0.0.1:{port}"],
                        stdout=log, stderr=subprocess.STDOUT)
base = f"http://127.0.0.1:{port}"
try:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/signin", timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = op.open(base + "/signin").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    data = {"login": "demo-nco", "password": PASSWORD}
    if csrf:
        data["csrf"] = csrf.group(1)
    op.open(base + "/signin", urllib.parse.urlencode(data).encode())
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "kijun_session")
    nat = json.loads(op.open(base + PAGES[0]).read().decode())
    print(f"national view: {nat['national']['submitted']} responses submitted, "
          f"previous year {nat['previous_fy']}")
    op.open(base + "/favicon.ico").read()	# marks where the timed requests begin
    for p in PAGES:
        for _ in range(rounds + 1):
            op.open(base + p).read()
    time.sleep(0.2)
    entries = []
    with open(log_path) as f:
        for line in f:
            if line.startswith("{"):
                e = json.loads(line)
                if e["path"] == "/favicon.ico":
                    entries = []
                else:
                    entries.append(e["us"] / 1000.0)
    times = {p: entries[i * (rounds + 1) + 1:(i + 1) * (rounds + 1)]
             for i, p in enumerate(PAGES)}
    base_ms = {}
    for name, queries in BASELINE.items():
        runs = []
        for _ in range(3):
            t = time.monotonic()
            for q in queries:
                con.execute(q, (FY,)).fetchall()
            runs.append((time.monotonic() - t) * 1000.0)
        base_ms[name] = statistics.median(runs)
    print(f"server time, median of {rounds} after a warm-up (ms), beside a plain sqlite3"
          " GROUP BY of the same figures (median of 3):")
    for p, name in zip(PAGES, ["national", "sector", None]):
        med = statistics.median(times[p])
        note = ""
        if name:
            note = f"   GROUP BY {base_ms[name]:9.1f} ms  ({base_ms[name] / med:.0f}x)"
        print(f"  {p:48} {med:8.2f}{note}")
    print(f"requests/s with {clients} concurrent clients, {seconds} s:")
    time.sleep(2)
    out = subprocess.run([load, "127.0.0.1", str(port), PAGES[0], cookie, str(clients),
                          str(seconds)], capture_output=True, text=True)
    print(f"  {PAGES[0]:48} {out.stdout.strip() or out.stderr.strip()}")
    print(f"server resident memory: {rss_kib(proc.pid) / 1024:.0f} MiB")
finally:
    proc.terminate()
    proc.wait()
    log.close()
    con.close()
