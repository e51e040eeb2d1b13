#!/usr/bin/env python3
"""
Benchmark: the annual report (issue 14: the whole report for 20,000
operators in under 10 s in each format).

Generates the demo of N operators over two years as of 2026-12-05, then
with the command line: freezes FY2026's figures (`kijun report freeze`:
the snapshot's one read of every view, plan and evaluation, and its write)
-- the baseline of the same run -- and writes the report from that snapshot
in each format (`kijun report annual --snapshot 1`), ROUNDS times each,
printing the median wall time, the file's size, and the time with the
freeze added (the report of a year that has no snapshot yet). A format
this build cannot write (PDF and docx without cairo/pango or libzip) is
reported as such, not timed.

  bench_report.py KIJUN SCRATCH [OPERATORS] [ROUNDS]
"""
import os
import statistics
import subprocess
import sys
import time

kijun, scratch = sys.argv[1], sys.argv[2]
operators = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
GOAL_S = 10.0
FORMATS = ["html", "xlsx", "pdf", "docx"]

os.makedirs(scratch, exist_ok=True)
db = os.path.join(scratch, "report.db")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(db + suffix):
        os.remove(db + suffix)


def run(*args, check=True):
    t0 = time.perf_counter()
    p = subprocess.run([kijun, *args, "--db", db], capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if check and p.returncode != 0:
        sys.exit(f"kijun {' '.join(args)}: {p.stderr.strip()}")
    return p, dt


run("init")
_, dt = run("demo", "--operators", str(operators), "--seed", "2026", "--years", "2",
            "--today", "2026-12-05")
print(f"demo of {operators} operators, two years: {dt:.1f} s")

freeze = []
for i in range(rounds):
    _, dt = run("report", "freeze", "--fy", "2026")
    freeze.append(dt)
base = statistics.median(freeze)
print(f"baseline: freezing FY2026's figures (one read of every view, plans, evaluations): "
      f"{base:.2f} s (median of {rounds})")

worst = 0.0
for fmt in FORMATS:
    out = os.path.join(scratch, f"report.{fmt}")
    times = []
    for i in range(rounds):
        p, dt = run("report", "annual", "--fy", "2026", "--snapshot", "1", "--format", fmt,
                    "--out", out, check=False)
        if p.returncode != 0:
            times = None
            print(f"{fmt}: not written ({p.stderr.strip()})")
            break
        times.append(dt)
    if times is None:
        continue
    med = statistics.median(times)
    whole = med + base
    worst = max(worst, whole)
    print(f"{fmt}: {med:.2f} s from the snapshot, {whole:.2f} s with the freeze "
          f"({os.path.getsize(out) / 1e6:.1f} MB; goal < {GOAL_S:.0f} s: "
          f"{'met' if whole < GOAL_S else 'MISSED'})")
print(f"slowest whole report: {worst:.2f} s")
