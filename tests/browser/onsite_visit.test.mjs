// On-site visits (issue 15) in a real browser: a visit of the demo operator
// planned by the command line in an on-site survey made in SQL; the
// surveyor, its inspector, finds it under 担当する訪問 and records its
// requirements function by function from the visit's navigation (組織統治,
// then 識別; a N/A without its reason refused beside the page's summary
// first, nothing saved; what is left shown per function); the NCO issues the
// report; the operator, without JavaScript, finds the finding under
// 実地調査の指摘事項 and answers it with a corrective action and a date; the
// NCO then sees the reply. No page scrolls sideways; axe-core is clean on
// the pages with JavaScript, and the Nu HTML Checker validates every page.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/onsite_visit.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('onsite_visit');
const BIN = process.env.KIJUN_BIN;

let server, browser, visitPath;
const pages = [];
const noScript = new WeakSet();
const visit = pageVisitor(() => server, pages, noScript);

/** SQL on the served database (SQLite, or PostgreSQL when the suite runs there). */
function sql(q) {
	const db = server.db;
	const out = db.startsWith('postgres')
		? execFileSync('psql', [db, '-XqAt', '-v', 'ON_ERROR_STOP=1', '-c', q])
		: execFileSync('sqlite3', [db, q]);
	return out.toString().trim();
}

before(async () => {
	({ server, browser } = await launch({ operators: 20, seed: 5, years: 1 }));
	sql(`INSERT INTO survey (fiscal_year, version_id, kind, title_ja, title_en, status,
	     created_at, owner_kind) SELECT fiscal_year, version_id, 'onsite', '実地調査（試験）',
	     'On-site (test)', 'open', created_at, 'nco' FROM survey ORDER BY id LIMIT 1`);
	const survey = sql(`SELECT MAX(id) FROM survey WHERE kind = 'onsite'`);
	sql(`INSERT INTO survey_sector (survey_id, sector_code) SELECT ${survey}, code FROM sector`);
	const corp = sql(`SELECT o.corporate_number FROM app_user u JOIN organisation o
			  ON o.id = u.organisation_id WHERE u.login = 'demo-operator'`);
	const out = execFileSync(BIN, ['onsite', 'plan', survey, '--org', corp, '--date',
				       '2026-11-10', '--inspectors', 'demo-surveyor', '--scope',
				       '3.2.1-1,3.2.1-2,3.3.1.1-1', '--reason', '試験', '--db', server.db]).toString();
	visitPath = `/onsite/visits/${out.match(/visit (\d+) planned/)[1]}`;
});

after(() => shutDown(server, browser));

test('the inspector records, the NCO issues, the operator answers', async () => {
	const sctx = await newContext(browser, { viewport: { width: 1280, height: 900 } });
	const nctx = await newContext(browser, { viewport: { width: 1280, height: 900 } });
	const octx = await newContext(browser, { javaScriptEnabled: false,
						 viewport: { width: 390, height: 900 } });
	try {
		const sur = await sctx.newPage(), nco = await nctx.newPage(), opr = await octx.newPage();
		noScript.add(opr);
		await signInWith(visit, sur, 'demo-surveyor');
		await signInWith(visit, nco, 'demo-nco');
		await signInWith(visit, opr, 'demo-operator');

		// The operator does not see it before the report is issued.
		await visit(opr, 'visit before issue (operator)', visitPath, 404);

		await visit(sur, 'my visits (surveyor)', '/onsite/mine');
		await visit(sur, 'visit (surveyor)', () => sur.locator(`main a[href="${visitPath}"]`).click());
		const nav = sur.locator('nav[aria-labelledby="functions"]');
		assert.ok((await nav.innerText()).includes('記録の残り 2'));
		await visit(sur, 'governance (surveyor)', () => nav.locator(`a[href="${visitPath}/fn/governance"]`).click());
		assert.equal(await sur.locator('[id="rec-level-3.3.1.1-1"]').count(), 0);
		await sur.locator('[id="rec-level-3.2.1-1"]').selectOption('1');
		await sur.locator('[id="rec-findings-3.2.1-1"]').fill('外部環境の整理が文書化されていない。');
		await sur.locator('[id="rec-evidence-3.2.1-1"]').fill('経営会議資料');
		await sur.locator('[id="rec-level-3.2.1-2"]').selectOption('na');
		await visit(sur, 'record refused', () => sur.locator('form[action$="/fn/governance"] button[type="submit"]').click(), 400);
		assert.ok((await sur.locator('[role="alert"]').innerText()).includes('理由'));
		await sur.locator('[id="rec-na-3.2.1-2"]').fill('該当する業務がない');
		await visit(sur, 'governance recorded', () => sur.locator('form[action$="/fn/governance"] button[type="submit"]').click());
		assert.ok((await sur.locator('[role="status"]').innerText()).includes('変更を保存しました'));
		assert.equal(await sur.locator('main dl dd strong').first().innerText(), '予定');
		await visit(sur, 'identify (surveyor)', () => sur.locator(`nav a[href="${visitPath}/fn/identify"]`).click());
		await sur.locator('[id="rec-level-3.3.1.1-1"]').selectOption('3');
		await visit(sur, 'identify recorded', () => sur.locator('form[action$="/fn/identify"] button[type="submit"]').click());
		assert.equal(await sur.locator('main dl dd strong').first().innerText(), '記録済み');
		assert.ok((await sur.locator('nav[aria-labelledby="functions"]').innerText()).includes('記録の残り 0'));

		await visit(nco, 'visit (nco)', visitPath);
		await visit(nco, 'issued', () => nco.locator('form[action$="/issue"] button[type="submit"]').click());
		assert.ok((await nco.locator('main dl').first().innerText()).includes('報告済み'));

		await visit(opr, 'findings (operator)', '/onsite/mine');
		await visit(opr, 'visit (operator)', () => opr.locator(`main a[href="${visitPath}"]`).click());
		assert.ok((await opr.locator('main').innerText()).includes('外部環境の整理が文書化されていない。'));
		await opr.locator('form[action$="/reply"] textarea[name="action"]').fill('整理した文書を取締役会に報告する。');
		await opr.locator('form[action$="/reply"] input[name="due_on"]').fill('2027-03-31');
		await visit(opr, 'answered', () => opr.locator('form[action$="/reply"] button[type="submit"]').click());

		await visit(nco, 'visit with the reply (nco)', visitPath);
		const main = await nco.locator('main').innerText();
		assert.ok(main.includes('整理した文書を取締役会に報告する。'));
		const history = await nco.locator('table:has(caption:text("誰がいつ何をしたか"))').innerText();
		for (const step of ['計画', '記録', '報告', '事業者の回答'])
			assert.ok(history.includes(step), `history lacks ${step}`);
	} finally {
		await sctx.close();
		await nctx.close();
		await octx.close();
	}
});

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
