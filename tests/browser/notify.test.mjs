// A survey's notifications page (issue 12) in a real browser, at 1280 px and
// at 390 px: the demo's open survey gets its reminders queued and, without a
// relay, listed (`kijun survey remind`, `kijun notify send`); the NCO sees
// them with their counts, filters them by status, finds the CSV download,
// and a bad status is answered on the page with the message beside the
// field. On every page: no horizontal scrolling and axe-core clean; at the
// end the Nu HTML Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/notify.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { runAxe, formatAxe } from './lib/checks.mjs';
import { AXE_JS, BIN, KNOWN, artifactsDir, launch, shutDown, newContext, navigate, signInWith,
	 pageWidth, assertValidHtml } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('notify');
const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 390, height: 900 }];

let server, browser, survey, queued;
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
	// The open survey and its close date, from `kijun survey list`.
	const open = kj('survey', 'list').split('\n').find((l) => /^\d+ +\d+ +open /.test(l));
	assert.ok(open, 'the demo has an open survey');
	const [id, , , , , , closes] = open.split(/ {2}/);
	survey = Number(id);
	const day = new Date(`${closes}T00:00:00Z`);
	day.setUTCDate(day.getUTCDate() - 7);
	const out = kj('survey', 'remind', String(survey), '--today', day.toISOString().slice(0, 10));
	queued = Number(/(\d+) reminders/.exec(out)[1]);
	kj('notify', 'send');
});

after(() => shutDown(server, browser));

for (const viewport of VIEWPORTS) {
	describe(`/surveys/{id}/notifications at ${viewport.width} px (demo-nco)`, { concurrency: 1 }, () => {
		let ctx, page;
		before(async () => {
			ctx = await newContext(browser, { viewport });
			page = await ctx.newPage();
			await signInWith(visit, page, 'demo-nco');
		});
		after(() => ctx?.close());

		test('the list with its counts and the download', async () => {
			await visit(page, 'notifications', `/surveys/${survey}/notifications`);
			assert.equal(await text(page.locator('main h1')), '通知の一覧');
			assert.match(await text(page.locator('main ul.counts')), new RegExp(`未送信（一覧で連絡）: ${queued}`));
			const rows = await page.locator('main table.data tbody tr').count();
			assert.equal(rows, Math.min(queued, 200));
			assert.equal(await page.locator('main td', { hasText: '期限前の督促' }).count(), rows);
			const csv = page.getByRole('link', { name: /CSV で書き出す/ });
			assert.match(await csv.getAttribute('href'), /format=csv/);
		});

		test('filtered by status', async () => {
			await page.locator('main select[name="status"]').selectOption('sent');
			await visit(page, 'notifications sent', () => page.getByRole('button', { name: '絞り込む' }).click());
			assert.equal(new URL(page.url()).searchParams.get('status'), 'sent');
			assert.match(await text(page.locator('main table.data tbody')), /該当する通知はありません/);
		});

		test('a bad status stays on the page with its message', async () => {
			await visit(page, 'notifications bad status', `/surveys/${survey}/notifications?status=lost`, 400);
			assert.match(await text(page.locator('main .error-summary')), /入力内容に誤りがあります/);
			assert.equal(await page.locator('main select[name="status"]').getAttribute('aria-invalid'), 'true');
		});
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
