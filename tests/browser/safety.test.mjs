// The safety-standard pages in a real browser, at 1280 px and at 390 px:
// the NCO opens a clause's mapping form from the sector page, types a
// section's number (kept on the form, the message beside the field, the
// field focused), then a requirement in full-width digits (saved, back at
// the clause with its notice), removes it (asked first), and imports
// without a file (the message beside the file field); the mapping's
// download in the import's format. No page is wider than the screen;
// axe-core checks every page visited and the Nu HTML Checker validates
// them at the end.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/safety.test.mjs
//
// Environment: KIJUN_BIN, KIJUN_ARTIFACTS (default <dir of KIJUN_BIN>/artifacts/safety).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { formatAxe } from './lib/checks.mjs';
import { artifactsDir, axeFinding, launch, shutDown, newContext, navigate, signInWith, pageWidth,
	 screenshot, assertValidHtml } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('safety');
const SECTOR = 'medical';
// ３．２．３－１ and a full-width space: the requirement 3.2.3-1 as an input method types it.
const WIDE_ID = '３．２．３－１\u3000';

let server, browser;
const pages = [];	// { label, url, html } of every page visited
const axeFindings = [];

function pathOf(page) {
	const u = new URL(page.url());
	return u.pathname + u.search;
}

async function text(locator) {
	return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** Goes to HOW (a path, or a function that clicks), checks the status, keeps the HTML, runs axe. */
async function visit(page, label, how, { status = 200 } = {}) {
	const resp = typeof how === 'string'
		? await page.goto(server.base + how, { waitUntil: 'load' })
		: await navigate(page, how);
	assert.ok(resp, `${label}: no response`);
	assert.equal(resp.status(), status, `${label}: HTTP ${resp.status()} for ${resp.url()}`);
	let html;
	try {
		html = await resp.text();
	} catch {
		html = await page.content();	// a POST's answer may be gone; the DOM has its doctype
	}
	pages.push({ label, url: page.url(), html });
	const f = await axeFinding(page, label);
	if (f)
		axeFindings.push(f);
	const { scroll, inner } = await pageWidth(page);
	assert.ok(scroll <= inner, `${label}: ${scroll - inner} px wider than the screen`);
	return resp;
}

/** A screenshot of the first screen into the artifacts, for a reader to look at. */
const shot = (page, name) => screenshot(page, join(ARTIFACTS, 'screenshots'), name);

/** The field NAME's message: its control is invalid, described by the message, and holds VALUE. */
async function assertBeside(page, name, message, value) {
	const ctl = page.locator(`main [name="${name}"]:not([type="hidden"])`);
	assert.equal(await ctl.getAttribute('aria-invalid'), 'true', `${name} is marked invalid`);
	const ids = (await ctl.getAttribute('aria-describedby')).split(/\s+/);
	const err = page.locator(`#${ids[0]}`);
	assert.match(await text(err), message);
	if (value !== undefined)
		assert.equal(await ctl.inputValue(), value, `${name} keeps what was typed`);
	assert.ok(await page.locator('main .error-summary').isVisible(), 'the summary at the top');
}

before(async () => {
	({ server, browser } = await launch({ operators: 20, seed: 5, years: 1 }));
});

after(() => shutDown(server, browser));

for (const width of [1280, 390]) {
	describe(`demo-nco at ${width} px`, { concurrency: 1 }, () => {
		let ctx, page;
		before(async () => {
			ctx = await newContext(browser);
			page = await ctx.newPage();
			await page.setViewportSize({ width, height: 900 });
			await signInWith(visit, page, 'demo-nco');
		});
		after(() => ctx?.close());

		test('the mapping form keeps a bad id beside its field, saves a typed one, returns to the clause', async () => {
			await visit(page, `safety/${SECTOR}`, `/safety/${SECTOR}`);
			assert.equal(await page.locator('main input[name="requirement"]').count(), 0,
				     'no inline mapping forms on the sector page');
			await shot(page, `sector-${width}`);
			const row = page.locator('main section.document table tbody tr').first();
			const clauseId = (await row.getAttribute('id')).replace('clause-', '');
			await visit(page, 'clause map', () => row.getByRole('link', { name: /^対応付けを編集/ }).click());
			assert.equal(pathOf(page), `/safety/clauses/${clauseId}/map`);
			assert.ok(await page.locator('main select[name="requirement"] optgroup').count() > 10,
				  'the requirements grouped by section');

			// An id not in the standard and no extent: both messages at once.
			await page.locator('main [name="requirement_typed"]').fill('9.9.9-9');
			await visit(page, 'clause map (no extent)', () => page.getByRole('button', { name: '保存する' }).click(),
				    { status: 400 });
			assert.equal(await page.locator('main .error-summary li').count(), 2, 'both errors at once');
			await assertBeside(page, 'requirement_typed', /統一基準にない/, '9.9.9-9');
			await assertBeside(page, 'extent', /充足度を選択してください。/);

			// A section's number: the same form, 400, the message beside the field, focused.
			await page.locator('main [name="requirement_typed"]').fill('3.2.5');
			await page.locator('main select[name="extent"]').selectOption('full');
			await visit(page, 'clause map (3.2.5)', () => page.getByRole('button', { name: '保存する' }).click(),
				    { status: 400 });
			await assertBeside(page, 'requirement_typed', /節の番号です/, '3.2.5');
			assert.equal(await page.evaluate(() => document.activeElement?.name), 'requirement_typed');
			await shot(page, `clause-map-error-${width}`);
			assert.equal(await page.locator('main select[name="extent"]').inputValue(), 'full');

			// Full-width digits: saved, back at the clause with the notice.
			await page.locator('main [name="requirement_typed"]').fill(WIDE_ID);
			await page.locator('main select[name="extent"]').selectOption('partial');
			await visit(page, 'sector (mapped)', () => page.getByRole('button', { name: '保存する' }).click());
			assert.equal(pathOf(page), `/safety/${SECTOR}?done=map&clause=${clauseId}`);
			assert.equal(new URL(page.url()).hash, `#clause-${clauseId}`);
			const back = page.locator(`#clause-${clauseId}`);
			assert.equal(await text(back.locator('[role="status"]')), '対応付けを保存しました。');
			assert.match(await text(back), /3\.2\.3-1（一部）/);

			// Removal asks first, on a page of its own.
			await visit(page, 'clause map', () => back.getByRole('link', { name: /^対応付けを編集/ }).click());
			await visit(page, 'confirm removal', () => page.getByRole('button', { name: /^外す 3\.2\.3-1$/ }).click());
			assert.equal(await text(page.locator('main h1')), '対応付けを外しますか');
			assert.match(await text(page.locator('main .notice')), /3\.2\.3-1/);
			await visit(page, 'sector (removed)', () => page.locator('main form.confirm button[type="submit"]').click());
			assert.equal(pathOf(page), `/safety/${SECTOR}?done=unmap&clause=${clauseId}`);
			assert.equal(await text(page.locator(`#clause-${clauseId} [role="status"]`)), '対応付けを外しました。');
			assert.doesNotMatch(await text(page.locator(`#clause-${clauseId}`)), /3\.2\.3-1/);
		});

		test('an import without a file stays on the page; the mapping downloads in the import format', async () => {
			await visit(page, `safety/${SECTOR}`, `/safety/${SECTOR}`);
			await visit(page, 'import (no file)',
				    () => page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click(),
				    { status: 400 });
			assert.equal(pathOf(page), `/safety/${SECTOR}/import`);
			await assertBeside(page, 'file', /ファイルを選択してください。/);
			const href = await page.getByRole('link', { name: 'CSV で書き出す' }).first().getAttribute('href');
			assert.equal(href, `/safety/${SECTOR}/export?format=csv`);
			const r = await page.request.get(server.base + href);
			assert.equal(r.status(), 200);
			assert.match(r.headers()['content-disposition'], /kijun-safety-medical\.csv/);
			assert.match((await r.text()).split('\r\n')[0], /"分野","分類",.*"対策事項","充足度","法人番号"/);
		});
	});
}

test('every page visited is axe-clean and valid HTML (vnu)', { timeout: 120_000 }, async () => {
	if (axeFindings.length)
		assert.fail(axeFindings.map((f) => formatAxe(f.label, f.url, f.violations)).join('\n'));
	await assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS);
});
