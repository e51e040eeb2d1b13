#!/usr/bin/env python3
"""
Benchmark: a survey's progress page while the survey is open (issue 12:
under 20 ms of server time at 20,000 operators, and at least 1,000
requests/s with 30 concurrent clients).

Generates the demo of N operators as of 2026-12-05 (this year's survey open,
part answered), serves it with `kijun serve`, signs in as the NCO's demo
user and asks the campaign page /surveys/1 (its figures by sector, ministry
and prefecture, and the first page of the chase list), the progress API and
the home page (its national figures from the same counts) ROUNDS times each,
reading the server's own time of each request from its access log ("us");
then loads each page with CLIENTS concurrent keep-alive clients for SECONDS
seconds (bench_load) and prints the requests per second. The baseline of the
same run is the same figures counted by plain sqlite3 GROUP BYs over the
respondents and their responses (by sector and status, by prefecture and
status, each operator once), as a page that counts per request would.

  bench_progress.py KIJUN BENCH_LOAD SCRATCH [OPERATORS] [ROUNDS] [CLIENTS] [SECONDS]
"""
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time

from kjbench import Server

kijun, load, scratch = sys.argv[1], sys.argv[2], sys.argv[3]
operators = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 21
clients = int(sys.argv[6]) if len(sys.argv) > 6 else 30
seconds = int(sys.argv[7]) if len(sys.argv) > 7 else 5
PAGES = ["/surveys/1", "/api/v1/surveys/1/progress", "/"]


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True)


os.makedirs(scratch, exist_ok=True)
db = os.path.join(scratch, "progress.db")
for f in (db, db + "-wal", db + "-shm"):
    if os.path.exists(f):
        os.unlink(f)
run(kijun, "init", "--db", db)
t0 = time.monotonic()
run(kijun, "demo", "--db", db, "--operators", str(operators), "--seed", "2026",
    "--years", "1", "--today", "2026-12-05")
print(f"demo of {operators} operators as of 2026-12-05: {time.monotonic() - t0:.1f} s")
print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
      "(figures of the same run compare; absolute ones depend on the machine)")

with Server(kijun, db, os.path.join(scratch, "serve.log")) as srv:
    op, cookie = srv.sign_in("demo-nco")
    page = op.open(srv.base + "/surveys/1").read().decode()
    m = re.search(r"<dt>回答率</dt><dd>([^<]+)</dd>", page)
    print(f"survey 1: response rate {m.group(1) if m else '?'}, page {len(page)} bytes")
    srv.mark(op)
    for p in PAGES:
        for _ in range(rounds + 1):
            op.open(srv.base + p).read()
    times = srv.times(PAGES, rounds)
    print(f"server time, median of {rounds} after a warm-up (ms):")
    for p in PAGES:
        print(f"  {p:32} {statistics.median(times[p]):8.2f}")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    counts = [
        "SELECT r.sector_code, COALESCE(p.status, 'not_started'), COUNT(*)"
        " FROM survey_respondent r LEFT JOIN response p ON p.survey_id = r.survey_id"
        " AND p.organisation_id = r.organisation_id WHERE r.survey_id = 1 GROUP BY 1, 2",
        "SELECT r.prefecture_code, COALESCE(p.status, 'not_started'), COUNT(*)"
        " FROM (SELECT DISTINCT survey_id, organisation_id, prefecture_code"
        " FROM survey_respondent WHERE survey_id = 1) r LEFT JOIN response p"
        " ON p.survey_id = r.survey_id AND p.organisation_id = r.organisation_id GROUP BY 1, 2",
    ]
    base_ms = []
    for _ in range(rounds + 1):
        t = time.perf_counter()
        for q in counts:
            con.execute(q).fetchall()
        base_ms.append((time.perf_counter() - t) * 1000)
    con.close()
    print(f"  {'baseline: sqlite3 GROUP BYs':32} {statistics.median(base_ms[1:]):8.2f}"
          " (the same figures counted per request)")
    print(f"requests/s with {clients} concurrent clients, {seconds} s each:")
    for p in PAGES:
        time.sleep(2)	# the last run's connections closed (KJ_HTTP_PER_IP_MAX)
        out = subprocess.run([load, "127.0.0.1", str(srv.port), p, cookie, str(clients),
                              str(seconds)], capture_output=True, text=True)
        print(f"  {p:32} {out.stdout.strip() or out.stderr.strip()}")
