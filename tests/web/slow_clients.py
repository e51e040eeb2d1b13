#!/usr/bin/env python3
"""Slow clients against a running kijun server (the penetration test's attack).

  slow_clients.py HOST PORT CONNECTIONS_MAX RESERVE_PERCENT

Three waves, each from many loopback addresses (all of 127.0.0.0/8 reaches
the server): 300 connections from 10 addresses that send a request line and
then a header line every 10 s, with some that send one every second (never
idle, so only a deadline stops them); 2,000 connections from 63 addresses
that send half a request line; 3,200 from 100 addresses, past three quarters
of the server's connection limit, where the deadline is shortened. During
each wave a normal client must get /signin within a second, again and again,
and the server must drop the slow connections by itself. Prints one line a
check and "N passed, N failed"; exits 1 if any check failed. Bounded: about
40 s in all, and every socket is closed at the end.
"""
import resource
import select
import socket
import sys
import time

HOST, PORT = sys.argv[1], int(sys.argv[2])
# The server's connection limit and the share it keeps free (base/limits.h).
LIMIT, RESERVE = int(sys.argv[3]), int(sys.argv[4])
NORMAL_MAX_S = 1.0
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok: {what}")
    else:
        failed += 1
        print(f"FAIL: {what}")


def normal_get():
    """Seconds for a complete GET /signin from 127.0.0.1, or None on failure."""
    t0 = time.monotonic()
    try:
        with socket.create_connection((HOST, PORT), timeout=3) as s:
            s.sendall(b"GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        if not data.startswith(b"HTTP/1.1 200"):
            return None
        return time.monotonic() - t0
    except OSError:
        return None


def open_slow(addresses, per_address, first_bytes):
    socks = []
    for a in addresses:
        for _ in range(per_address):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                s.bind((a, 0))
                s.settimeout(2)
                s.connect((HOST, PORT))
                s.sendall(first_bytes)
                s.setblocking(False)
                socks.append(s)
            except OSError:
                s.close()
    return socks


def closed_by_server(s):
    """True once the server has closed (or reset) the connection."""
    try:
        p = select.poll()
        p.register(s, select.POLLIN)
        if not p.poll(0):
            return False
        return s.recv(4096) == b""
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True


def wave(name, socks, seconds, trickle=(), trickle_every=1.0, header_every=10.0,
         reserve=False):
    """Holds SOCKS for up to SECONDS while a normal client asks every 0.25 s.
    With RESERVE, the server must have dropped enough of them within 2 s
    (before the usual 5-second deadline) to keep its reserve of connections."""
    t0 = last_header = last_trickle = time.monotonic()
    open_at_2s = None
    worst, fails, tries = 0.0, 0, 0
    open_ = set(range(len(socks)))
    while time.monotonic() - t0 < seconds and open_:
        now = time.monotonic()
        if now - last_trickle >= trickle_every:
            for i in trickle:
                if i in open_:
                    try:
                        socks[i].send(b"X-Slow: 1\r\n")
                    except OSError:
                        pass
            last_trickle = now
        if now - last_header >= header_every:
            for i in list(open_):
                try:
                    socks[i].send(b"X-Slow: 10\r\n")
                except OSError:
                    pass
            last_header = now
        t = normal_get()
        tries += 1
        if t is None:
            fails += 1
        else:
            worst = max(worst, t)
        for i in list(open_):
            if closed_by_server(socks[i]):
                open_.discard(i)
        if open_at_2s is None and time.monotonic() - t0 >= 2:
            open_at_2s = len(open_)
        time.sleep(0.25)
    took = time.monotonic() - t0
    if reserve:
        at2 = len(socks) if open_at_2s is None else open_at_2s
        keep = LIMIT * (100 - RESERVE) // 100
        check(at2 <= keep, f"{name}: {len(socks) - at2} dropped within 2 s, {at2} left "
              f"open, at most {keep}: a quarter of the connections kept free")
    check(fails == 0 and worst < NORMAL_MAX_S,
          f"{name}: a normal client got its page {tries} times, slowest {worst:.3f} s, "
          f"{fails} failed")
    check(not open_, f"{name}: the server dropped all {len(socks)} slow connections "
          f"within {took:.1f} s ({len(open_)} still open)")
    for s in socks:
        s.close()


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    check(normal_get() is not None, "the server answers before the attack")

    # 300 from 10 addresses: a request line, then a header line every 10 s;
    # one in ten sends a line every second and is never idle.
    socks = open_slow([f"127.0.0.{i}" for i in range(2, 12)], 30,
                      b"GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    check(len(socks) == 300, f"300 slow connections open ({len(socks)})")
    wave("300 slow clients from 10 addresses", socks, 12,
         trickle=range(0, len(socks), 10))

    # 2,000 from 63 addresses, each half a request line.
    addrs = [f"127.0.1.{i}" for i in range(1, 64)]
    socks = open_slow(addrs, 32, b"GET /sig")[:2000]
    check(len(socks) >= 1990, f"2,000 slow connections open ({len(socks)})")
    wave("2,000 slow clients from 63 addresses", socks, 12)

    # Past three quarters of the limit the deadline is a second: new clients
    # keep finding a place while the slow ones are dropped.
    addrs = [f"127.0.2.{i}" for i in range(1, 101)]
    socks = open_slow(addrs, 32, b"GET /signin HTTP/1.1\r\n")
    check(len(socks) >= 3100, f"3,200 slow connections open ({len(socks)})")
    wave("3,200 slow clients from 100 addresses", socks, 8, reserve=True)

    check(normal_get() is not None, "the server answers after the attack")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
