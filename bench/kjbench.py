"""
What the Python benchmarks share: a `kijun serve` of their own on a free
port, a signed-in session of a demo user, and the server's own time of each
request read back from its access log.

    with Server(kijun, db, log_path) as srv:
        op, cookie = srv.sign_in("demo-nco")
        srv.mark(op)                     # the timed requests begin here
        ... op.open(srv.base + path) ...
        times = srv.times(paths, rounds)
"""
import http.cookiejar
import json
import re
import socket
import subprocess
import time
import urllib.parse
import urllib.request

DEMO_PASSWORD = "kijun-demo-2026"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """`kijun serve --db DB` on a free port, its access log in LOG_PATH;
    EXTRA: more options of `kijun serve`."""

    def __init__(self, kijun, db, log_path, extra=()):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen([kijun, "serve", "--db", db, "--listen",
                                      f"127.0.0.1:{self.port}", *extra],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/signin", timeout=2)
                break
            except OSError:
                time.sleep(0.1)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait()
        self.log.close()

    def rss_kib(self, field="VmRSS"):
        """The server's resident memory now (VmRSS) or at its most (VmHWM), KiB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def sign_in(self, login, password=DEMO_PASSWORD):
        """An opener signed in as LOGIN, and its session cookie as a header value."""
        jar = http.cookiejar.CookieJar()
        op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = op.open(self.base + "/signin").read().decode()
        csrf = re.search(r'name="csrf" value="([^"]+)"', form)
        data = {"login": login, "password": password}
        if csrf:
            data["csrf"] = csrf.group(1)
        op.open(self.base + "/signin", urllib.parse.urlencode(data).encode())
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "kijun_session")
        return op, cookie

    def mark(self, op):
        """Marks in the log where the timed requests begin."""
        op.open(self.base + "/favicon.ico").read()

    def times(self, paths, rounds):
        """The server's time (ms) of each path's ROUNDS requests after one warm-up,
        asked one after another since the mark: {path: [ms, ...]}."""
        time.sleep(0.2)
        entries = []
        with open(self.log_path) as f:
            for line in f:
                if line.startswith("{"):
                    e = json.loads(line)
                    if e["path"] == "/favicon.ico":
                        entries = []
                    else:
                        entries.append(e["us"] / 1000.0)
        return {p: entries[i * (rounds + 1) + 1:(i + 1) * (rounds + 1)]
                for i, p in enumerate(paths)}
