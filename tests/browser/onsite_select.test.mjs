// On-site surveys, the selection (issue 15) in a real browser, with
// JavaScript and without: the NCO creates an on-site survey from the list,
// declares rules and a seed and selects, approves the selection, then
// removes an operator with a reason; the page shows each pick's rule and
// why, and the change with its reason; then opens the survey and closes it
// (asked first) from its page. No page scrolls sideways; axe-core
// is clean on the pages with JavaScript, and the Nu HTML Checker validates
// every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/onsite_select.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/onsite_select).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('onsite_select');

let server, browser;
const pages = [];
const noScript = new WeakSet();

const visit = pageVisitor(() => server, pages, noScript);

before(async () => {
	({ server, browser } = await launch({ operators: 60, seed: 1, years: 2 }));
});

after(() => shutDown(server, browser));

for (const js of [true, false]) {
	describe(`on-site selection, JavaScript ${js ? 'on' : 'off'}`, { concurrency: 1 }, () => {
		let ctx, nco, path;
		const title = `ブラウザ実地調査 ${js ? 'JS' : 'noJS'}`;

		before(async () => {
			ctx = await newContext(browser, { javaScriptEnabled: js,
							  viewport: { width: js ? 1280 : 390, height: 900 } });
			nco = await ctx.newPage();
			if (!js)
				noScript.add(nco);
			await signInWith(visit, nco, 'demo-nco');
		});
		after(async () => {
			await ctx?.close();
		});

		test('the NCO creates an on-site survey from the list', async () => {
			const href = await nco.locator('nav a[href="/onsite"]').first().getAttribute('href');
			assert.equal(href, '/onsite');
			await visit(nco, 'on-site surveys', '/onsite');
			await nco.locator('#onsite-title').fill(title);
			await visit(nco, 'created', () => nco.locator('form[action="/onsite"] button[type="submit"]').click());
			path = new URL(nco.url()).pathname;
			assert.match(path, /^\/onsite\/\d+$/);
			assert.equal(await nco.locator('h1').innerText(), title);
			assert.equal(await nco.locator(`main a[href="${path}/visits"]`).count(), 1);
		});

		test('declares rules and a seed, selects and approves', async () => {
			await nco.locator('#select-rules').fill('lowest:3\nkikan:2\nrandom:2');
			await nco.locator('#select-seed').fill('7');
			await visit(nco, 'selected', () => nco.locator('form[action$="/select"] button[type="submit"]').click());
			const picks = await nco.locator('table:has(caption:text("選定した事業者"))').innerText();
			for (const why of ['自己評価の低い順', 'mean level', '基幹インフラ', 'random, seed 7'])
				assert.ok(picks.includes(why), `the picks lack ${why}`);
			await visit(nco, 'approved', () => nco.locator('form[action$="/approve"] button[type="submit"]').click());
			assert.ok((await nco.locator('main dl').nth(1).innerText()).includes('承認済み'));
			assert.equal(await nco.locator('form[action$="/select"]').count(), 0);
		});

		test('removes an operator with a reason', async () => {
			const corp = (await nco.locator('table:has(caption:text("選定した事業者")) tbody tr td').nth(1).innerText()).trim();
			await nco.locator('#remove-org').fill(corp);
			await nco.locator('#remove-reason').fill('');
			await visit(nco, 'no reason', () => nco.locator('form[action$="/picks/remove"] button[type="submit"]').click(), 400);
			assert.ok((await nco.locator('main').innerText()).includes('データは変更されていません'));
			await nco.locator('#remove-org').fill(corp);
			await nco.locator('#remove-reason').fill('事業所の閉鎖が決まったため');
			await visit(nco, 'removed', () => nco.locator('form[action$="/picks/remove"] button[type="submit"]').click());
			const history = await nco.locator('table:has(caption:text("承認後の変更の履歴"))').innerText();
			assert.ok(history.includes('事業所の閉鎖が決まったため'), history);
			assert.ok(history.includes(corp), history);
		});

		test('opens and closes the survey from its page', async () => {
			assert.equal(await nco.locator('form[action$="/close"]').count(), 0);
			assert.ok((await nco.locator('#lifecycle + p').innerText()).includes('開始すると'));
			await visit(nco, 'opened', () => nco.locator('form[action$="/open"] button[type="submit"]').click());
			assert.ok((await nco.locator('[role="status"]').innerText()).includes('実地調査を開始しました'));
			assert.equal(await nco.locator('form[action$="/open"]').count(), 0);
			// Closing asks first; the survey stays open until confirmed.
			await visit(nco, 'close asked', () => nco.locator('form[action$="/close"] button[type="submit"]').click());
			assert.equal(await nco.locator('h1').innerText(), '実地調査を終了しますか');
			await visit(nco, 'closed', () => nco.locator('form.confirm button[type="submit"]').click());
			assert.ok((await nco.locator('[role="status"]').innerText()).includes('実地調査を終了しました'));
			assert.ok((await nco.locator('main dl').first().innerText()).includes('終了'));
			assert.equal(await nco.locator('form[action$="/close"], form[action$="/picks/add"]').count(), 0);
		});
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
