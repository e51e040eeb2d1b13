// A campaign's own questions (issue 12) in a real browser, with JavaScript
// and without (axe-core runs on the pages of the first; vnu on all): the NCO, owner of a draft campaign made by the command line,
// adds a single-choice question on the campaign page and sees it listed; a
// choice question without choices comes back with the message beside the
// field; a question is dropped after the confirmation page. On every page:
// no horizontal scrolling and axe-core clean; at the end the Nu HTML
// Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/survey_question.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/survey_question).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { BIN, artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('survey_question');

let server, browser, draft;
const pages = [];		// { label, url, html } of every page visited
// Pages without JavaScript: axe-core cannot run there (it is a script); the
// same pages are checked with it in the journey with JavaScript, and vnu
// checks every page of both.
const noScript = new WeakSet();

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

const visit = pageVisitor(() => server, pages, noScript);

before(async () => {
	({ server, browser } = await launch({ operators: 60, seed: 1, years: 2 }));
	const out = execFileSync(BIN, ['survey', 'create', '--fy', '2027', '--sector', 'medical',
				       '--title-ja', '令和9年度 医療分野 質問調査（独自設問）',
				       '--db', server.db],
				 { cwd: server.dir, encoding: 'utf8', timeout: 120_000 });
	draft = `/surveys/${Number(/(\d+)/.exec(out)[1])}`;
});

after(() => shutDown(server, browser));

for (const js of [true, false]) {
	describe(`own questions, JavaScript ${js ? 'on' : 'off'}`, { concurrency: 1 }, () => {
		let ctx, page;
		const title = `CSIRT の体制（${js ? 'JS' : 'JS なし'}）`;

		before(async () => {
			ctx = await newContext(browser, { javaScriptEnabled: js,
							  viewport: { width: js ? 1280 : 390, height: 900 } });
			page = await ctx.newPage();
			if (!js)
				noScript.add(page);
			await signInWith(visit, page, 'demo-nco');
		});
		after(() => ctx?.close());

		test('the draft\'s page has the section and the owner\'s form', async () => {
			await visit(page, `draft (js ${js})`, draft);
			assert.equal(await text(page.locator('main h2#questions')), 'この調査独自の設問');
			assert.equal(await page.getByRole('button', { name: '設問を追加する' }).count(), 1);
			assert.equal(await page.locator('main #q-kind').getAttribute('aria-required'), 'true');
		});

		test('a choice question without choices stays on the page, beside its field', async () => {
			await page.locator('main #q-kind').selectOption('choice');
			await page.locator('main #q-text_ja').fill(title);
			await visit(page, `refused (js ${js})`,
				    () => page.getByRole('button', { name: '設問を追加する' }).click(), 400);
			const box = page.locator('main #q-choices');
			assert.equal(await box.getAttribute('aria-invalid'), 'true');
			assert.match(await box.getAttribute('aria-describedby'), /q-choices-err/);
			assert.match(await text(page.locator('main #q-choices-err')), /択一式の設問には/);
			assert.equal(await page.locator('main #q-text_ja').inputValue(), title, 'typed text kept');
		});

		test('the owner adds a single-choice question and sees it', async () => {
			await page.locator('main #q-kind').selectOption('choice');
			await page.locator('main #q-sector').selectOption('medical');
			await page.locator('main #q-choices').fill('専任\n兼任\nなし');
			await visit(page, `added (js ${js})`,
				    () => page.getByRole('button', { name: '設問を追加する' }).click());
			assert.match(await text(page.locator('main .notice.success')), /変更を保存しました/);
			const row = page.locator('main table:has(caption:has-text("この調査独自の設問の一覧")) tbody tr',
						 { hasText: title });
			assert.equal(await row.count(), 1);
			assert.match(await text(row), /医療 択一/);
			assert.equal(await row.locator('li').count(), 3);
			assert.equal(await row.getByRole('button', { name: /削除/ }).count(), 1);
		});
	});
}

test('a question dropped after the confirmation page', async () => {
	const ctx = await newContext(browser);
	const page = await ctx.newPage();
	await signInWith(visit, page, 'demo-nco');
	await visit(page, 'draft before drop', draft);
	const row = page.locator('main tbody tr', { hasText: 'CSIRT の体制（JS）' });
	await visit(page, 'drop asks', () => row.getByRole('button', { name: /削除/ }).click());
	assert.match(await text(page.locator('main h1')), /設問を削除しますか/);
	await visit(page, 'dropped', () => page.getByRole('button', { name: '削除する' }).click());
	assert.equal(await page.locator('main tbody tr', { hasText: 'CSIRT の体制（JS）' }).count(), 0);
	assert.equal(await page.locator('main tbody tr', { hasText: 'CSIRT の体制（JS なし）' }).count(), 1);
	await ctx.close();
});

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
