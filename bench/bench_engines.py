#!/usr/bin/env python3
"""
Benchmark: the two store engines side by side in one run (issue 11).

Generates the demo of N operators on SQLite and on PostgreSQL (a throwaway
cluster of tests/pg/cluster.sh), then serves each with `kijun serve` and
asks the main pages as the NCO's demo user, ROUNDS times each, reading the
server's own time of each request from its access log ("us"). Prints the
demo's time and each page's median on both engines, and their ratio; the
SQLite figures are the baseline.

  bench_engines.py KIJUN CLUSTER_SH SCRATCH [OPERATORS] [ROUNDS]
"""
import os
import re
import statistics
import subprocess
import sys
import time

from kjbench import Server

kijun, cluster, scratch = sys.argv[1], sys.argv[2], sys.argv[3]
operators = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 15


def run(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def demo(db):
    run(kijun, "init", "--db", db)
    t0 = time.monotonic()
    out = run(kijun, "demo", "--db", db, "--operators", str(operators),
              "--seed", "2026", "--years", "1").stdout
    return time.monotonic() - t0, out.strip().splitlines()[-1]


def pages(db, log_path):
    with Server(kijun, db, log_path) as srv:
        op, _ = srv.sign_in("demo-nco")
        home = op.open(srv.base + "/registry?sector=electricity").read().decode()
        org = re.search(r'href="(/registry/[0-9]+)"', home)
        paths = ["/", "/registry", "/registry?sector=electricity",
                 "/registry?q=%E9%9B%BB%E5%8A%9B", org.group(1) if org else "/registry/1",
                 "/targets?sector=electricity", "/coverage", "/audit",
                 "/api/v1/organisations?sector=electricity"]
        srv.mark(op)
        for p in paths:
            for _ in range(rounds + 1):
                op.open(srv.base + p).read()
        # Sequential requests: the log holds them in the order they were asked.
        return paths, srv.times(paths, rounds)


os.makedirs(scratch, exist_ok=True)
pgdir = os.path.join(scratch, "pg")
subprocess.run([cluster, "stop", pgdir], capture_output=True)
run(cluster, "start", pgdir)
try:
    base_uri = run(cluster, "uri", pgdir).stdout.strip()
    run("psql", "-X", "-q", base_uri, "-c", "DROP DATABASE IF EXISTS kjbench")
    run("psql", "-X", "-q", base_uri, "-c", "CREATE DATABASE kjbench")
    pg = re.sub(r"^(postgresql://[^/]*/)[^?]*", r"\1kjbench", base_uri)
    lite = os.path.join(scratch, "bench.db")
    for f in (lite, lite + "-wal", lite + "-shm"):
        if os.path.exists(f):
            os.unlink(f)
    d_lite, s_lite = demo(lite)
    d_pg, s_pg = demo(pg)
    print(f"demo of {operators} operators: SQLite {d_lite:.1f} s (baseline), "
          f"PostgreSQL {d_pg:.1f} s, ratio {d_pg / d_lite:.2f}")
    print(f"  SQLite:     {s_lite}")
    print(f"  PostgreSQL: {s_pg}")
    paths, t_lite = pages(lite, os.path.join(scratch, "serve-sqlite.log"))
    _, t_pg = pages(pg, os.path.join(scratch, "serve-pg.log"))
    print(f"server time per page, median of {rounds} after a warm-up (ms):")
    print(f"  {'page':45} {'SQLite':>8} {'PostgreSQL':>11} {'ratio':>6}")
    for p in paths:
        a = statistics.median(t_lite[p])
        b = statistics.median(t_pg[p])
        print(f"  {p:45} {a:8.2f} {b:11.2f} {b / a if a else 0:6.2f}")
finally:
    subprocess.run([cluster, "stop", pgdir], capture_output=True)
