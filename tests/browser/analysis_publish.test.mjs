// Published snapshots of the analysis (issue 13) in a real browser, with
// JavaScript and without: the medical ministry publishes its sector from the
// sector's analysis page (the form's button, no script needed) and sees the
// snapshot with its suppression log; the medical CEPTOAR finds it in its list
// of published results, opens it (charts and tables from the frozen JSON, its
// digest, no log) and downloads its JSON. No page scrolls sideways; axe-core
// is clean on the pages with JavaScript, and the Nu HTML Checker validates
// every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/analysis_publish.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/analysis_publish).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

import { artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('analysis_publish');

let server, browser;
const pages = [];
const noScript = new WeakSet();

const visit = pageVisitor(() => server, pages, noScript);

before(async () => {
	({ server, browser } = await launch({ operators: 120, seed: 5, years: 2 }));
});

after(() => shutDown(server, browser));

async function signedIn(js, login) {
	const ctx = await newContext(browser, { javaScriptEnabled: js,
						viewport: { width: js ? 1280 : 390, height: 900 } });
	const page = await ctx.newPage();
	if (!js)
		noScript.add(page);
	await signInWith(visit, page, login);
	return { ctx, page };
}

for (const js of [true, false]) {
	describe(`publishing, JavaScript ${js ? 'on' : 'off'}`, { concurrency: 1 }, () => {
		let min, cep, snapshot;
		before(async () => {
			min = await signedIn(js, 'demo-ministry');
			cep = await signedIn(js, 'demo-ceptoar');
		});
		after(async () => {
			await min?.ctx.close();
			await cep?.ctx.close();
		});

		test('the ministry publishes its sector from the sector page', async () => {
			const { page } = min;
			await visit(page, `sector (ministry, js ${js})`, '/analysis/sectors/medical');
			const button = page.locator('form.publish button[type="submit"]');
			assert.equal(await button.count(), 1);
			await visit(page, `published (ministry, js ${js})`, () => button.click());
			const m = /\/analysis\/published\/(\d+)/.exec(page.url());
			assert.ok(m, page.url());
			snapshot = m[1];
			assert.equal(await page.locator('h2', { hasText: '秘匿の記録' }).count(), 1);
			assert.ok(await page.locator('svg.chart').count() >= 2);
		});

		test('the CEPTOAR finds it in its list and reads it, without the log', async () => {
			const { page } = cep;
			// No live view for a CEPTOAR: the sector's page sends it to the list.
			await visit(page, `list (CEPTOAR, js ${js})`, '/analysis/sectors/medical');
			assert.ok(page.url().endsWith('/analysis/published'), page.url());
			assert.equal(await page.locator('form.publish').count(), 0);
			const link = page.locator(`table a[href="/analysis/published/${snapshot}"]`);
			assert.equal(await link.count(), 1);
			await visit(page, `snapshot (CEPTOAR, js ${js})`, () => link.click());
			assert.equal(await page.locator('h2', { hasText: '秘匿の記録' }).count(), 0);
			const charts = page.locator('svg.chart');
			assert.ok(await charts.count() >= 2);
			assert.ok(await page.locator('table#table-requirements tbody tr').count() > 10);
			const digest = (await page.locator('code.digest').textContent()).trim();
			const res = await page.request.get(`${server.base}/analysis/published/${snapshot}?format=json`);
			assert.equal(res.status(), 200);
			const body = await res.body();
			assert.equal(createHash('sha256').update(body).digest('hex'), digest);
			assert.equal(res.headers()['x-content-sha256'], digest);
		});
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
