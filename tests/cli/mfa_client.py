#!/usr/bin/env python3
"""A browser's part in tests/cli/user_mfa.sh, against a running kijun serve.

  mfa_client.py BASE enrol LOGIN PASSWORD OUTDIR
      signs in (sent to /account/mfa), reads the secret shown as text,
      computes the code with oathtool (oathtool --totp -b SECRET), enrols,
      and writes OUTDIR/secret and OUTDIR/codes (the recovery codes)
  mfa_client.py BASE signin LOGIN PASSWORD CODE
      signs in with the password and then CODE; prints where it ended:
      "signed-in" (a session that opens /), "refused" or "no-second-step"
"""
import http.cookiejar
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        try:
            r = self.op.open(self.base + path)
            return r.status, r.geturl(), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.geturl(), e.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        try:
            r = self.op.open(self.base + path, data)
            return r.status, r.geturl(), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.geturl(), e.read().decode()


def csrf(page):
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    if not m:
        sys.exit("no CSRF token on the page")
    return m.group(1)


def password(c, login, pw):
    _, _, page = c.get("/signin")
    return c.post("/signin", {"csrf": csrf(page), "login": login, "password": pw})


def enrol(c, login, pw, outdir):
    status, url, page = password(c, login, pw)
    if not url.endswith("/account/mfa") or status != 200:
        sys.exit(f"not sent to enrolment: {status} {url}")
    if "<svg" not in page:
        sys.exit("no QR code on the enrolment page")
    m = re.search(r'<p class="mfa-secret"><code>([A-Z2-7 ]+)</code>', page)
    if not m:
        sys.exit("no secret as text on the enrolment page")
    secret = m.group(1).replace(" ", "")
    code = subprocess.run(["oathtool", "--totp", "-b", secret], capture_output=True,
                          text=True, check=True).stdout.strip()
    status, _, done = c.post("/account/mfa", {"csrf": csrf(page), "code": code,
                                              "password": pw})
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", done)
    if status != 200 or len(codes) != 10:
        sys.exit(f"enrolment failed: {status}, {len(codes)} recovery codes")
    with open(f"{outdir}/secret", "w") as f:
        f.write(secret + "\n")
    with open(f"{outdir}/codes", "w") as f:
        f.write("\n".join(codes) + "\n")


def signin(c, login, pw, code):
    status, url, page = password(c, login, pw)
    if not url.endswith("/signin/mfa"):
        print("no-second-step")
        return
    status, url, page = c.post("/signin/mfa", {"csrf": csrf(page), "code": code})
    # Signed in: the home page answers itself, not the sign-in form.
    home, home_url, _ = c.get("/")
    at_home = urllib.parse.urlsplit(home_url).path == "/"
    print("signed-in" if status == 200 and home == 200 and at_home else "refused")


def main():
    base, what = sys.argv[1], sys.argv[2]
    c = Client(base)
    if what == "enrol":
        enrol(c, sys.argv[3], sys.argv[4], sys.argv[5])
    elif what == "signin":
        signin(c, sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        sys.exit("unknown action " + what)


if __name__ == "__main__":
    main()
