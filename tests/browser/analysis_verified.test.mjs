// Self-reported against verified (issue 15) in a real browser, with JavaScript
// and without: the NCO, the demo ministry and the demo operator open it from
// the national analysis page, change the fiscal year to the demo's year of
// visits with the GET form, and open a sector from the table's links. The
// chart is an SVG picture with its title and description, followed by a table
// of the same figures; axe-core is clean on the pages with JavaScript, and
// the Nu HTML Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/analysis_verified.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/analysis_verified).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('analysis_verified');

let server, browser;
const pages = [];
const noScript = new WeakSet();

const visit = pageVisitor(() => server, pages, noScript);

/* The chart: role img, labelled by its title and description, its table next. */
async function chartOk(page, label) {
	const c = page.locator('svg.chart').first();
	assert.equal(await c.getAttribute('role'), 'img', label);
	const ids = (await c.getAttribute('aria-labelledby')).split(' ');
	assert.equal(ids.length, 2);
	for (const id of ids)
		assert.ok((await page.locator(`[id="${id}"]`).textContent()).length > 0, label);
	const next = await c.evaluate((el) => el.nextElementSibling?.querySelector('table') ? 1 : 0);
	assert.equal(next, 1, `${label}: the chart is not followed by its table`);
}

before(async () => {
	({ server, browser } = await launch({ operators: 120, seed: 5, years: 2 }));
});

after(() => shutDown(server, browser));

for (const js of [true, false]) {
	for (const login of ['demo-nco', 'demo-ministry', 'demo-operator']) {
		describe(`verified as ${login}, JavaScript ${js ? 'on' : 'off'}`, { concurrency: 1 }, () => {
			let ctx, page;
			before(async () => {
				ctx = await newContext(browser, { javaScriptEnabled: js,
								  viewport: { width: js ? 1280 : 390, height: 900 } });
				page = await ctx.newPage();
				if (!js)
					noScript.add(page);
				await signInWith(visit, page, login);
			});
			after(() => ctx?.close());

			test('from the national analysis page, then the year of the visits', async () => {
				await visit(page, `national (${login})`, '/analysis');
				const fy = Number(await page.locator('input[name="fy"]').inputValue());
				await visit(page, `verified (${login})`,
					    () => page.locator('a[href^="/analysis/verified?fy="]').first().click());
				await page.locator('#verified-fy').fill(String(fy - 1));
				await visit(page, `verified ${fy - 1} (${login})`,
					    () => page.locator('form:has(#verified-fy) button[type="submit"]').click());
				assert.ok(page.url().includes(`fy=${fy - 1}`), page.url());
				await chartOk(page, 'national');
				assert.ok(await page.locator('table#table-sectors tbody tr').count() >= 17);
			});

			test('a sector from the table', async () => {
				await visit(page, `verified sector (${login})`,
					    () => page.locator('table#table-sectors a[href^="/analysis/verified/medical"]').click());
				await chartOk(page, 'sector');
				assert.ok(await page.locator('table#table-requirements tbody tr').count() >= 80);
			});
		});
	}
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
