// An operator's benchmark (issue 13) in a real browser, with JavaScript and
// without: the demo operator opens it from the card on its home page, reads
// the chart by function (an SVG picture with its title, description and a
// legend, followed by its table) and the table by requirement, changes the
// fiscal year with the GET form and finds each table's files. No page
// scrolls sideways; axe-core is clean on the pages with JavaScript, and the
// Nu HTML Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/analysis_operator.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/analysis_operator).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('analysis_operator');

let server, browser;
const pages = [];
const noScript = new WeakSet();

const visit = pageVisitor(() => server, pages, noScript);

before(async () => {
	({ server, browser } = await launch({ operators: 120, seed: 5, years: 2 }));
});

after(() => shutDown(server, browser));

for (const js of [true, false]) {
	describe(`the benchmark as demo-operator, JavaScript ${js ? 'on' : 'off'}`, { concurrency: 1 }, () => {
		let ctx, page;
		before(async () => {
			ctx = await newContext(browser, { javaScriptEnabled: js,
							  viewport: { width: js ? 1280 : 390, height: 900 } });
			page = await ctx.newPage();
			if (!js)
				noScript.add(page);
			await signInWith(visit, page, 'demo-operator');
		});
		after(() => ctx?.close());

		test('from the home page: the chart by function and its tables', async () => {
			await visit(page, 'home (operator)', '/');
			const link = page.locator('a[href^="/analysis/operators/"]').first();
			assert.equal(await link.count(), 1, 'the home page links to the benchmark');
			await visit(page, 'benchmark (operator)', () => link.click());
			assert.match(await page.locator('h1').textContent(), /自組織のベンチマーク/);
			const chart = page.locator('svg.chart');
			assert.equal(await chart.count(), 1);
			assert.equal(await chart.getAttribute('role'), 'img');
			const ids = (await chart.getAttribute('aria-labelledby')).split(' ');
			assert.equal(ids.length, 2);
			for (const id of ids)
				assert.ok((await page.locator(`[id="${id}"]`).textContent()).length > 0);
			/* The legend names each mark in words, and the values are written. */
			const words = await chart.textContent();
			for (const w of ['自組織', '分野の中央値', '四分位範囲', '全国の中央値'])
				assert.ok(words.includes(w), `the chart's legend says ${w}`);
			const next = await chart.evaluate((el) => el.nextElementSibling?.querySelector('table') ? 1 : 0);
			assert.equal(next, 1, 'the chart is followed by its table');
			assert.equal(await page.locator('table#table-functions tbody tr').count(), 6);
			assert.ok(await page.locator('table#table-requirements tbody tr').count() >= 80);
			assert.equal(await page.locator('a[href*="table=requirements&format=csv"]').count(), 1);
			assert.equal(await page.locator('a[href*="table=functions&format=xlsx"]').count(), 1);
		});

		test('the fiscal year form (GET, no script needed)', async () => {
			const fy = await page.locator('input[name="fy"]').inputValue();
			await visit(page, 'benchmark by form (operator)',
				    () => page.locator('form:has(#bench-fy) button[type="submit"]').click());
			assert.ok(page.url().includes(`fy=${fy}`), page.url());
			assert.equal(await page.locator('svg.chart').count(), 1);
		});
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
