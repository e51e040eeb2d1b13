// The survey campaign pages (issue 12) in a real browser, at 1280 px and at
// 390 px: the list for the NCO, a ministry and an operator; a campaign's
// progress, its chase list with a filter and its second page; a bad filter
// answered on the page with the message beside the field; the owner's forms.
// On every page: no horizontal scrolling and axe-core clean; at the end the
// Nu HTML Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/surveys.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/surveys).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('surveys');
const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 390, height: 900 }];

let server, browser;
const pages = [];		// { label, url, html } of every page visited

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

const visit = pageVisitor(() => server, pages);

before(async () => {
	({ server, browser } = await launch({ operators: 300, seed: 4, years: 2 }));
});

after(() => shutDown(server, browser));

for (const viewport of VIEWPORTS) {
	describe(`/surveys at ${viewport.width} px`, { concurrency: 1 }, () => {
		let ctx, page, open;

		before(async () => {
			ctx = await newContext(browser, { viewport });
			page = await ctx.newPage();
			await signInWith(visit, page, 'demo-nco');
		});
		after(() => ctx?.close());

		test('the NCO\'s list: every campaign, the open one with its rate', async () => {
			await visit(page, 'surveys (nco)', '/surveys');
			assert.equal(await text(page.locator('main h1')), '調査');
			const row = page.locator('main tr', { hasText: '実施中' });
			assert.equal(await row.count(), 1);
			open = await row.locator('a').getAttribute('href');
			assert.match(open, /^\/surveys\/\d+$/);
			assert.match(await text(row), /\d+\.\d%/);
		});

		test('a campaign: figures, tables, chase list, the owner\'s forms', async () => {
			await visit(page, 'survey (nco)', open);
			assert.match(await text(page.locator('main dl.figures')), /回答率 \d+\.\d%/);
			for (const caption of ['分野別の進捗', '都道府県別の進捗', '未提出の事業者'])
				assert.equal(await page.locator('main caption', { hasText: caption }).count(), 1, caption);
			assert.ok(await page.locator('main #chase ~ div table tbody tr').count() > 0);
			assert.equal(await page.getByRole('button', { name: '調査を終了する' }).count(), 1);
			assert.equal(await page.getByRole('button', { name: '延長する' }).count(), 1);
		});

		test('the chase list filtered, and its next page', async () => {
			await page.locator('main #chase-status').selectOption('draft');
			await visit(page, 'survey chase draft', () => page.getByRole('button', { name: '絞り込む' }).click());
			assert.equal(new URL(page.url()).searchParams.get('status'), 'draft');
			const rows = page.locator('main table:has(caption:has-text("未提出の事業者")) tbody tr');
			const n = await rows.count();
			assert.ok(n > 0);
			assert.equal(await rows.filter({ hasText: '回答中' }).count(), n, 'only drafts');
			const next = page.getByRole('link', { name: /次のページ/ });
			if (await next.count()) {
				await visit(page, 'survey chase page 2', () => next.click());
				assert.equal(new URL(page.url()).searchParams.get('page'), '2');
			}
		});

		test('a bad filter stays on the page, the message beside the field', async () => {
			await visit(page, 'survey bad prefecture', `${open}?prefecture=99`, 400);
			const box = page.locator('main #chase-prefecture');
			assert.equal(await box.getAttribute('aria-invalid'), 'true');
			assert.match(await text(page.locator('main #chase-prefecture-err')), /絞り込みの指定が正しくありません/);
			assert.match(await text(page.locator('main .error-summary')), /入力内容に誤りがあります/);
		});

		test('a ministry sees its sectors; an operator its survey to answer', async () => {
			const c2 = await newContext(browser, { viewport });
			const p2 = await c2.newPage();
			await signInWith(visit, p2, 'demo-ministry');
			await visit(p2, 'survey (ministry)', open);
			assert.match(await text(p2.locator('main')), /所管分野の数値のみ/);
			assert.equal(await p2.getByRole('button', { name: '調査を終了する' }).count(), 0);
			await c2.close();
			const c3 = await newContext(browser, { viewport });
			const p3 = await c3.newPage();
			await signInWith(visit, p3, 'demo-operator');
			await visit(p3, 'surveys (operator)', '/surveys');
			assert.ok(await p3.locator(`main a[href="${open}/answer"]`).count() === 1);
			await c3.close();
		});
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
