// Answering a survey (issue 12) in a real browser, with JavaScript and
// without: an operator follows the home page's call to answer, starts its
// response, fills part of one function page, saves, comes back to find it
// kept, finishes every function page (confirming what was carried over from
// last year), submits with the attestation and gets a receipt (受付番号,
// time, digest). The ministry (or the NCO, owner of the survey) returns it
// with a message; the operator sees the message, corrects an answer with its
// reason, submits again and compares both versions side by side. Every page
// visited is axe-core clean and, at the end, valid for the Nu HTML Checker.
//
// Each journey answers a survey of its own, made in the test's setup: the
// year's targets marked on the targets page by the NCO, then `kijun survey
// create` and `kijun survey open` on the server's database.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/answer.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/answer).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { runAxe, formatAxe } from './lib/checks.mjs';
import { AXE_JS, BIN, KNOWN, artifactsDir, launch, shutDown, newContext, navigate, signInWith,
	 assertValidHtml, assertCleanExit } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('answer');
const JOURNEYS = [{ js: true, fy: 2027 }, { js: false, fy: 2028 }];

let server, browser;
const pages = [];		// { label, url, html } of every page visited
// Pages of the journey without JavaScript: axe-core cannot run there (it is a
// script); the same pages are checked with it in the other journey, and vnu
// checks every page of both.
const noScript = new WeakSet();

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

/** Goes to HOW (a path, or a function that clicks), checks the status, keeps the HTML, runs axe. */
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
	const html = await resp.text().catch(() => page.content());
	pages.push({ label, url: page.url(), html });
	// Dates and times as the reader reads them (令和…, JST), never ISO.
	assert.doesNotMatch(await page.locator('main').innerText(), /\d{4}-\d{2}-\d{2}|\d{2}:\d{2}(:\d{2})?Z/,
			    `${label}: an ISO date or UTC time in the text`);
	if (noScript.has(page))
		return resp;
	const v = await runAxe(page, AXE_JS, KNOWN);
	assert.equal(v.length, 0, `axe-core on ${label}:\n${formatAxe(label, page.url(), v)}`);
	return resp;
}

/** `kijun ARGS… --db` the server's database; its standard output. */
function kijun(...args) {
	return execFileSync(BIN, [...args, '--db', server.db], { cwd: server.dir, encoding: 'utf8',
								 timeout: 60_000 });
}

/** What the signed-in user of PAGE's context reads from the API at PATH. */
async function apiGet(page, path) {
	const r = await page.request.get(server.base + path);
	assert.equal(r.status(), 200, `GET ${path}`);
	return r.json();
}

/** Answers every item of the function page shown now (level 3, carried-over ones confirmed) and saves. */
async function answerPage(page, label) {
	const radios = page.locator('main input[type="radio"][value="3"]');
	const n = await radios.count();
	for (let i = 0; i < n; i++)
		await radios.nth(i).check();
	const confirms = page.locator('main input[type="checkbox"][name^="c."]');
	for (let i = 0, m = await confirms.count(); i < m; i++)
		await confirms.nth(i).check();
	await visit(page, `${label} saved`, () => page.getByRole('button', { name: '保存する' }).click());
	assert.equal(await text(page.locator('main [role="status"]').first()), '保存しました。');
	return n;
}

before(async () => {
	({ server, browser } = await launch({ operators: 60, seed: 1, years: 2 }));
});

after(() => shutDown(server, browser, { keepLog: ARTIFACTS }));

for (const { js, fy } of JOURNEYS) {
	describe(`answering with JavaScript ${js ? 'on' : 'off'} (FY${fy})`, { concurrency: 1 }, () => {
		let opCtx, op, revCtx, rev, survey, corp, sector, reviewer;

		before(async () => {
			opCtx = await newContext(browser, { javaScriptEnabled: js });
			op = await opCtx.newPage();
			if (!js)
				noScript.add(op);
			await signInWith(visit, op, 'demo-operator');
			const me = await apiGet(op, '/api/v1/me');
			const org = await apiGet(op, `/api/v1/organisations/${me.organisation_id}`);
			sector = org.sectors[0];
			corp = org.corporate_number;
			// The reviewer: the sector's ministry when the demo ministry holds it, else the NCO (the owner).
			const minCtx = await newContext(browser, { javaScriptEnabled: js });
			const minPage = await minCtx.newPage();
			if (!js)
				noScript.add(minPage);
			await signInWith(visit, minPage, 'demo-ministry');
			const minMe = await apiGet(minPage, '/api/v1/me');
			reviewer = minMe.sectors.includes(sector) && !minMe.partial_sectors.includes(sector)
				? 'demo-ministry' : 'demo-nco';
			await minCtx.close();
			// The year's targets, marked by the NCO on the targets page.
			revCtx = await newContext(browser, { javaScriptEnabled: js });
			rev = await revCtx.newPage();
			if (!js)
				noScript.add(rev);
			await signInWith(visit, rev, 'demo-nco');
			await visit(rev, `targets ${fy}`, `/targets?sector=${sector}&fy=${fy}`);
			await visit(rev, `targets ${fy} all`,
				    () => rev.getByRole('button', { name: /^分野の全事業者を対象にする/ }).click());
			await rev.context().clearCookies();
			await signInWith(visit, rev, reviewer);
			survey = kijun('survey', 'create', '--fy', String(fy), '--title-ja', `令和${fy - 2018}年度 質問調査`,
				       '--title-en', `FY${fy} questionnaire`, '--sector', sector,
				       '--opens', '2026-09-01', '--closes', `${fy}-06-30`).trim();
			assert.match(survey, /^[0-9]+$/);
			assert.match(kijun('survey', 'open', survey), /is open/);
		});
		after(async () => {
			await opCtx?.close();
			await revCtx?.close();
		});

		test('the home page calls to answer; the response starts', async () => {
			await visit(op, 'home', '/');
			const call = op.locator('main .card.call');
			assert.match(await text(call), /調査への回答をお願いします/);
			assert.match(await text(call), /残り/);
			await visit(op, 'overview', () => call.getByRole('link', { name: '回答する' }).click());
			assert.equal(new URL(op.url()).pathname, `/surveys/${survey}/answer`);
			assert.match(await text(op.locator('main dl.facts')), /未着手/);
			await visit(op, 'overview started', () => op.getByRole('button', { name: '回答を始める' }).click());
			assert.match(await text(op.locator('main dl.facts')), /作成中/);
			assert.equal(await op.locator('main ul.cards a[href*="/answer/f/"]').count(), 6);
		});

		test('part of a function page is saved and kept', async () => {
			await visit(op, 'governance', () => op.locator('main ul.cards a[href$="/answer/f/0"]').click());
			const first = op.locator('main section.answer-item').first();
			const item = (await first.getAttribute('id')).slice(2);
			assert.ok(await first.locator('details.defs, p').count() > 0, 'the requirement text');
			await first.locator('input[type="radio"][value="2"]').check();
			await first.locator('textarea').first().fill('年次で見直している');
			await visit(op, 'governance saved', () => op.getByRole('button', { name: '保存する' }).click());
			assert.equal(await text(op.locator('main [role="status"]').first()), '保存しました。');
			await visit(op, 'overview again', `/surveys/${survey}/answer`);
			await visit(op, 'governance again', `/surveys/${survey}/answer/f/0`);
			const again = op.locator(`main section[id="i-${item}"]`);
			assert.ok(await again.locator('input[type="radio"][value="2"]').isChecked(), 'the level kept');
			assert.equal(await again.locator('textarea').first().inputValue(), '年次で見直している');
			assert.match(await text(again.locator('p.hint').first()), /最終更新/);
		});

		test('an incomplete response is not submitted; the missing items are listed', async () => {
			await visit(op, 'submit form', `/surveys/${survey}/answer/submit`);
			assert.ok(await op.locator('main ul.missing a').count() > 0, 'missing items linked');
			await op.locator('#s-attest_name').fill('事業 一郎');
			await op.locator('#s-attest_title').fill('情報セキュリティ責任者');
			await op.locator('#s-attest_date').fill('2026-12-04');
			await visit(op, 'submit refused', () => op.getByRole('button', { name: '提出する' }).click(), 400);
			assert.match(await text(op.locator('main .error-summary')), /未回答または未確認/);
		});

		test('every function answered, submitted: a receipt', async () => {
			for (let f = 0; f < 6; f++) {
				await visit(op, `function ${f}`, `/surveys/${survey}/answer/f/${f}`);
				assert.ok(await answerPage(op, `function ${f}`) > 0, `function ${f} has requirements`);
			}
			await visit(op, 'submit form complete', `/surveys/${survey}/answer/submit`);
			assert.equal(await op.locator('main ul.missing a').count(), 0);
			await op.locator('#s-attest_name').fill('事業 一郎');
			await op.locator('#s-attest_title').fill('情報セキュリティ責任者');
			await op.locator('#s-attest_date').fill('2026-12-04');
			await visit(op, 'receipt 1', () => op.getByRole('button', { name: '提出する' }).click());
			assert.equal(new URL(op.url()).pathname, `/surveys/${survey}/answer/receipts/1`);
			assert.match(await text(op.locator('main .receipt-number')), /\S+/);
			assert.match(await text(op.locator('main .digest')), /^[0-9a-f]{64}$/);
			await visit(op, 'locked', `/surveys/${survey}/answer/f/0`);
			assert.equal(await op.locator('main input[type="radio"]').count(), 0, 'read-only once submitted');
		});

		test('the reviewer returns it with a message', async () => {
			const path = `/surveys/${survey}/responses/${corp}`;
			await visit(rev, 'review', path);
			await visit(rev, 'return without message', () => rev.getByRole('button', { name: '差し戻す' }).click(), 400);
			await rev.locator('#r-message').fill('3.2.1-1 の根拠資料を具体的に記載してください。');
			await visit(rev, 'returned', () => rev.getByRole('button', { name: '差し戻す' }).click());
			assert.equal(await text(rev.locator('main [role="status"]').first()), '差し戻しました。');
		});

		test('the operator corrects, submits again and compares the versions', async () => {
			await visit(op, 'overview returned', `/surveys/${survey}/answer`);
			assert.match(await text(op.locator('main .notice.warning')), /根拠資料を具体的に/);
			await visit(op, 'correct', `/surveys/${survey}/answer/f/0`);
			await op.locator('main section.answer-item').first().locator('input[type="radio"][value="4"]').check();
			await visit(op, 'correction without reason', () => op.getByRole('button', { name: '保存する' }).click(), 400);
			await op.locator('#a-reason').fill('根拠資料を確認し直した');
			await visit(op, 'corrected', () => op.getByRole('button', { name: '保存する' }).click());
			await visit(op, 'submit again', `/surveys/${survey}/answer/submit`);
			await op.locator('#s-attest_name').fill('事業 一郎');
			await op.locator('#s-attest_title').fill('情報セキュリティ責任者');
			await op.locator('#s-attest_date').fill('2026-12-05');
			await visit(op, 'receipt 2', () => op.getByRole('button', { name: '提出する' }).click());
			assert.equal(new URL(op.url()).pathname, `/surveys/${survey}/answer/receipts/2`);
			await visit(op, 'overview with versions', `/surveys/${survey}/answer`);
			assert.equal(await op.locator('main table.data tbody tr').count(), 2, 'both versions listed');
			await visit(op, 'compare', () => op.getByRole('button', { name: '並べて比較する' }).click());
			assert.ok(await op.locator('main tr.changed').count() >= 1, 'the changed item marked');
			assert.match(await text(op.locator('main table.compare')), /変更あり/);
			await visit(rev, 'review versions', `/surveys/${survey}/responses/${corp}/versions?a=1&b=2`);
			assert.ok(await rev.locator('main tr.changed').count() >= 1);
		});
	});
}

describe('every page', () => {
	test('valid HTML (Nu HTML Checker)', async () => {
		await assertValidHtml(pages, join(ARTIFACTS, 'work'), ARTIFACTS);
	});
	test('the server stops cleanly', async () => {
		await assertCleanExit(server);
	});
});
