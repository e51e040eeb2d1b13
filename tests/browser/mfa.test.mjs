// The second factor (issue 16) in a real browser, with JavaScript and
// without (axe-core runs on the pages of the first; vnu on all): the demo
// server restarted with a key (--mfa-key); a staff user signs in and is
// sent to enrolment, reads the QR code's secret shown as text, a wrong code
// comes back beside its field (aria-invalid, aria-describedby, focused),
// then a code computed here (node's crypto, RFC 6238) enrols and shows ten
// recovery codes; signed out, the password leads to the second step, and
// a code signs in. On every page: no horizontal scrolling and axe-core
// clean; at the end the Nu HTML Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/mfa.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/mfa).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { BIN, PASSWORD, artifactsDir, launch, shutDown, newContext, fillSignIn,
	 assertValidHtml, pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('mfa');

/** RFC 4648 base32 (no padding) to bytes. */
function base32(s) {
	const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0, val = 0;
	const out = [];
	for (const c of s) {
		val = ((val << 5) | abc.indexOf(c)) & 0xffff;
		bits += 5;
		if (bits >= 8) {
			out.push((val >>> (bits - 8)) & 255);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

/** The TOTP code (RFC 6238: HMAC-SHA1, 30 s, 6 digits) of SECRET at Unix time T. */
function totp(secret, t) {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
	const h = createHmac('sha1', base32(secret)).update(counter).digest();
	const o = h[h.length - 1] & 15;
	return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const now = () => Date.now() / 1000;

let server, browser, keyed;
const pages = [];
const noScript = new WeakSet();
const visit = pageVisitor(() => keyed, pages, noScript);

/** `kijun serve` on the demo server's database and port, with a key. */
async function serveWithKey() {
	const key = join(server.dir, 'mfa.key');
	writeFileSync(key, randomBytes(32), { mode: 0o600 });
	const port = new URL(server.base).port;
	const logPath = join(server.dir, 'serve-mfa.log');
	const log = openSync(logPath, 'a');
	const child = spawn(BIN, ['serve', '--db', server.db, '--listen', `127.0.0.1:${port}`,
				  '--quiet', '--mfa-key', key], { cwd: server.dir, stdio: ['ignore', log, log] });
	closeSync(log);
	let exited = false;
	child.on('exit', () => { exited = true; });
	for (let i = 0; i < 300; i++) {
		assert.ok(!exited, `kijun serve --mfa-key exited:\n${readFileSync(logPath, 'utf8')}`);
		try {
			const r = await fetch(`${server.base}/signin`);
			await r.arrayBuffer();
			if (r.status === 200)
				return { base: server.base, dir: server.dir, child };
		} catch { /* not yet */ }
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('kijun serve --mfa-key did not answer');
}

before(async () => {
	({ server, browser } = await launch({ operators: 20, seed: 5, years: 1 }));
	await server.stop();
	keyed = await serveWithKey();
});

after(async () => {
	keyed?.child.kill('SIGTERM');
	await shutDown(server, browser);
});

for (const js of [true, false]) {
	describe(`second factor, JavaScript ${js ? 'on' : 'off'}`, { concurrency: 1 }, () => {
		let ctx, page, secret;
		const login = js ? 'demo-hq' : 'demo-surveyor';

		before(async () => {
			ctx = await newContext(browser, { javaScriptEnabled: js,
							  viewport: { width: js ? 1280 : 390, height: 900 } });
			page = await ctx.newPage();
			if (!js)
				noScript.add(page);
		});
		after(() => ctx?.close());

		test('the password leads to enrolment: a QR code and the secret as text', async () => {
			await visit(page, 'signin', '/signin');
			const submit = await fillSignIn(page, login);
			await visit(page, 'enrolment', () => submit.click());
			assert.match(page.url(), /\/account\/mfa$/);
			const qr = page.locator('main svg[role="img"]');
			assert.equal(await qr.count(), 1);
			assert.match(await qr.locator('title').textContent(), /QR/);
			secret = (await page.locator('main .mfa-secret code').innerText()).replace(/\s+/g, '');
			assert.match(secret, /^[A-Z2-7]{32}$/);
			await visit(page, 'still enrolment', '/catalog');
			assert.match(page.url(), /\/account\/mfa$/);
		});

		test('a wrong code comes back beside its field, focused', async () => {
			await page.locator('main #a-code').fill(totp(secret, now() - 600));
			await page.locator('main #a-password').fill(PASSWORD);
			await visit(page, 'wrong code',
				    () => page.getByRole('button', { name: '登録する' }).click(), 400);
			const code = page.locator('main #a-code');
			assert.equal(await code.getAttribute('aria-invalid'), 'true');
			const described = await code.getAttribute('aria-describedby');
			assert.ok(described, 'aria-describedby on the field in error');
			const message = await page.locator(`[id="${described.split(' ')[0]}"]`).innerText();
			assert.match(message, /確認コード/);
			assert.equal(await code.getAttribute('autofocus'), '');
			if (js)
				assert.equal(await page.evaluate(() => document.activeElement?.id), 'a-code');
			assert.equal(await page.locator('main #a-password').inputValue(), '');
		});

		test('the right code enrols and shows ten recovery codes once', async () => {
			await page.locator('main #a-code').fill(totp(secret, now()));
			await page.locator('main #a-password').fill(PASSWORD);
			await visit(page, 'enrolled', () => page.getByRole('button', { name: '登録する' }).click());
			assert.equal(await page.locator('main .recovery-codes li').count(), 10);
			await visit(page, 'home', '/');
			assert.doesNotMatch(page.url(), /mfa/);
		});

		test('signing in again asks the code after the password', async () => {
			await visit(page, 'signed out', () => page.getByRole('button', { name: /サインアウト/ }).click());
			const submit = await fillSignIn(page, login);
			await visit(page, 'second step', () => submit.click());
			assert.match(page.url(), /\/signin\/mfa$/);
			assert.equal(await page.locator('main #m-code').getAttribute('autocomplete'), 'one-time-code');
			await page.locator('main #m-code').fill('000000');
			await visit(page, 'second step refused',
				    () => page.getByRole('button', { name: '確認する' }).click(), 401);
			assert.equal(await page.locator('main #m-code').getAttribute('aria-invalid'), 'true');
			/* The next step's code: the enrolment took this one. */
			await page.locator('main #m-code').fill(totp(secret, now() + 30));
			await visit(page, 'signed in', () => page.getByRole('button', { name: '確認する' }).click());
			/* Home, or first the notice of the wrong code. */
			assert.doesNotMatch(page.url(), /\/signin(\/mfa)?$/);
			assert.equal(await page.getByRole('button', { name: /サインアウト/ }).count(), 1);
		});
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
