// The targets page (§2.1.1(2), issue 10) in a real browser, at 1280 px and at
// 390 px: a year not yet identified (未特定), the counts, a bad year and a
// tampered mark answered on the page with the message beside the field, the
// copy of the previous year's targets asking before it changes this year's,
// and the 新規 filter. On every page: no horizontal scrolling and axe-core
// clean; at the end the Nu HTML Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/targets.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/targets).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { runAxe, formatAxe } from './lib/checks.mjs';
import { AXE_JS, KNOWN, artifactsDir, launch, shutDown, newContext, navigate, signInWith, pageWidth,
	 assertValidHtml } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('targets');
const SECTOR = 'medical';
const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 390, height: 900 }];

let server, browser;
const pages = [];		// { label, url, html } of every page visited

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

/**
 * Goes to HOW (a path, or a function that clicks), checks the status, keeps
 * the HTML for vnu, and checks that the page fits the width and is axe-clean.
 */
async function visit(page, label, how, status = 200) {
	const resp = typeof how === 'string'
		? await page.goto(server.base + how, { waitUntil: 'load' })
		: await navigate(page, how);
	assert.ok(resp, `${label}: no response`);
	if (resp.status() !== status) {
		const body = await page.locator('main').innerText().catch(() => '');
		assert.fail(`${label}: HTTP ${resp.status()} (expected ${status}) for ${resp.url()}\n` +
			    `  page: ${body.replace(/\s+/g, ' ').slice(0, 600)}`);
	}
	// The body of a POST's answer may be gone; the DOM (with its doctype) then.
	const html = await resp.text().catch(() => page.content());
	pages.push({ label, url: page.url(), html });
	const { scroll, inner } = await pageWidth(page);
	assert.ok(scroll <= inner, `${label}: the page is ${scroll} px wide in a ${inner} px window`);
	const v = await runAxe(page, AXE_JS, KNOWN);
	assert.equal(v.length, 0, `axe-core on ${label}:\n${formatAxe(label, page.url(), v)}`);
	return resp;
}

/** The "selected / total" figure of the page. */
async function selected(page) {
	const m = /^([\d,]+) \/ ([\d,]+)$/.exec(await text(page.locator('main dl.figures dd').first()));
	assert.ok(m, 'the selected / total figure');
	return { selected: Number(m[1].replace(/,/g, '')), total: Number(m[2].replace(/,/g, '')) };
}

before(async () => {
	({ server, browser } = await launch({ operators: 200, seed: 1, years: 2 }));
});

after(() => shutDown(server, browser));

for (const [i, viewport] of VIEWPORTS.entries()) {
	describe(`/targets at ${viewport.width} px (demo-ministry)`, { concurrency: 1 }, () => {
		let ctx, page, fy;
		// Each width works on years of its own, well after the demo's.
		const base = () => fy + 10 + 5 * i;

		before(async () => {
			ctx = await newContext(browser, { viewport });
			page = await ctx.newPage();
			await signInWith(visit, page, 'demo-ministry');
		});
		after(() => ctx?.close());

		test('the current year: counts, and the changes since the year before', async () => {
			await visit(page, 'targets', `/targets?sector=${SECTOR}`);
			assert.equal(await text(page.locator('main h1')), '対象事業者の特定');
			fy = Number(await page.locator('main #t-fy').inputValue());
			assert.ok(fy >= 2025 && fy <= 2100, `the fiscal year ${fy}`);
			assert.match(await text(page.locator('main h1 + p')), /^令和\d+年度 — 医療$/);
			const c = await selected(page);
			assert.ok(c.selected > 0 && c.selected <= c.total, JSON.stringify(c));
			assert.equal(await page.locator('main h2', { hasText: '未特定' }).count(), 0);
			assert.equal(await page.locator('main h2', { hasText: '前年度からの変化' }).count(), 1);
		});

		test('a year not set up is 未特定, with the ways to start', async () => {
			await visit(page, 'targets (not identified)', `/targets?sector=${SECTOR}&fy=${base()}`);
			assert.match(await text(page.locator('main #t-state')), /未特定$/);
			assert.equal(await page.locator('main .badge', { hasText: '除外' }).count(), 0, 'no 除外 rows');
			assert.equal(await page.getByRole('button', { name: /^分野の全事業者を対象にする/ }).count(), 1);
			assert.deepEqual(await selected(page), { selected: 0, total: (await selected(page)).total });
		});

		test('a year of 1999 stays on the page, the message beside the field', async () => {
			await page.locator('main #t-fy').fill('1999');
			await visit(page, 'targets fy=1999', () => page.getByRole('button', { name: '表示', exact: true }).click(), 400);
			const fyBox = page.locator('main #t-fy');
			assert.equal(await fyBox.inputValue(), '1999', 'what was typed is kept');
			assert.equal(await fyBox.getAttribute('aria-invalid'), 'true');
			assert.match(await fyBox.getAttribute('aria-describedby'), /\bt-fy-err\b/);
			assert.match(await text(page.locator('main #t-fy-err')), /2000から2100まで/);
			assert.match(await text(page.locator('main .error-summary')), /入力内容に誤りがあります/);
			assert.ok(await fyBox.evaluate((e) => e === document.activeElement), 'the bad field has the focus');
		});

		test('a tampered mark stays on the page and changes nothing', async () => {
			await visit(page, 'targets (current)', `/targets?sector=${SECTOR}&fy=${fy}`);
			const c0 = await selected(page);
			await page.locator('main input[name="shown"]').first().evaluate((e) => { e.value = '99999999'; });
			await visit(page, 'targets tampered', () => page.getByRole('button', { name: 'このページの印を保存' }).click(), 400);
			assert.match(await text(page.locator('main #t-target-err')), /ページを読み込み直してください/);
			const box = page.locator('main input[name="target"]').first();
			assert.equal(await box.getAttribute('aria-invalid'), 'true');
			assert.equal(await box.getAttribute('aria-describedby'), 't-target-err');
			await visit(page, 'targets (after the refusal)', `/targets?sector=${SECTOR}&fy=${fy}`);
			assert.deepEqual(await selected(page), c0, 'nothing changed');
		});

		test('the copy asks before it changes this year\'s choices', async () => {
			const y = base() + 1;
			// The year before: every operator; this year: one operator only.
			await visit(page, `targets ${y - 1}`, `/targets?sector=${SECTOR}&fy=${y - 1}`);
			await visit(page, `targets ${y - 1} all`, () => page.getByRole('button', { name: /^分野の全事業者を対象にする/ }).click());
			assert.equal(await text(page.locator('main [role="status"]')), '変更を保存しました。');
			const all = await selected(page);
			assert.equal(all.selected, all.total);
			await visit(page, `targets ${y}`, `/targets?sector=${SECTOR}&fy=${y}`);
			await page.locator('main input[name="target"]').first().check();
			await visit(page, `targets ${y} one`, () => page.getByRole('button', { name: 'このページの印を保存' }).click());
			assert.equal((await selected(page)).selected, 1);
			// The copy over it: a confirmation page of its own, with the counts.
			await visit(page, 'copy: confirmation', () => page.getByRole('button', { name: /^前年度の対象をこの年度に写す/ }).click());
			assert.equal(await text(page.locator('main h1')), '今年度の対象を前年度の対象で置き換えますか');
			assert.match(await text(page.locator('main .notice')), new RegExp(`今年度の対象に加わる事業者: ${(all.total - 1).toLocaleString('en-US')}`));
			await visit(page, 'copy: cancelled', () => page.getByRole('link', { name: 'やめる' }).click());
			assert.equal((await selected(page)).selected, 1, 'nothing changed');
			// Adding keeps this year's and asks nothing.
			await visit(page, 'copy: add', () => page.getByRole('button', { name: /^前年度の対象を追加する/ }).click());
			assert.equal((await selected(page)).selected, all.total);
			// Unmarking the sector asks too; confirmed, it is done and the year is 未特定 again.
			await visit(page, 'unmark all: confirmation', () => page.getByRole('button', { name: '分野の対象をすべて外す' }).click());
			assert.equal(await text(page.locator('main h1')), '分野の対象をすべて外しますか');
			await visit(page, 'unmark all: done', () => page.getByRole('button', { name: 'すべて外す', exact: true }).click());
			assert.equal((await selected(page)).selected, 0);
			assert.match(await text(page.locator('main #t-state')), /未特定$/);
		});

		test('the 新規 filter', async () => {
			await visit(page, 'targets (for the filter)', `/targets?sector=${SECTOR}&fy=${fy}`);
			const figure = page.locator('main dl.figures dd a[href*="new=1"]');
			const fresh = Number((await text(figure)).replace(/,/g, ''));
			await visit(page, 'targets new only', () => figure.click());
			assert.equal(new URL(page.url()).searchParams.get('new'), '1');
			assert.equal(await page.locator('main input[name="new"]').isChecked(), true);
			assert.match(await text(page.locator('main h2:has-text("分野の事業者") + p')), new RegExp(`^新規の事業者 ${fresh}\\b`));
			const rows = await page.locator('main input[name="shown"]').count();
			const badges = await page.locator('main td .badge', { hasText: '新規' }).count();
			assert.equal(rows, Math.min(fresh, 200), 'the new operators are listed');
			assert.equal(badges, rows, 'every operator listed is badged 新規');
			await visit(page, 'targets all again', () => page.getByRole('link', { name: 'すべて表示' }).click());
			assert.equal(new URL(page.url()).searchParams.get('new'), null);
		});
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
