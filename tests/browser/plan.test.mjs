// Implementation plans (issue 14) in a real browser, with JavaScript and
// without: the demo ministry creates a year's plan from the list, edits a
// measure (its KPI and status) and the structure, and submits it; the NCO
// opens it from the list and reports it to HQ; the page then says so and
// offers no more edits; the diff with the year before names its changes in
// words. No page scrolls sideways; axe-core is clean on the pages with
// JavaScript, and the Nu HTML Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/plan.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/plan).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('plan');

let server, browser;
const pages = [];
const noScript = new WeakSet();

const visit = pageVisitor(() => server, pages, noScript);

before(async () => {
	({ server, browser } = await launch({ operators: 120, seed: 5, years: 2 }));
});

after(() => shutDown(server, browser));

for (const [i, js] of [true, false].entries()) {
	describe(`plans, JavaScript ${js ? 'on' : 'off'}`, { concurrency: 1 }, () => {
		let mctx, nctx, min, nco, planPath;
		const fy = String(2040 + i);	// a year of its own, after the demo's

		before(async () => {
			const opts = { javaScriptEnabled: js, viewport: { width: js ? 1280 : 390, height: 900 } };
			mctx = await newContext(browser, opts);
			nctx = await newContext(browser, opts);
			min = await mctx.newPage();
			nco = await nctx.newPage();
			if (!js) {
				noScript.add(min);
				noScript.add(nco);
			}
			await signInWith(visit, min, 'demo-ministry');
			await signInWith(visit, nco, 'demo-nco');
		});
		after(async () => {
			await mctx?.close();
			await nctx?.close();
		});

		test('the ministry creates its plan from the list', async () => {
			// The menu links the list (at 390 px it is folded in the menu button).
			const href = await min.locator('nav a[href="/plans"]').first().getAttribute('href');
			assert.equal(href, '/plans');
			await visit(min, 'plans (ministry)', '/plans');
			await visit(min, 'new plan', () => min.locator('main a[href="/plans/new"]').click());
			await min.locator('#plan-fy').fill(fy);
			await min.locator('#plan-sector').selectOption('medical');
			await visit(min, 'plan created', () => min.locator('main form button[type="submit"]').click());
			planPath = new URL(min.url()).pathname;
			assert.match(planPath, /^\/plans\/\d+$/);
			assert.ok((await min.locator('h1').innerText()).includes('医療'));
			assert.equal(await min.locator('details.measure').count() >= 15, true);
		});

		test('edits a measure and the structure, and submits', async () => {
			await min.locator('details.measure').first().locator('summary').click();
			await min.locator('[id="std-1-1-kpi"]').fill('経営層向け説明会を年2回開催');
			await min.locator('[id="std-1-1-status"]').selectOption('doing');
			await visit(min, 'measure saved',
				    () => min.locator('details.measure').first().locator('button[type="submit"]').first().click());
			assert.ok((await min.locator('main').innerText()).includes('変更を保存しました'));
			const kpi = await min.locator('[id="std-1-1-kpi"]').inputValue();
			assert.equal(kpi, '経営層向け説明会を年2回開催');
			await min.locator('[id="pp-text"]').fill('業界団体・セプターとの連絡会を年4回開催する。');
			await visit(min, 'structure saved',
				    () => min.locator('form:has([id="pp-text"]) button[type="submit"]').click());
			await visit(min, 'submitted',
				    () => min.locator('form[action$="/submit"] button[type="submit"]').click());
			assert.ok((await min.locator('main dl').first().innerText()).includes('統括室に提出済み'));
			assert.equal(await min.locator('details.measure').count(), 0);
		});

		test('the NCO reports it to HQ', async () => {
			await visit(nco, 'plans (nco)', `/plans?fy=${fy}`);
			await visit(nco, 'plan (nco)', () => nco.locator(`main a[href="${planPath}"]`).click());
			await visit(nco, 'reported',
				    () => nco.locator('form[action$="/report"] button[type="submit"]').click());
			const head = await nco.locator('main dl').first().innerText();
			assert.ok(head.includes('本部に報告済み'), head);
			const history = await nco.locator('table:has(caption:text("誰がいつ何をしたか"))').innerText();
			for (const step of ['作成', '編集', '提出', '本部へ報告'])
				assert.ok(history.includes(step), `history lacks ${step}`);
		});

		test('a demo plan against the year before: changes named in words', async () => {
			// The demo's latest year (the clock's fiscal year): copied from the year before.
			const now = new Date();
			const demoFy = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
			await visit(min, 'plans (ministry, demo year)', `/plans?fy=${demoFy}`);
			await visit(min, 'a demo plan', () => min.locator('main td a[href^="/plans/"]').first().click());
			await visit(min, 'diff', () => min.locator('main a[href*="/diff?with="]').first().click());
			const body = await min.locator('main').innerText();
			assert.ok(body.includes('変更なし'), 'the diff labels unchanged rows');
			assert.ok(/変更|追加|削除/.test(body.replace(/変更なし/g, '')), 'the diff names a change');
		});
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
