// The analysis pages (issue 13) in a real browser, with JavaScript and
// without: the NCO, the demo ministry and an operator open the national page from the
// menu, a sector and a requirement from its links, and change the fiscal
// year with the GET form. Each chart is an SVG picture with its title and
// description, followed by a table of the same figures; no page scrolls
// sideways; axe-core is clean on the pages with JavaScript, and the Nu HTML
// Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/analysis.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/analysis).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('analysis');

let server, browser;
const pages = [];
const noScript = new WeakSet();

const visit = pageVisitor(() => server, pages, noScript);

/* Every chart of the page: role img, labelled by its title and description,
 * and a table right after it. */
async function chartsOk(page, label, min) {
	const charts = page.locator('svg.chart');
	const n = await charts.count();
	assert.ok(n >= min, `${label}: ${n} charts, want ${min} or more`);
	for (let i = 0; i < n; i++) {
		const c = charts.nth(i);
		assert.equal(await c.getAttribute('role'), 'img');
		const ids = (await c.getAttribute('aria-labelledby')).split(' ');
		assert.equal(ids.length, 2);
		assert.ok((await page.locator(`[id="${ids[0]}"]`).textContent()).length > 0);
		assert.ok((await page.locator(`[id="${ids[1]}"]`).textContent()).length > 0);
		const next = await c.evaluate((el) => el.nextElementSibling?.querySelector('table') ? 1 : 0);
		assert.equal(next, 1, `${label}: chart ${i} is not followed by its table`);
	}
}

before(async () => {
	({ server, browser } = await launch({ operators: 120, seed: 5, years: 2 }));
});

after(() => shutDown(server, browser));

for (const js of [true, false]) {
	for (const login of ['demo-nco', 'demo-ministry', 'demo-operator']) {
		describe(`analysis as ${login}, JavaScript ${js ? 'on' : 'off'}`, { concurrency: 1 }, () => {
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

			test('the national page from the menu, its heat map and tables', async () => {
				const href = await page.locator('nav a[href="/analysis"]').first().getAttribute('href');
				assert.equal(href, '/analysis');
				await visit(page, `national (${login})`, '/analysis');
				await chartsOk(page, 'national', 4);
				assert.ok(await page.locator('table#table-heatmap tbody tr').count() >= 16);
			});

			test('the fiscal year form (GET, no script needed)', async () => {
				const fy = await page.locator('input[name="fy"]').inputValue();
				await visit(page, `national by form (${login})`,
					    () => page.locator('form:has(#analysis-fy) button[type="submit"]').click());
				assert.ok(page.url().includes(`fy=${fy}`), page.url());
			});

			test('a sector and a requirement from the links', async () => {
				await visit(page, `sector (${login})`,
					    () => page.locator('table#table-heatmap a[href^="/analysis/sectors/medical"]').click());
				await chartsOk(page, 'sector', 3);
				await visit(page, `requirement (${login})`,
					    () => page.locator('table#table-requirements a[href^="/analysis/requirements/"]').first().click());
				await chartsOk(page, 'requirement', 1);
			});
		});
	}
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
