// The offline answer form's upload in a real browser, at 1280 px and at 390
// px: the demo operator posts a filled form with a level off the scale and an
// edited fixed cell (the upload form is built on its account page with the
// page's CSRF token, as the answer page's would post it) and gets the refusal
// page: each bad cell in Japanese and English, nothing changed, the download
// links and the upload form again. No horizontal scrolling and axe-core clean;
// at the end the Nu HTML Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/survey_form.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { runAxe, formatAxe } from './lib/checks.mjs';
import { AXE_JS, BIN, KNOWN, artifactsDir, launch, shutDown, newContext, navigate, signInWith,
	 pageWidth, assertValidHtml } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('survey_form');
const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 390, height: 900 }];

let server, browser, survey, bad;
const pages = [];

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

async function visit(page, label, how, status = 200) {
	const resp = typeof how === 'string'
		? await page.goto(server.base + how, { waitUntil: 'load' })
		: await navigate(page, how);
	assert.ok(resp, `${label}: no response`);
	assert.equal(resp.status(), status, `${label}: HTTP ${resp.status()} for ${resp.url()}`);
	const html = await resp.text().catch(() => page.content());
	pages.push({ label, url: page.url(), html });
	const { scroll, inner } = await pageWidth(page);
	assert.ok(scroll <= inner, `${label}: the page is ${scroll} px wide in a ${inner} px window`);
	const v = await runAxe(page, AXE_JS, KNOWN);
	assert.equal(v.length, 0, `axe-core on ${label}:\n${formatAxe(label, page.url(), v)}`);
	return resp;
}

before(async () => {
	({ server, browser } = await launch({ operators: 60, seed: 1, years: 2 }));
	const kj = (...args) => execFileSync(BIN, [...args, '--db', server.db],
					     { cwd: server.dir, encoding: 'utf8', timeout: 120_000 });
	const open = kj('survey', 'list').split('\n').find((l) => /^\d+ +\d+ +open /.test(l));
	assert.ok(open, 'the demo has an open survey');
	survey = Number(open.split(/ {2}/)[0]);
	// The demo operator's own form, with D3 off the scale and C4 edited.
	const corp = kj('user', 'list').split('\n').find((l) => l.startsWith('demo-operator'))
		.match(/\b\d{13}\b/)[0];
	const form = join(server.dir, 'form.csv');
	kj('survey', 'form', String(survey), '--org', corp, '--format', 'csv', '-o', form);
	const lines = readFileSync(form, 'utf8').split('\r\n');
	lines[2] = lines[2].replace(/^("[^"]*","[^"]*","(?:[^"]|"")*"),"[^"]*"/, '$1,"7"');
	lines[3] = lines[3].replace(/^("[^"]*","[^"]*"),"(?:[^"]|"")*"/, '$1,"書き換えた要求事項"');
	bad = Buffer.from(lines.join('\r\n'), 'utf8');
});

after(() => shutDown(server, browser));

for (const viewport of VIEWPORTS) {
	describe(`/surveys/{id}/answer/upload at ${viewport.width} px (demo-operator)`, { concurrency: 1 }, () => {
		let ctx, page;
		before(async () => {
			ctx = await newContext(browser, { viewport });
			page = await ctx.newPage();
			await signInWith(visit, page, 'demo-operator');
		});
		after(() => ctx?.close());

		test('a bad form is refused, each cell named in both languages', async () => {
			await visit(page, 'account', '/account');
			await page.evaluate((action) => {
				const csrf = document.querySelector('input[name="csrf"]').value;
				const f = document.createElement('form');
				f.method = 'post';
				f.enctype = 'multipart/form-data';
				f.action = action;
				f.id = 'kjtest-upload';
				f.innerHTML = '<input type="hidden" name="csrf"><input type="file" name="file">';
				f.querySelector('[name="csrf"]').value = csrf;
				document.body.append(f);
			}, `/surveys/${survey}/answer/upload`);
			await page.locator('#kjtest-upload input[type="file"]')
				.setInputFiles({ name: 'form.csv', mimeType: 'text/csv', buffer: bad });
			await visit(page, 'upload refused',
				    () => page.evaluate(() => document.getElementById('kjtest-upload').submit()), 400);
			assert.equal(await text(page.locator('main h1')), '様式を取り込めませんでした');
			const errors = await text(page.locator('main .error-summary table'));
			assert.match(errors, /D3 セル D3: 回答は 0〜4 の段階か「該当なし」で選んでください/);
			assert.match(errors, /cell D3: a level is 0 to 4 or N\/A/);
			assert.match(errors, /cell C4: a fixed cell \(the requirement\) was edited/);
			const xlsx = page.getByRole('link', { name: '様式 (xlsx)' });
			assert.equal(await xlsx.getAttribute('href'), `/surveys/${survey}/answer/form.xlsx`);
			assert.equal(await page.locator(`main form[action="/surveys/${survey}/answer/upload"] input[type="file"]`).count(), 1);
		});
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
