// The registry's forms in a real browser, at 1280 px and at 390 px: the
// list's search and filters (a GET form without JavaScript that keeps its
// values, a bad value beside its field, counts with separators, pagination
// that keeps the filters), the operator form (必須, 選択してください, errors
// beside the fields, 登録しました), the import without a file, and an
// operator editing its own security contact. On every page: no horizontal
// scrolling, no ISO date or UTC time shown, axe-core clean; at the end the
// Nu HTML Checker validates every page.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/registry_forms.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (screenshots,
// page HTML and findings; default <dir of KIJUN_BIN>/artifacts/registry_forms).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { runAxe, formatAxe } from './lib/checks.mjs';
import { AXE_JS, KNOWN, artifactsDir, launch, shutDown, newContext, fillSignIn, pageWidth, screenshot,
	 assertValidHtml, assertCleanExit } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('registry_forms');
const SHOTS = join(ARTIFACTS, 'screenshots');
const WIDTHS = [1280, 390];

let server, browser;
const pages = [];	// { label, url, html } of every page visited
const findings = [];	// axe and layout findings: { label, message }

/* --- Helpers ------------------------------------------------------------------ */

const text = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ').trim();
const query = (page) => new URL(page.url()).searchParams;

/** Checks a page as every page is checked: width, dates, axe; keeps its HTML.
 * The home page is another part's: only axe and vnu there. */
async function check(page, label, resp) {
	const html = await resp.text().catch(() => null) ?? '<!DOCTYPE html>\n' + await page.content();
	pages.push({ label, url: page.url(), html });
	const ours = new URL(page.url()).pathname !== '/';
	const { scroll, inner } = await pageWidth(page);
	if (ours && scroll > inner)
		findings.push({ label, message: `${scroll - inner} px wider than the screen (horizontal scrolling)` });
	const shown = await page.locator('body').innerText();
	const iso = /\b\d{4}-\d{2}-\d{2}\b|\d{2}:\d{2}(:\d{2})?Z|\bUTC\b/.exec(shown);
	if (ours && iso)
		findings.push({ label, message: `an ISO date or UTC time is shown: "${iso[0]}"` });
	const v = await runAxe(page, AXE_JS, KNOWN);
	if (v.length)
		findings.push({ label, message: formatAxe(label, page.url(), v) });
}

/** Goes to PATH or does ACTION (a click that navigates); the response, checked. */
async function visit(page, label, how, status = 200) {
	const resp = typeof how === 'string'
		? await page.goto(server.base + how, { waitUntil: 'load' })
		: (await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), how()]))[0];
	assert.ok(resp, `${label}: no response`);
	assert.equal(resp.status(), status, `${label}: HTTP ${resp.status()} for ${resp.url()}`);
	await check(page, label, resp);
	return resp;
}

async function signIn(page, login) {
	await page.goto(server.base + '/signin');
	const submit = await fillSignIn(page, login);
	await Promise.all([page.waitForNavigation(), submit.click()]);
	assert.equal(new URL(page.url()).pathname, '/', `${login} signed in`);
}

/** The field with id ID is marked bad and its message stands beside it. */
async function badBeside(page, id, pattern) {
	const field = page.locator(`#${id}`);
	assert.equal(await field.getAttribute('aria-invalid'), 'true', `${id} is aria-invalid`);
	assert.match(await field.getAttribute('aria-describedby') ?? '', new RegExp(`${id}-err`));
	if (pattern)
		assert.match(await text(page.locator(`#${id}-err`)), pattern);
	const summary = page.locator('main .error-summary a', { hasText: /./ });
	const hrefs = await summary.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	assert.ok(hrefs.includes(`#${id}`), `the summary links to ${id}: ${JSON.stringify(hrefs)}`);
	// The first bad field has the focus.
	assert.ok(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid') === 'true'),
		  'the focus is on a bad field');
}

/* --- Setup -------------------------------------------------------------------- */

// The demo of the main suite (lib/server.mjs keeps one database per run and options).
const OPERATORS = 200;

before(async () => {
	rmSync(SHOTS, { recursive: true, force: true });
	mkdirSync(SHOTS, { recursive: true });
	({ server, browser } = await launch({ operators: OPERATORS, seed: 1, years: 2 }));
});

after(() => shutDown(server, browser));

for (const width of WIDTHS) {
	describe(`registry forms at ${width} px`, { concurrency: 1 }, () => {
		let ctx, page;
		before(async () => {
			ctx = await newContext(browser, { javaScriptEnabled: true, viewport: { width, height: 900 } });
			page = await ctx.newPage();
			await signIn(page, 'demo-nco');
		});
		after(() => ctx?.close());

		test('the list: actions at the top, search and filters kept, counts with separators', async () => {
			await visit(page, `registry ${width}`, '/registry');
			await screenshot(page, SHOTS, `registry-${width}`);
			const count = await text(page.locator('main p.count'));
			// The demo's operators, and the ones this test registered.
			assert.match(count, new RegExp(`^${String(OPERATORS).slice(0, -1)}\\d 件中 1〜100 件$`));
			// 事業者を登録 and the import come before the list.
			const order = await page.evaluate(() => {
				const pos = (sel) => [...document.querySelectorAll('main *')].indexOf(document.querySelector(sel));
				return [pos('main a[href="/registry/new"]'), pos('main details#import'), pos('main table')];
			});
			assert.ok(order[0] >= 0 && order[0] < order[2] && order[1] < order[2], `actions before the list: ${order}`);
			// A name from the list, found by part of it; then narrowed by its prefecture.
			const name = await text(page.locator('main table tbody tr td:nth-child(2) a').first());
			const pref = await text(page.locator('main table tbody tr td:nth-child(5)').first());
			await page.locator('#f-q').fill(name.slice(0, 3));
			await page.locator('#f-pref').selectOption({ label: pref });
			await visit(page, `registry search ${width}`, () => page.getByRole('button', { name: '検索', exact: true }).click());
			assert.equal(query(page).get('q'), name.slice(0, 3));
			assert.equal(await page.locator('#f-q').inputValue(), name.slice(0, 3), 'the search box keeps its text');
			assert.equal(await page.locator('#f-pref').inputValue(), query(page).get('pref'), 'the filter keeps its value');
			const names = await page.locator('main table tbody tr td:nth-child(2)').allInnerTexts();
			assert.ok(names.includes(name), `${name} is found`);
			assert.match(await text(page.locator('main p.count')), /^[\d,]+ 件中 1〜[\d,]+ 件$/);
			// The pages of an active-only list keep the filter.
			await visit(page, `registry active ${width}`, '/registry?status=active');
			const next = page.locator('main nav.pager a[rel="next"]');
			if (await next.count()) {
				await visit(page, `registry active p2 ${width}`, () => next.click());
				assert.equal(query(page).get('status'), 'active');
				assert.equal(query(page).get('page'), '2');
				assert.equal(await page.locator('#f-status').inputValue(), 'active');
			}
		});

		test('a bad filter value is a message beside its field, not a 400 page', async () => {
			await visit(page, `registry bad pref ${width}`, '/registry?pref=99&q=%E9%9B%BB%E5%8A%9B', 400);
			await screenshot(page, SHOTS, `registry-bad-${width}`);
			await badBeside(page, 'f-pref', /一覧にない値です/);
			assert.equal(await page.locator('#f-q').inputValue(), '電力', 'the other values stay');
			assert.ok(await page.locator('main table').count(), 'the list is still there');
			await visit(page, `registry bad size ${width}`, '/registry?size=huge', 400);
			await badBeside(page, 'f-size', /一覧にない値です/);
		});

		test('the import without a file keeps the user on the registry', async () => {
			await visit(page, `registry ${width}`, '/registry');
			await page.locator('main details#import summary').click();
			await visit(page, `registry import no file ${width}`,
				    () => page.locator('main details#import button[type="submit"]').click(), 400);
			assert.equal(new URL(page.url()).pathname, '/registry/import');
			await badBeside(page, 'upload-file', /ファイルを選択してください。/);
			assert.ok(await page.locator('main details#import').evaluate((d) => d.open), 'the import stays open');
		});

		test('the operator form: 必須, 選択してください, errors beside the fields, 登録しました', async () => {
			await visit(page, `registry new ${width}`, '/registry/new');
			assert.equal(await page.locator('#o-size_class').inputValue(), '', 'no size chosen for the user');
			assert.equal(await text(page.locator('#o-size_class option:checked')), '選択してください');
			const required = await page.locator('main .required').count();
			assert.ok(required >= 5, `必須 on the required fields (${required})`);
			await page.locator('#o-corporate_number').fill('123');
			await page.locator('#o-name').fill('試験フォーム株式会社');
			await visit(page, `registry new bad ${width}`, () => page.getByRole('button', { name: '登録する' }).click(), 400);
			await screenshot(page, SHOTS, `registry-new-bad-${width}`);
			await badBeside(page, 'o-corporate_number');
			await badBeside(page, 'o-size_class');
			await badBeside(page, 'o-sector');
			assert.equal(await page.locator('#o-name').inputValue(), '試験フォーム株式会社', 'typed values kept');
			// Filled in properly: registered.
			const base = `66${String(width).padStart(10, '0')}`;
			let sum = 0;
			for (let n = 1; n <= 12; n++)
				sum += Number(base[12 - n]) * (n % 2 ? 1 : 2);
			await page.locator('#o-corporate_number').fill(`${9 - (sum % 9)}${base}`);
			await page.locator('#o-sector').check();
			await page.locator('#o-size_class').selectOption('small');
			await page.locator('#o-prefecture').fill('13');
			await visit(page, `registry created ${width}`, () => page.getByRole('button', { name: '登録する' }).click());
			assert.equal(query(page).get('created'), '1');
			assert.equal(await text(page.locator('main [role="status"]')), '登録しました。');
			assert.match(await text(page.locator('main')), /令和\d+年\d+月\d+日/);
		});
	});
}

describe('an operator edits its own contact', { concurrency: 1 }, () => {
	for (const width of WIDTHS)
		test(`at ${width} px`, async () => {
			const ctx = await browser.newContext({ bypassCSP: true, locale: 'ja-JP', viewport: { width, height: 900 } });
			const page = await ctx.newPage();
			try {
				await signIn(page, 'demo-operator');
				await visit(page, `home (operator) ${width}`, '/');
				// In the menu (at 390 px, inside the menu button's <details>).
				assert.equal(await page.locator('header a[href="/organisation/contact"]').count(), 1);
				await visit(page, `contact ${width}`, '/organisation/contact');
				await page.locator('#c-contact_email').fill('not-a-mail');
				await page.locator('#c-contact_phone').fill('03-0000-0000');
				await visit(page, `contact bad ${width}`, () => page.getByRole('button', { name: '保存する' }).click(), 400);
				await screenshot(page, SHOTS, `contact-bad-${width}`);
				await badBeside(page, 'c-contact_email', /メールアドレス/);
				assert.equal(await page.locator('#c-contact_phone').inputValue(), '03-0000-0000');
				const mail = `security-${width}@example.jp`;
				await page.locator('#c-contact_email').fill(mail);
				await visit(page, `contact saved ${width}`, () => page.getByRole('button', { name: '保存する' }).click());
				assert.equal(await text(page.locator('main [role="status"]')), '変更を保存しました。');
				assert.equal(await page.locator('#c-contact_email').inputValue(), mail);
				const me = await (await ctx.request.get(server.base + '/api/v1/me')).json();
				const org = me.organisation_id;
				const rec = await visit(page, `own record ${width}`, `/registry/${org}`);
				assert.ok((await rec.text()).includes(mail), 'the record shows the new mail');
			} finally {
				await ctx.close();
			}
		});
});

/* --- At the end --------------------------------------------------------------- */

test('no page scrolls sideways, shows an ISO date, or fails axe-core', () => {
	mkdirSync(ARTIFACTS, { recursive: true });
	writeFileSync(join(ARTIFACTS, 'findings.json'), JSON.stringify(findings, null, 2));
	if (findings.length)
		assert.fail(findings.map((f) => `${f.label}: ${f.message}`).join('\n'));
});

test('every page visited is valid HTML (vnu)', { timeout: 120_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));

test('the server exits 0 on SIGTERM, without sanitizer reports', { timeout: 60_000 },
     () => assertCleanExit(server));
