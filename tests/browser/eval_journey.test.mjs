// The yearly cycle of issue 14 in a real browser, through the page forms
// alone: the demo ministry edits and submits its medical sector's plan of
// the demo's latest fiscal year (a draft in the demo); the NCO reports it to
// HQ; the NCO closes the year's survey, the ministry publishes the sector's
// analysis and submits its evaluation of the year; HQ records a
// recommendation addressed to the medical sector in its evaluation of the
// year and finalises it; the ministry starts next year's plan from this
// one and answers the recommendation from a plan measure's form; the
// recommendations view shows it answered; the PDCA board shows the medical
// row's every step done and the cycle complete. axe-core is clean on every
// page visited and the Nu HTML Checker validates them all.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/eval_journey.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/eval_journey).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { BIN, artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('eval_journey');

// The demo's latest year (the clock's fiscal year): its medical plan is a draft.
const now = new Date();
const FY = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
const SECTOR = 'medical';
const REC = '医療分野の事業継続計画に、サイバー攻撃による診療停止を想定した訓練を組み込むこと。';

let server, browser, mctx, nctx, hctx, min, nco, hq, planPath, nextPath;
const pages = [];
const visit = pageVisitor(() => server, pages);

before(async () => {
	({ server, browser } = await launch({ operators: 120, seed: 5, years: 2 }));
	mctx = await newContext(browser);
	nctx = await newContext(browser);
	hctx = await newContext(browser);
	min = await mctx.newPage();
	nco = await nctx.newPage();
	hq = await hctx.newPage();
	await signInWith(visit, min, 'demo-ministry');
	await signInWith(visit, nco, 'demo-nco');
	await signInWith(visit, hq, 'demo-hq');
});

after(async () => {
	await mctx?.close();
	await nctx?.close();
	await hctx?.close();
	await shutDown(server, browser);
});

/** The visible text of the page's main. */
const mainText = (page) => page.locator('main').innerText();

test('the ministry edits its draft plan of the year and submits it', async () => {
	await visit(min, 'plans (ministry)', `/plans?fy=${FY}`);
	const link = min.locator('main td a[href^="/plans/"]', { hasText: '医療' });
	await visit(min, 'plan (draft)', () => link.first().click());
	planPath = new URL(min.url()).pathname;
	assert.match(planPath, /^\/plans\/\d+$/);
	assert.ok((await min.locator('main dl').first().innerText()).includes('作成中'),
		  'the demo leaves the medical plan of the year a draft');
	await min.locator('details.measure').first().locator('summary').click();
	await min.locator('[id="std-1-1-kpi"]').fill('経営層向け説明会を年2回開催');
	await visit(min, 'plan measure saved',
		    () => min.locator('details.measure').first().locator('button[type="submit"]').first().click());
	assert.ok((await mainText(min)).includes('変更を保存しました'));
	await visit(min, 'plan submitted',
		    () => min.locator('form[action$="/submit"] button[type="submit"]').click());
	assert.ok((await min.locator('main dl').first().innerText()).includes('統括室に提出済み'));
});

test('the NCO reports it to HQ', async () => {
	await visit(nco, 'plans (nco)', `/plans?fy=${FY}`);
	await visit(nco, 'plan (nco)', () => nco.locator(`main a[href="${planPath}"]`).click());
	await visit(nco, 'plan reported',
		    () => nco.locator('form[action$="/report"] button[type="submit"]').click());
	assert.ok((await nco.locator('main dl').first().innerText()).includes('本部に報告済み'));
});

test('the NCO closes the year\'s survey', async () => {
	// Which campaign is the year's: the command line's list (no page names it
	// by year alone). The demo leaves it a draft, open or closed by the date.
	const list = execFileSync(BIN, ['survey', 'list', '--db', server.db],
				  { cwd: server.dir, encoding: 'utf8', timeout: 60_000 });
	const row = list.split('\n').map((l) => l.trim().split(/\s+/))
		.find((c) => c[1] === String(FY) && /^\d+$/.test(c[0]));
	assert.ok(row, `no survey of ${FY}:\n${list}`);
	const [id, , status] = row;
	const act = (what) => nco.locator(`main form[action="/surveys/${id}/${what}"] button[type="submit"]`);
	await visit(nco, `survey (${status})`, `/surveys/${id}`);
	if (status === 'draft')
		await visit(nco, 'survey opened', () => act('open').first().click());
	if (status !== 'closed') {
		nco.once('dialog', (d) => d.accept());
		await visit(nco, 'survey close asked', () => act('close').first().click());
		if (new URL(nco.url()).pathname !== `/surveys/${id}`)	// the confirmation page
			await visit(nco, 'survey closed', () => act('close').click());
	}
	await visit(nco, 'survey (closed)', `/surveys/${id}`);
	assert.equal(await nco.locator(`form[action="/surveys/${id}/close"]`).count(), 0);
});

test('the ministry publishes the sector\'s analysis and submits its evaluation', async () => {
	await visit(min, 'analysis sector', `/analysis/sectors/${SECTOR}?fy=${FY}`);
	await visit(min, 'analysis published', () => min.locator('form.publish button[type="submit"]').click());
	assert.match(new URL(min.url()).pathname, /^\/analysis\/published\/\d+$/);

	await visit(min, 'evaluations (ministry)', `/evaluations?fy=${FY}`);
	const form = min.locator('main form[action="/evaluations"][method="post"]');
	await form.locator('input[name="fy"]').fill(String(FY));
	await form.locator('select[name="scope"]').selectOption(SECTOR);
	await visit(min, 'evaluation created', () => form.locator('button[type="submit"]').click());
	assert.match(new URL(min.url()).pathname, /^\/evaluations\/\d+$/);
	await visit(min, 'evaluation submitted',
		    () => min.locator('form[action$="/submit"] button[type="submit"]').click());
	assert.ok((await mainText(min)).includes('提出済み'));
	assert.equal(await min.locator('form[action$="/submit"]').count(), 0);
});

test('HQ records a recommendation to the sector and finalises its evaluation', async () => {
	await visit(hq, 'evaluations (hq)', `/evaluations?fy=${FY}`);
	await visit(hq, 'hq evaluation (none)', () => hq.locator(`main a[href="/evaluations/hq/${FY}"]`).click());
	await visit(hq, 'hq evaluation created',
		    () => hq.locator('main form[action="/evaluations"] button[type="submit"]').click());
	const form = hq.locator('main form[action$="/items"]');
	await form.locator('select[name="kind"]').selectOption('recommendation');
	await form.locator('select[name="category"]').selectOption('general');
	await form.locator('select[name="addressee"]').selectOption(SECTOR);
	await form.locator('textarea[name="text"]').fill(REC);
	await visit(hq, 'hq item added', () => form.locator('button[type="submit"]').click());
	const items = await hq.locator('table:has(caption:text("戦略本部の所見と提言"))').innerText();
	assert.ok(items.includes(REC) && items.includes('医療'), items);
	await visit(hq, 'hq evaluation final',
		    () => hq.locator('form[action$="/finalise"] button[type="submit"]').click());
	assert.ok((await hq.locator('main dl').first().innerText()).includes('確定'));
	assert.equal(await hq.locator('main form[action$="/items"]').count(), 0);
});

test('next year\'s plan answers the recommendation from a measure\'s form', async () => {
	await visit(min, 'recommendations (open)', `/evaluations/recommendations?fy=${FY}`);
	const open = min.locator('main tr', { hasText: REC });
	assert.ok((await open.innerText()).includes('未対応'));

	await visit(min, 'plan (reported)', planPath);
	await visit(min, 'next plan', () => min.locator('form[action$="/copy"] button[type="submit"]').click());
	nextPath = new URL(min.url()).pathname;
	assert.match(nextPath, /^\/plans\/\d+$/);
	assert.notEqual(nextPath, planPath);
	const h1 = await min.locator('h1').innerText();	// the year in the Japanese era
	assert.ok(h1.includes(`令和${FY + 1 - 2018}年度`) && h1.includes('医療'), h1);
	const measure = min.locator('details.measure').first();
	await measure.locator('summary').click();
	const answers = measure.locator('form[action$="/answers"]');
	const box = answers.locator('li', { hasText: REC }).locator('input[type="checkbox"]');
	assert.equal(await box.isChecked(), false);
	await box.check();
	await visit(min, 'measure answers saved', () => answers.locator('button[type="submit"]').click());
	await min.locator('details.measure').first().locator('summary').click();
	assert.equal(await min.locator('details.measure').first().locator('form[action$="/answers"] li', { hasText: REC })
		     .locator('input[type="checkbox"]').isChecked(), true);

	await visit(min, 'recommendations (answered)', `/evaluations/recommendations?fy=${FY}`);
	const row = await min.locator('main tr', { hasText: REC }).innerText();
	assert.ok(row.includes('対応済み') && !row.includes('未対応'), row);
	assert.equal(await min.locator('main tr', { hasText: REC }).locator(`a[href^="${nextPath}"]`).count() >= 1, true);
});

test('the PDCA board shows the sector\'s cycle complete', async () => {
	for (const [who, page] of [['ministry', min], ['nco', nco]]) {
		await visit(page, `pdca (${who})`, `/pdca?fy=${FY}`);
		const row = page.locator('main tr', { has: page.locator('th[scope="row"]', { hasText: /^医療$/ }) });
		assert.equal(await row.count(), 1, 'one medical row');
		const cells = row.locator('td.pdca');
		assert.equal(await cells.count(), 6);
		for (let i = 0; i < 6; i++) {
			const cls = await cells.nth(i).getAttribute('class');
			const text = await cells.nth(i).innerText();
			assert.ok(cls.split(' ').includes('done') && text.includes('完了'),
				  `${who}: step ${i + 1} not done: ${text}`);
		}
		assert.ok((await cells.nth(0).innerText()).includes('本部に報告済み'));
		assert.ok((await cells.nth(2).innerText()).includes('終了'));
		assert.ok((await cells.nth(4).innerText()).includes('提出済み'));
		assert.ok((await cells.nth(5).innerText()).includes('提言への対応 1/1'));
		assert.ok((await row.innerText()).includes('一巡完了'));
	}
});

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
