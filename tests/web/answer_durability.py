#!/usr/bin/env python3
"""An acknowledged submission is never lost (PRODUCT.md, "Safe").

    answer_durability.py KIJUN_BINARY SOURCE_DIR

Starts the real `kijun serve` on a demo database (SQLite, or PostgreSQL
when KIJUN_TEST_PG names the test cluster: tests/pg/test_db.sh), gives
operator users to the respondents of the demo's open survey, answers every
question of their responses through the JSON API, then sends all their
submits at once and SIGKILLs the server while they are in flight. After a
restart, every submit that was answered 201 must have its version stored
with the same receipt number and digest, readable (its digest checked again
by the server), and the audit trail must verify. A submit cut by the kill
may have happened or not, but never half: its response is either still a
draft or submitted with a whole version.

Exit status: 0 passed, 1 failed, 77 skipped.
"""
import http.client
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

OPERATORS = 24          # respondents given a user and a complete answer
PASSWORD = 'Kj-Durability#2026'
FAILS = []


def fail(msg):
    print('FAIL: ' + msg, flush=True)
    FAILS.append(msg)


def ok(msg):
    print('ok: ' + msg, flush=True)


def shell(src, script, *args):
    """Runs SCRIPT in bash with tests/pg/test_db.sh sourced; its stdout."""
    return subprocess.run(['bash', '-c', '. "$0/tests/pg/test_db.sh"; ' + script, src, *args],
                          check=True, capture_output=True, text=True).stdout


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, kijun, db, tmp):
        self.kijun, self.db, self.tmp = kijun, db, tmp
        self.proc = None

    def start(self):
        self.port = free_port()
        self.base = 'http://127.0.0.1:%d' % self.port
        self.err = open(os.path.join(self.tmp, 'serve-%d.err' % self.port), 'w')
        self.proc = subprocess.Popen([self.kijun, 'serve', '--db', self.db, '--listen',
                                      '127.0.0.1:%d' % self.port, '--quiet'],
                                     stdout=subprocess.DEVNULL, stderr=self.err)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit('FAIL: kijun serve exited at start (%s)' % self.proc.returncode)
            try:
                urllib.request.urlopen(self.base + '/signin', timeout=2).read()
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise SystemExit('FAIL: kijun serve did not answer within 60 s')

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Client:
    """One signed-in user: a cookie jar and the session's CSRF token."""

    def __init__(self, server, login):
        self.server, self.login = server, login
        self.jar = http.cookiejar.CookieJar()
        self.open = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                NoRedirect()).open
        self.csrf = None

    def call(self, method, path, body=None, form=None, timeout=60):
        data, headers = None, {}
        if body is not None:
            data = json.dumps(body).encode()
            headers['Content-Type'] = 'application/json'
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
        if self.csrf and method != 'GET':
            headers['X-CSRF-Token'] = self.csrf
        req = urllib.request.Request(self.server.base + path, data=data, method=method,
                                     headers=headers)
        try:
            with self.open(req, timeout=timeout) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            return 0, ''    # no answer: the server went away

    def signin(self):
        st, page = self.call('GET', '/signin')
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        st, _ = self.call('POST', '/signin', form={'csrf': csrf, 'login': self.login,
                                                    'password': PASSWORD})
        if st != 303:
            raise SystemExit('FAIL: sign-in of %s: %d' % (self.login, st))
        st, page = self.call('GET', '/')
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    kijun, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    tmp = tempfile.mkdtemp(prefix='kijun-durability-')
    server = None
    try:
        db = shell(src, 'new_db "$1"', os.path.join(tmp, 'kijun.db')).strip()
        run = lambda *a, **k: subprocess.run([kijun, *a, '--db', db], check=True,
                                             capture_output=True, text=True, **k).stdout
        run('init')
        run('demo', '--operators', '60', '--seed', '11', '--years', '1')
        survey = next(line.split()[0] for line in run('survey', 'list').splitlines()
                      if re.search(r'\sopen\s', line))
        corps = shell(src, 'db_sql "$1" "$2"', db,
                      'SELECT o.corporate_number FROM survey_respondent r JOIN organisation o '
                      'ON o.id = r.organisation_id WHERE r.survey_id = %d '
                      'ORDER BY o.corporate_number' % int(survey)).split()
        corps = sorted(set(corps))
        ok('survey %s has %d respondents' % (survey, len(corps)))
        users = []
        for i, corp in enumerate(corps):
            login = 'dur-%02d' % i
            run('user', 'add', login, '--role', 'operator', '--org', corp, '--password-stdin',
                input=PASSWORD + '\n')
            users.append((login, corp))
        server = Server(kijun, db, tmp)
        server.start()

        # Every question answered, through the API, for those not yet submitted.
        ready = []
        for login, corp in users:
            if len(ready) == OPERATORS:
                break
            c = Client(server, login)
            c.signin()
            path = '/api/v1/surveys/%s/responses/%s' % (survey, corp)
            st, body = c.call('GET', path)
            if st != 200:
                fail('GET %s as %s: %d %s' % (path, login, st, body[:200]))
                continue
            resp = json.loads(body)
            if resp['status'] == 'submitted':
                continue
            items = [{'item': it['item'], 'confirm': True,
                      **({'value': 'はい'} if it['item'].startswith('Q') else {'level': '3'})}
                     for it in resp['items']]
            st, body = c.call('POST', path + '/answers', body={'revision': -1, 'items': items,
                                                              'reason': '再提出のための修正'})
            if st != 200:
                fail('answering as %s: %d %s' % (login, st, body[:300]))
                continue
            ready.append((c, path, json.loads(body)['revision']))
        if len(ready) < 8:
            fail('only %d responses to submit' % len(ready))
            return 1
        ok('%d complete responses ready to submit' % len(ready))

        # All submits at once; the server killed once a third are acknowledged.
        acked, cut, lock = [], [], threading.Lock()
        go = threading.Event()

        def submit(c, path, rev):
            go.wait()
            st, body = c.call('POST', path + '/submit', body={
                'revision': rev, 'attestation': {'name': '耐久 試験', 'title': '責任者',
                                                 'date': '2026-12-04'}}, timeout=30)
            with lock:
                if st == 201:
                    acked.append((c, path, json.loads(body)['receipt']))
                else:
                    cut.append((c, path, st))
        threads = [threading.Thread(target=submit, args=r, daemon=True) for r in ready]
        for t in threads:
            t.start()
        go.set()
        deadline = time.time() + 60
        while time.time() < deadline:
            with lock:
                if len(acked) >= max(1, len(ready) // 3):
                    break
            time.sleep(0.002)
        server.kill()
        ok('server killed with %d of %d submits acknowledged' % (len(acked), len(ready)))
        for t in threads:
            t.join(40)
        if not acked:
            fail('no submit was acknowledged before the kill')

        # Restarted: every acknowledged receipt is there, whole.
        server.start()
        for c, path, receipt in acked:
            st, body = c.call('GET', path + '/versions')
            versions = json.loads(body).get('versions', []) if st == 200 else []
            mine = [v for v in versions if v['receipt']['number'] == receipt['number']]
            if not mine or mine[0]['receipt']['digest'] != receipt['digest']:
                fail('%s: acknowledged receipt %s lost or changed' % (path, receipt['number']))
                continue
            st, body = c.call('GET', '%s/versions/%d' % (path, mine[0]['version']))
            if st != 200:
                fail('%s: version %d unreadable after the restart: %d %s'
                     % (path, mine[0]['version'], st, body[:200]))
        ok('%d acknowledged receipts checked after the restart' % len(acked))
        # The others: a draft still, or submitted with a version that reads back.
        for c, path, st0 in cut:
            st, body = c.call('GET', path)
            resp = json.loads(body) if st == 200 else {}
            if resp.get('status') == 'submitted':
                st, body = c.call('GET', '%s/versions/%d' % (path, resp['versions']))
                if st != 200:
                    fail('%s: submitted at the kill, its version unreadable: %d' % (path, st))
            elif resp.get('status') not in ('draft', 'returned'):
                fail('%s: after the kill: %d %s' % (path, st, body[:200]))
        server.stop()
        server = None
        out = subprocess.run([kijun, 'audit', 'verify', '--db', db], capture_output=True, text=True)
        if out.returncode != 0:
            fail('audit verify after the kill: %s %s' % (out.stdout, out.stderr))
        else:
            ok('the audit trail verifies')
    finally:
        if server:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print('%s: %d failure(s)' % ('FAILED' if FAILS else 'passed', len(FAILS)))
    return 1 if FAILS else 0


if __name__ == '__main__':
    sys.exit(main())
