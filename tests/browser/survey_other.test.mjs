// Surveys of kind other (issue 15) in a real browser, with JavaScript and
// without: the NCO creates a survey to ministries on /other-surveys, chooses
// 厚生労働省, adds a question and opens it; the ministry's user answers,
// saves and submits it and gets a receipt (受付番号 and digest); the NCO
// returns it with a message and the ministry sees it returned. No page
// scrolls sideways; axe-core is clean on every page (pageVisitor), and the
// Nu HTML Checker validates every page visited.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/survey_other.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/survey_other).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('survey_other');

let server, browser;
const pages = [];
const noScript = new WeakSet();

const visit = pageVisitor(() => server, pages, noScript);

before(async () => {
	({ server, browser } = await launch({ operators: 60, seed: 1, years: 2 }));
});

after(() => shutDown(server, browser));

for (const js of [true, false]) {
	describe(`a survey of kind other, JavaScript ${js ? 'on' : 'off'}`, { concurrency: 1 }, () => {
		let ctx, mctx, nco, min, path, mine;
		const title = `他制度との関係に関する調査 ${js ? 'JS' : 'noJS'}`;

		before(async () => {
			const opts = { javaScriptEnabled: js, viewport: { width: js ? 1280 : 390, height: 900 } };
			ctx = await newContext(browser, opts);
			mctx = await newContext(browser, opts);
			nco = await ctx.newPage();
			min = await mctx.newPage();
			if (!js) {
				noScript.add(nco);
				noScript.add(min);
			}
			await signInWith(visit, nco, 'demo-nco');
			await signInWith(visit, min, 'demo-ministry');
		});
		after(async () => {
			await ctx?.close();
			await mctx?.close();
		});

		test('the NCO creates it, chooses a ministry, adds a question and opens it', async () => {
			await visit(nco, 'other surveys', '/other-surveys');
			const create = nco.locator('form[action="/other-surveys"]');
			await create.locator('[name="fy"]').fill('2026');
			await create.locator('[name="title_ja"]').fill(title);
			await create.locator('[name="respondents"]').selectOption('ministry');
			await create.locator('[name="closes"]').fill('2099-03-31');
			await visit(nco, 'created', () => create.locator('button[type="submit"]').click());
			path = new URL(nco.url()).pathname;
			assert.match(path, /^\/surveys\/\d+\/other$/);
			assert.equal(await nco.locator('h1').innerText(), title);
			const pick = nco.locator('form[action$="/other/respondents"]');
			await pick.locator('[name="ministry"]').fill('mhlw');
			await visit(nco, 'chosen', () => pick.locator('button[type="submit"]').click());
			assert.ok((await nco.locator('main').innerText()).includes('厚生労働省'));
			const q = nco.locator('form[action$="/other/questions"]');
			await q.locator('[name="kind"]').selectOption('choice');
			await q.locator('[name="text_ja"]').fill('個人情報保護法との重複がありますか');
			await q.locator('[name="choices"]').fill('重複あり\n重複なし');
			await visit(nco, 'question added', () => q.locator('button[type="submit"]').click());
			await visit(nco, 'opened', () => nco.locator('form[action$="/other/open"] button').click());
			assert.equal(await nco.locator('form[action$="/other/respondents"]').count(), 0);
		});

		test('the ministry answers, submits and gets a receipt', async () => {
			mine = `${path.replace(/\/other$/, '')}/ministries/mhlw`;
			await visit(min, 'its surveys', '/other-surveys');
			assert.equal(await min.locator(`main a[href="${mine}"]`).count(), 1);
			await visit(min, 'its response', mine);
			await min.locator('#q1').selectOption('重複あり');
			await visit(min, 'saved', () => min.locator(`form[action="${mine}"] button[type="submit"]`).click());
			await visit(min, 'submitted', () => min.locator(`form[action="${mine}/submit"] button`).click());
			const receipt = await min.locator('section:has(h2#receipt)').innerText();
			assert.match(receipt, /M2026-\d{4}-mhlw-01/);
			assert.match(receipt, /[0-9a-f]{64}/);
			assert.equal(await min.locator('#q1').innerText(), '重複あり');
		});

		test('the NCO returns it with a message; the ministry sees it returned', async () => {
			await visit(nco, 'the response', mine);
			await nco.locator('#message').fill('重複の内容を具体的に記入してください');
			await visit(nco, 'returned', () => nco.locator(`form[action="${mine}/return"] button`).click());
			await visit(min, 'returned to it', mine);
			assert.ok((await min.locator('main').innerText()).includes('差し戻されました'));
			assert.equal(await min.locator('#q1').count(), 1);
		});
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
