// Password self-service (issue 16) in a real browser, with JavaScript and
// without (axe-core runs on the pages of the first; vnu on all): a user
// opens the change form from the account page, a wrong current password
// comes back with the message beside its field (aria-invalid,
// aria-describedby, the field focused), then a good change lands on the
// account page with its notice, and the new password signs in. An
// administrator's reset shows a temporary password once, and signing in
// with it leads straight to the change form. On every page: no horizontal
// scrolling and axe-core clean; at the end the Nu HTML Checker validates
// every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/signin_self.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/signin_self).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { PASSWORD, artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('signin_self');

let server, browser;
const pages = [];
const noScript = new WeakSet();

const visit = pageVisitor(() => server, pages, noScript);

before(async () => {
	({ server, browser } = await launch({ operators: 20, seed: 5, years: 1 }));
});

after(() => shutDown(server, browser));

for (const js of [true, false]) {
	describe(`password change, JavaScript ${js ? 'on' : 'off'}`, { concurrency: 1 }, () => {
		let ctx, page;
		const login = js ? 'demo-hq' : 'demo-auditor';
		const fresh = js ? 'Browser#Change-2026a' : 'Browser#Change-2026b';

		before(async () => {
			ctx = await newContext(browser, { javaScriptEnabled: js,
							  viewport: { width: js ? 1280 : 390, height: 900 } });
			page = await ctx.newPage();
			if (!js)
				noScript.add(page);
			await signInWith(visit, page, login);
		});
		after(() => ctx?.close());

		test('the account page links to the form', async () => {
			await visit(page, 'account', '/account');
			await visit(page, 'password form',
				    () => page.getByRole('link', { name: 'パスワードを変更する' }).click());
			assert.equal(await page.locator('main #p-old').getAttribute('autocomplete'),
				     'current-password');
		});

		test('a wrong current password comes back beside its field, focused', async () => {
			await page.locator('main #p-old').fill('Not-the-password#1');
			await page.locator('main #p-new').fill(fresh);
			await page.locator('main #p-new2').fill(fresh);
			await visit(page, 'wrong old password',
				    () => page.getByRole('button', { name: 'パスワードを変更' }).click(), 400);
			const old = page.locator('main #p-old');
			assert.equal(await old.getAttribute('aria-invalid'), 'true');
			const described = await old.getAttribute('aria-describedby');
			assert.ok(described, 'aria-describedby on the field in error');
			const message = await page.locator(`[id="${described.split(' ')[0]}"]`).innerText();
			assert.match(message, /現在のパスワード/);
			assert.equal(await old.getAttribute('autofocus'), '');
			if (js)
				assert.equal(await page.evaluate(() => document.activeElement?.id), 'p-old');
			/* Nothing typed comes back. */
			assert.equal(await page.locator('main #p-new').inputValue(), '');
		});

		test('a good change lands on the account page, and the new password signs in', async () => {
			await page.locator('main #p-old').fill(PASSWORD);
			await page.locator('main #p-new').fill(fresh);
			await page.locator('main #p-new2').fill(fresh);
			await visit(page, 'changed',
				    () => page.getByRole('button', { name: 'パスワードを変更' }).click());
			assert.match(page.url(), /\/account\?done=password$/);
			assert.match(await page.locator('main').innerText(), /パスワードを変更しました/);
			await visit(page, 'signed out', () => page.getByRole('button', { name: /サインアウト/ }).click());
			await page.locator('#login').fill(login);
			await page.locator('#password').fill(fresh);
			await visit(page, 'signed in again',
				    () => page.locator('main form button[type="submit"]').click());
			assert.doesNotMatch(page.url(), /signin/);
		});
	});
}

test('a reset: the temporary password once, then the change form first', async () => {
	const admin = await (await newContext(browser)).newPage();
	await signInWith(visit, admin, 'demo-nco');
	await visit(admin, 'users', '/admin/users');
	const row = admin.locator('main tbody tr', { hasText: 'demo-surveyor' });
	await visit(admin, 'reset asks', () => row.getByRole('button', { name: /パスワードをリセット/ }).click());
	await visit(admin, 'reset done', () => admin.getByRole('button', { name: 'リセットする' }).click());
	const temp = (await admin.locator('main .token-once code').innerText()).trim();
	assert.match(temp, /^[A-Za-z2-9-]{23}$/);
	const user = await (await newContext(browser)).newPage();
	await visit(user, 'signin', '/signin');
	await user.locator('#login').fill('demo-surveyor');
	await user.locator('#password').fill(temp);
	await visit(user, 'must change', () => user.locator('main form button[type="submit"]').click());
	assert.match(user.url(), /\/account\/password$/);
	await visit(user, 'still the form', '/catalog');
	assert.match(user.url(), /\/account\/password$/);
});

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
