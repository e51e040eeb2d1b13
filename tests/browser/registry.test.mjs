// The registry, target identification and safety-standard pages in a real
// browser: a ministry imports an operator list (a bad row first, then the
// fixed file, then the same file again), edits a record, marks a target,
// maps a clause to a gap and removes it again; the limits of its scope and
// of an operator's; the coverage heat map for every role. axe-core checks
// WCAG 2.1 A and AA on every page visited, and the Nu HTML Checker
// validates the HTML of every page at the end.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/registry.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (screenshots,
// page HTML and findings; default <dir of KIJUN_BIN>/artifacts/registry),
// KIJUN_BROWSER_TRACE=1 (per-page timings).
// Deferred issues: known-issues.json beside this file (shared with browser.test.mjs).
//
// Besides hard failures (a flow that does not work), a step collects
// "problems" — app defects found on the way — and goes on, so that one run
// lists them all; the step then fails with the list.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { AXE_TAGS, formatAxe } from './lib/checks.mjs';
import { artifactsDir, axeFinding, launch, shutDown, navigate, fillSignIn, screenshot,
	 newContext as harnessContext, assertValidHtml, axeSummary, assertCleanExit } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('registry');
const SHOTS = join(ARTIFACTS, 'screenshots');

const STEP_TIMEOUT = 120_000;
const TRACE = !!process.env.KIJUN_BROWSER_TRACE;

const SECTOR = 'medical', SECTOR_JA = '医療';
const FORBIDDEN_H1 = 'このページを見る権限がありません';
const COLUMNS = ['法人番号', '名称', '名称カナ', '分野', '規模', '基幹インフラ事業者', '地方公共団体',
	'団体コード', '都道府県', 'セプター加盟', '担当者', 'メール', '電話', '状態', '所管省庁'];
const ROLES = ['nco', 'ministry', 'operator', 'hq', 'surveyor', 'ceptoar', 'auditor'];
// The four coverage states, best first; the last two are gaps.
const COV = {
	government: '強制基準・推奨基準で規定（①②）', industry: '業界標準・ガイドラインで規定（③）',
	operators: '一部の事業者の内規のみ（④）', none: '規定なし',
};
const GAPS = 'ギャップ（内規のみ＋規定なし）';
// The same, as the tables head them.
const COV_SHORT = ['①② 政府の基準', '③ 業界標準', '④ 内規のみ', '規定なし', 'ギャップ', '一部のみ規定'];
const BINDING_CLASSES = ['強制基準', '推奨基準・ガイドライン'];	// class 1 and 2

let server, browser;
const pages = [];		// { label, url, status, html } of every page visited
const axeFindings = [];
const allProblems = [];		// { step, message }
const notes = new Set();	// observations that do not fail the run
const current = new AsyncLocalStorage();	// { name, axe: [], problems: [] } of the running step

/* --- Corporate numbers and the operator list ---------------------------------- */

/** The check digit of a 12-digit base: 9 − (Σ d_n × (1 if n odd else 2)) mod 9, n from the right. */
function corpnumCheckDigit(base) {
	assert.match(base, /^\d{12}$/);
	let sum = 0;
	for (let n = 1; n <= 12; n++)
		sum += Number(base[12 - n]) * (n % 2 ? 1 : 2);
	return 9 - (sum % 9);
}

const corpnum = (base) => `${corpnumCheckDigit(base)}${base}`;
/** The same number with a wrong check digit. */
const wrongCheckDigit = (num) => `${(Number(num[0]) + 1) % 10}${num.slice(1)}`;

function csvCell(v) {
	const s = String(v ?? '');
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The cells of one CSV line (no line breaks inside cells). */
function csvLine(line) {
	const out = [];
	const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
	for (let m; (m = re.exec(line)) && m[0] !== '';) {
		out.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
		if (!m[2])
			break;
	}
	return out;
}

/** An operator list as the export writes it: UTF-8 with BOM, CRLF, Japanese headers. */
function operatorCsv(rows) {
	const lines = [COLUMNS, ...rows.map((r) => COLUMNS.map((c) => r[c] ?? ''))];
	return Buffer.from('\ufeff' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8');
}

// Three new medical operators, and a fourth whose number has a wrong check digit.
const NEW_OPS = [1, 2, 3].map((i) => ({
	'法人番号': corpnum(`77${String(i).padStart(10, '0')}`),
	'名称': `医療法人試験会 試験病院${i}`,
	'名称カナ': `シケンビョウイン${i}`,
	'分野': SECTOR_JA,
	'規模': '中規模',
	'基幹インフラ事業者': 'いいえ',
	'地方公共団体': 'いいえ',
	'都道府県': '東京都',
	'セプター加盟': 'はい',
	'担当者': '試験 太郎',
	'メール': `test${i}@example.jp`,
	'電話': '03-1234-5678',
	'状態': '有効',
}));
const FOURTH_OK = corpnum('770000000004');
const FOURTH = {
	'法人番号': wrongCheckDigit(FOURTH_OK), '名称': '医療法人試験会 訂正病院', '分野': 'medical',
	'規模': '小規模', '都道府県': '13',
};
const BAD_ROW = 5;	// header = row 1, the fourth data row

/* --- Helpers ------------------------------------------------------------------ */

function pathOf(page) {
	const u = new URL(page.url());
	return u.pathname + u.search;
}

/** Records an app defect in the running step; the step fails at its end. */
function problem(message) {
	const s = current.getStore();
	if (!s)
		throw new assert.AssertionError({ message });
	s.problems.push(message);
}

/** An observation worth reporting that does not fail the step. */
function note(message) {
	notes.add(message);
}

/** Like assert.ok, but the step goes on (see problem). */
function expect(cond, message) {
	if (!cond)
		problem(message);
	return !!cond;
}

/**
 * Goes to HOW (a path, or a function that clicks/submits), checks the
 * status, keeps the raw HTML, runs axe-core and takes a screenshot if asked.
 */
async function visit(page, label, how, { status = 200, shot = null, axe = true, hint = '' } = {}) {
	const t0 = Date.now();
	let resp;
	try {
		resp = typeof how === 'string'
			? await page.goto(server.base + how, { waitUntil: 'load' })
			: await navigate(page, how);
	} catch (e) {
		if (!server.running())	// say so: a dead server explains every failure after it
			e.message += `\n  the kijun server is not running; the end of its log:\n${server.log().slice(-1500)}`;
		throw e;
	}
	assert.ok(resp, `${label}: no response`);
	if (resp.status() !== status) {
		const body = await page.locator('main').innerText().catch(() => '');
		assert.fail(`${label}: HTTP ${resp.status()} (expected ${status}) for ${resp.request().method()} ${resp.url()}\n` +
			    `  page: ${body.replace(/\s+/g, ' ').slice(0, 600)}` + (hint ? `\n  ${hint}` : ''));
	}
	let html;
	try {
		html = await resp.text();
	} catch {
		// The body of a POST's answer may be gone; the DOM is the next best thing.
		html = resp.request().method() === 'GET'
			? await (await page.context().request.get(page.url())).text()
			: '<!DOCTYPE html>\n' + await page.content();
	}
	pages.push({ label, url: page.url(), status: resp.status(), html });
	const t1 = Date.now();
	const f = axe ? await axeFinding(page, label) : null;
	if (f) {
		axeFindings.push(f);
		current.getStore()?.axe.push(f);
	}
	if (shot)
		await screenshot(page, SHOTS, shot);
	if (TRACE)
		console.log(`visit ${label}: load ${t1 - t0} ms, axe+shot ${Date.now() - t1} ms`);
	return resp;
}

/** A test that fails on axe violations and collected problems, after running to its end. */
function step(name, fn, { timeout = STEP_TIMEOUT } = {}) {
	test(name, { timeout }, async () => {
		const store = { name, axe: [], problems: [] };
		let err = null;
		try {
			await current.run(store, fn);
		} catch (e) {
			err = e;
		}
		const msgs = [];
		if (store.problems.length) {
			msgs.push(`app problems:\n${store.problems.map((p) => `  - ${p}`).join('\n')}`);
			allProblems.push(...store.problems.map((message) => ({ step: name, message })));
		}
		if (store.axe.length)
			msgs.push(`axe-core: accessibility violations (${AXE_TAGS.join(', ')}):\n` +
				  store.axe.map((f) => formatAxe(f.label, f.url, f.violations)).join('\n'));
		if (err && msgs.length)
			err.message += `\n\n${msgs.join('\n\n')}`;
		else if (msgs.length)
			err = new assert.AssertionError({ message: msgs.join('\n\n') });
		if (err)
			throw err;
	});
}

const newContext = (opts) => harnessContext(browser, opts);

async function text(locator) {
	return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

async function signIn(page, login) {
	await visit(page, 'signin', '/signin');
	const submit = await fillSignIn(page, login);
	await visit(page, `home (${login})`, () => submit.click());
	assert.equal(pathOf(page), '/', `${login} signed in`);
}

/** GET PATH with the page's session; the parsed JSON. */
async function api(page, path) {
	const r = await page.context().request.get(server.base + path);
	assert.equal(r.status(), 200, `GET ${path}: ${await r.text()}`);
	return r.json();
}

/** Every organisation the session may see, from the API. */
async function organisations(page) {
	return api(page, '/api/v1/organisations?limit=1000');
}

/** The CSRF token of the signed-in page (any form of it has one). */
async function csrfOf(page) {
	const v = await page.locator('input[name="csrf"]').first().getAttribute('value');
	assert.ok(v && v.length >= 32, 'a CSRF token on the page');
	return v;
}

/** "1,082 件中 1〜100 件" on /registry: the number of operators found (0 when none). */
async function registryTotal(page) {
	const p = await text(page.locator('main p.count'));
	if (p === '条件に合う事業者はありません。')
		return 0;
	const m = /^([\d,]+) 件中 [\d,]+〜[\d,]+ 件$/.exec(p);
	assert.ok(m, `the total on /registry: ${p}`);
	return Number(m[1].replace(/,/g, ''));
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exact = (s) => new RegExp(`^\\s*${escapeRe(s)}\\s*$`);

/** Uploads BUFFER as FILENAME through the form on the page (input name="file"). */
async function upload(page, label, filename, buffer, opts) {
	// On /registry the import is folded away under 「一括取り込み」 (a <details>).
	const fold = page.locator('main details#import');
	if (await fold.count() && !await fold.evaluate((d) => d.open))
		await fold.locator('summary').click();
	await page.locator('main input[name="file"]').setInputFiles({ name: filename, mimeType: 'text/csv', buffer });
	return visit(page, label, () => page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click(), opts);
}

/** The result list of a successful import: { 追加: n, 更新: n, 変更なし: n }. */
async function importCounts(page) {
	const items = await page.locator('main [role="status"] li').allInnerTexts();
	const out = {};
	for (const it of items) {
		const m = /^\s*(.+?)\s*[:：]\s*(\d+)\s*$/.exec(it);
		if (m)
			out[m[1]] = Number(m[2]);
	}
	return out;
}

/** The cards of /safety/{sector}: { label: number }. */
async function safetyCards(page) {
	const out = {};
	for (const card of await page.locator('main ul.cards > li.card').all())
		out[await text(card.locator('h2'))] = Number(await text(card.locator('p.figure')));
	return out;
}

/** The requirement ids of the gap list under #gaps, with their badge. */
async function gapList(page) {
	return page.locator('main h2#gaps ~ ol.reqs > li').evaluateAll((lis) => lis.map((li) => ({
		id: li.querySelector('a.req-id')?.textContent.trim(),
		badge: li.querySelector('.badge')?.textContent.trim(),
	})));
}

/* --- Global setup -------------------------------------------------------------- */

before(async () => {
	rmSync(SHOTS, { recursive: true, force: true });
	mkdirSync(SHOTS, { recursive: true });
	({ server, browser } = await launch({ operators: 200, seed: 1, years: 2 }));
});

after(() => shutDown(server, browser, { keepLog: ARTIFACTS }));

/* --- The ministry of the medical sector -------------------------------------- */

describe('demo-ministry (医療)', { concurrency: 1 }, () => {
	let ctx, page;
	let before0;		// the registry's total before the imports
	let newId;		// the first imported operator's id
	let savedName;		// its name after the edit

	before(async () => {
		ctx = await newContext();
		page = await ctx.newPage();
		await current.run({ name: 'sign-in', axe: [], problems: [] }, () => signIn(page, 'demo-ministry'));
	});
	after(() => ctx?.close());

	step('1a. /registry lists only medical operators, with filters and exports', async () => {
		await visit(page, 'registry', () => page.locator('header nav a[href="/registry"]').click(), { shot: 'registry' });
		assert.equal(pathOf(page), '/registry');
		assert.equal(await text(page.locator('main h1')), '事業者の登録簿');
		before0 = await registryTotal(page);
		const list = await organisations(page);
		assert.equal(list.total, before0, 'the page total = the API total');
		assert.ok(before0 > 0 && before0 < 200, `a ministry sees a part of the 200 operators (${before0})`);
		const outside = list.items.filter((o) => !o.sectors.includes(SECTOR));
		assert.deepEqual(outside.map((o) => o.corporate_number), [], 'API: only medical operators');
		// The table: one row per operator (up to 100 a page), every one in 医療.
		const sectors = await page.locator('main table.data tbody tr td:nth-child(3)').allInnerTexts();
		assert.equal(sectors.length, Math.min(before0, 100));
		const notMedical = sectors.filter((s) => !s.split('、').includes(SECTOR_JA));
		assert.deepEqual(notMedical, [], 'every row of the list is in 医療');
		// The sector filter offers only the ministry's sectors: 医療, and its own
		// part of 行政サービス (none of the demo's operators there are assigned to it).
		const opts = await page.locator('main select#f-sector option').evaluateAll((os) => os.map((o) => o.value));
		assert.deepEqual(opts, ['', 'government', SECTOR]);
		await page.locator('main select#f-sector').selectOption(SECTOR);
		await visit(page, 'registry?sector=medical', () => page.getByRole('button', { name: '検索', exact: true }).click());
		assert.equal(new URL(page.url()).searchParams.get('sector'), SECTOR);
		assert.equal(await registryTotal(page), before0);
		assert.equal(await page.locator('main select#f-sector').inputValue(), SECTOR);
		// Another ministry's sector is not there.
		await visit(page, 'registry?sector=ict (404)', '/registry?sector=ict', { status: 404 });

		// Exports: CSV (BOM, the 14 Japanese columns, one line per operator) and xlsx.
		await visit(page, 'registry', '/registry');
		const csvHref = await page.getByRole('link', { name: 'CSV で書き出す' }).getAttribute('href');
		const xlsxHref = await page.getByRole('link', { name: 'Excel で書き出す' }).getAttribute('href');
		assert.equal(csvHref, '/registry/export?format=csv');
		assert.equal(xlsxHref, '/registry/export?format=xlsx');
		const csv = await ctx.request.get(server.base + csvHref);
		assert.equal(csv.status(), 200);
		assert.match(csv.headers()['content-type'], /^text\/csv/);
		assert.match(csv.headers()['content-disposition'] ?? '', /attachment; filename="kijun-registry\.csv"/);
		const body = (await csv.body()).toString('utf8');
		assert.ok(body.startsWith('\ufeff'), 'the CSV starts with a BOM');
		const lines = body.slice(1).split('\r\n').filter((l) => l);
		assert.deepEqual(csvLine(lines[0]), COLUMNS);
		assert.equal(lines.length - 1, before0, 'one CSV line per operator');
		const xlsx = await ctx.request.get(server.base + xlsxHref);
		assert.equal(xlsx.status(), 200);
		assert.match(xlsx.headers()['content-type'], /spreadsheetml\.sheet/);
		assert.equal((await xlsx.body()).subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip');
	});

	step('1b. an import with a bad row is refused, the row named, nothing changed', async () => {
		await visit(page, 'registry', '/registry');
		assert.equal(await text(page.locator('main details#import summary')), '一括取り込み');
		const file = operatorCsv([...NEW_OPS, FOURTH]);
		await upload(page, 'registry/import (errors)', 'operators-bad.csv', file,
			     { status: 400, shot: 'registry-import-error' });
		assert.equal(pathOf(page), '/registry/import');
		assert.equal(await text(page.locator('main h1')), '一括取り込みの結果');
		const alert = page.locator('main [role="alert"]');
		assert.equal(await alert.count(), 1, 'one role="alert"');
		const said = await text(alert);
		assert.match(said, /取り込めませんでした。データは変更されていません。/);
		assert.match(said, /1 件の誤り/);
		const rows = await page.locator('main table.data tbody tr').evaluateAll((trs) =>
			trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
		assert.deepEqual(rows.map((r) => r.slice(0, 2)), [[String(BAD_ROW), '法人番号']],
				 `the error list names row ${BAD_ROW}, column 法人番号: ${JSON.stringify(rows)}`);
		assert.match(rows[0][2], /チェックディジット/);
		if (!said.includes(FOURTH['法人番号']) && !said.includes(`${BAD_ROW} 行`))
			note(`/registry/import: the role="alert" summary ("${said}") does not name the bad row; ` +
			     `row ${BAD_ROW} is in the table "誤りの一覧" after it, outside the announced region`);
		// Nothing changed: the page total, the API total, none of the numbers.
		await visit(page, 'registry', () => page.getByRole('link', { name: '登録簿へ戻る' }).click());
		assert.equal(await registryTotal(page), before0, 'the registry total is unchanged');
		const list = await organisations(page);
		assert.equal(list.total, before0);
		const nums = new Set(list.items.map((o) => o.corporate_number));
		for (const r of [...NEW_OPS, FOURTH])
			assert.ok(!nums.has(r['法人番号']), `${r['法人番号']} was not imported`);
	});

	step('1c. the fixed file imports (追加: 4), and again changes nothing (変更なし: 4)', async () => {
		const fixed = { ...FOURTH, '法人番号': FOURTH_OK };
		const file = operatorCsv([...NEW_OPS, fixed]);
		await visit(page, 'registry', '/registry');
		await upload(page, 'registry/import (added)', 'operators.csv', file);
		assert.equal(await page.locator('main [role="alert"]').count(), 0);
		assert.match(await text(page.locator('main [role="status"]')), /取り込みました。/);
		assert.deepEqual(await importCounts(page), { '追加': 4, '更新': 0, '変更なし': 0 });
		await visit(page, 'registry', () => page.getByRole('link', { name: '登録簿へ戻る' }).click());
		assert.equal(await registryTotal(page), before0 + 4);
		const list = await organisations(page);
		assert.equal(list.total, before0 + 4);
		const mine = list.items.filter((o) => [...NEW_OPS, fixed].some((r) => r['法人番号'] === o.corporate_number));
		assert.equal(mine.length, 4);
		const first = mine.find((o) => o.corporate_number === NEW_OPS[0]['法人番号']);
		assert.deepEqual({ name: first.name_ja, kana: first.name_kana, sectors: first.sectors, size: first.size_class,
				   pref: first.prefecture, core: first.core_infra, ceptoar: first.ceptoar_member, active: first.active },
				 { name: NEW_OPS[0]['名称'], kana: NEW_OPS[0]['名称カナ'], sectors: [SECTOR], size: 'medium',
				   pref: '13', core: false, ceptoar: true, active: true });
		newId = first.id;

		await upload(page, 'registry/import (unchanged)', 'operators.csv', file);
		assert.deepEqual(await importCounts(page), { '追加': 0, '更新': 0, '変更なし': 4 });
		assert.equal((await organisations(page)).total, before0 + 4);
	});

	step('2a. edits the new operator\'s name through the form', async () => {
		assert.ok(newId, 'the imported operator (step 1c)');
		await visit(page, 'registry', '/registry');
		const link = page.locator('main table.data a', { hasText: exact(NEW_OPS[0]['名称']) });
		assert.equal(await link.count(), 1, 'the new operator is listed on the first page');
		await visit(page, 'registry/{id}', () => link.click());
		assert.equal(pathOf(page), `/registry/${newId}`);
		assert.equal(await text(page.locator('main h1')), NEW_OPS[0]['名称']);
		const dd = (dt) => text(page.locator(`main dl.meta dt:text-is("${dt}") + dd`));
		assert.equal(await dd('メール'), NEW_OPS[0]['メール']);
		assert.equal(await dd('電話'), NEW_OPS[0]['電話']);
		assert.equal(await dd('担当者'), NEW_OPS[0]['担当者']);
		// The corporate number is the record's key: shown, not editable.
		assert.equal(await page.locator('main form input[name="corporate_number"]').getAttribute('type'), 'hidden');
		assert.equal(await page.locator('#o-name').inputValue(), NEW_OPS[0]['名称']);
		assert.ok(await page.getByRole('checkbox', { name: SECTOR_JA }).isChecked());
		savedName = '医療法人試験会 改称病院';
		await page.locator('#o-name').fill(savedName);
		await visit(page, 'registry/{id}?saved=1', () => page.getByRole('button', { name: '保存する' }).click());
		assert.equal(pathOf(page), `/registry/${newId}?saved=1`);
		assert.equal(await text(page.locator('main [role="status"]')), '変更を保存しました。');
		assert.equal(await text(page.locator('main h1')), savedName);
		assert.equal(await page.locator('#o-name').inputValue(), savedName);
		const o = await api(page, `/api/v1/organisations/${newId}`);
		assert.equal(o.name_ja, savedName);
		assert.equal(o.prefecture, '13');
		const pref = await text(page.locator('main dl.meta dt:text-is("都道府県") + dd'));
		if (pref !== '東京都')
			note(`/registry and /registry/{id}: 都道府県 is shown as its code ("${pref}") rather than its name (東京都)`);
	});

	step('2b. an invalid prefecture is refused and the record kept', async () => {
		await visit(page, 'registry/{id}', `/registry/${newId}`);
		const before = await text(page.locator('main dl.meta'));
		await page.locator('#o-name').fill('医療法人試験会 保存されない病院');
		await page.locator('#o-prefecture').fill('ムー大陸');
		await visit(page, 'registry/{id} (invalid prefecture)',
			    () => page.getByRole('button', { name: '保存する' }).click(), { status: 400 });
		assert.equal(pathOf(page), `/registry/${newId}`);
		const alert = page.locator('main [role="alert"]');
		assert.equal(await alert.count(), 1, 'one role="alert"');
		// The summary links to the field; the message stands beside it too.
		const errs = await alert.locator('li').allInnerTexts();
		assert.equal(errs.length, 1, `one error: ${JSON.stringify(errs)}`);
		assert.match(errs[0], /都道府県「ムー大陸」が分かりません/);
		assert.equal(await alert.locator('li a').getAttribute('href'), '#o-prefecture');
		const said = await text(alert);
		expect(!/取り込/.test(said),
		       `/registry/${newId} (edit form, invalid 都道府県): the role="alert" says "${said}" — the wording ` +
		       `of a file import ("could not import … fix all and import again"), not of a form save`);
		const field = page.locator('#o-prefecture');
		assert.equal(await field.getAttribute('aria-invalid'), 'true');
		assert.match(await field.getAttribute('aria-describedby'), /o-prefecture-err/);
		assert.match(await text(page.locator('#o-prefecture-err')), /ムー大陸/);
		// The record is unchanged: the page's record, and the API.
		assert.equal(await text(page.locator('main h1')), savedName);
		assert.equal(await text(page.locator('main dl.meta')), before, 'the record shown is the stored one');
		const o = await api(page, `/api/v1/organisations/${newId}`);
		assert.equal(o.name_ja, savedName, 'the name was not saved');
		assert.equal(o.prefecture, '13', 'the prefecture was not saved');
		// The form keeps what was typed, to be corrected.
		assert.equal(await field.inputValue(), 'ムー大陸');
		await visit(page, 'registry/{id}', `/registry/${newId}`);
		assert.equal(await page.locator('#o-prefecture').inputValue(), '13');
		assert.equal(await page.locator('#o-name').inputValue(), savedName);
	});

	step('2c. /registry/new: an empty form is refused, a filled one registers', async () => {
		await visit(page, 'registry', '/registry');
		await visit(page, 'registry/new', () => page.getByRole('link', { name: '事業者を登録', exact: true }).click());
		assert.equal(pathOf(page), '/registry/new');
		assert.equal(await text(page.locator('main h1')), '事業者の登録');
		const boxes = await page.locator('main input[type="checkbox"][name="sector"]').evaluateAll((b) => b.map((x) => x.value));
		assert.deepEqual(boxes, ['government', SECTOR], 'only the ministry\'s sectors can be chosen');
		await visit(page, 'registry/new (empty)', () => page.getByRole('button', { name: '登録する' }).click(), { status: 400 });
		assert.equal(await page.locator('main [role="alert"]').count(), 1);
		// Every missing required field is marked where it stands, and linked from the summary.
		const links = await page.locator('main [role="alert"] li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		for (const id of ['o-corporate_number', 'o-name', 'o-sector', 'o-size_class', 'o-prefecture']) {
			assert.ok(links.includes(`#${id}`), `the summary links to ${id}: ${JSON.stringify(links)}`);
			assert.equal(await page.locator(`#${id}`).getAttribute('aria-invalid'), 'true', `${id} is marked`);
		}
		const said = await text(page.locator('main [role="alert"]'));
		expect(!/取り込/.test(said), `/registry/new (empty form): the role="alert" says "${said}" — the wording ` +
		       `of a file import, not of a form`);
		const num = corpnum('770000000005');
		await page.locator('#o-corporate_number').fill(num);
		await page.locator('#o-name').fill('医療法人試験会 新規病院');
		await page.getByRole('checkbox', { name: SECTOR_JA }).check();
		await page.locator('#o-size_class').selectOption('small');
		await page.locator('#o-prefecture').fill('大阪府');
		await visit(page, 'registry/{id}?created=1 (new)', () => page.getByRole('button', { name: '登録する' }).click());
		assert.match(pathOf(page), /^\/registry\/\d+\?created=1$/);
		assert.equal(await text(page.locator('main h1')), '医療法人試験会 新規病院');
		assert.equal(await text(page.locator('main [role="status"]')), '登録しました。');
		// The same number again is refused.
		await visit(page, 'registry/new', '/registry/new');
		await page.locator('#o-corporate_number').fill(num);
		await page.locator('#o-name').fill('重複');
		await page.getByRole('checkbox', { name: SECTOR_JA }).check();
		await page.locator('#o-size_class').selectOption('small');
		await page.locator('#o-prefecture').fill('27');
		await visit(page, 'registry/new (duplicate)', () => page.getByRole('button', { name: '登録する' }).click(), { status: 400 });
		assert.match(await text(page.locator('main [role="alert"]')), /すでに登録されています/);
	});

	/** The 追加/除外 counts under 前年度からの変化 on /targets. */
	async function targetCounts() {
		const m = /追加: (\d+) \/ 除外: (\d+)/.exec(await text(page.locator('main h2:has-text("前年度からの変化") + p')));
		assert.ok(m, 'the 追加/除外 counts');
		return { added: Number(m[1]), dropped: Number(m[2]) };
	}

	/** The ids of the operators marked on the /targets page shown. */
	const marked = () => page.locator('main input[type="checkbox"][name="target"]').evaluateAll(
		(bs) => bs.filter((b) => b.checked).map((b) => b.value).sort());

	let fy;		// the fiscal year /targets opens on

	step('3a. /targets: marks the new operator, saves, sees it in the added list', async () => {
		await visit(page, 'targets', '/targets');
		assert.equal(await page.locator('main select#t-sector').inputValue(), SECTOR, 'the ministry\'s sector by default');
		await visit(page, 'targets?sector=medical', `/targets?sector=${SECTOR}`, { shot: 'targets' });
		assert.equal(await text(page.locator('main h1')), '対象事業者の特定');
		fy = Number(await page.locator('main #t-fy').inputValue());
		assert.ok(fy >= 2025 && fy <= 2100, `the fiscal year ${fy}`);
		// 医療 by default, which 厚労省 holds whole; its part of 行政サービス after it.
		assert.deepEqual(await page.locator('main select#t-sector option').evaluateAll((os) => os.map((o) => o.value)), ['government', SECTOR]);
		const c0 = await targetCounts();
		const marks0 = await marked();
		assert.ok(newId, 'the imported operator (step 1c)');
		const box = page.locator(`main input#tg-${newId}`);
		assert.equal(await box.count(), 1, 'the new operator has a checkbox');
		assert.equal(await page.getByRole('checkbox', { name: savedName, exact: true }).count(), 1,
			     'the checkbox is labelled with the operator\'s name');
		assert.equal(await box.isChecked(), false);
		await box.check();
		const form = page.locator('main form:has(button:text-is("このページの印を保存"))');
		const fields = await form.evaluate((f) => [...new FormData(f).keys()].length);
		const rows = await form.locator('tbody tr').count();
		await visit(page, 'targets?done=1', () => page.getByRole('button', { name: 'このページの印を保存' }).click(),
			    { hint: `POST /targets: the form of ${rows} operators sends ${fields} fields (csrf, sector, fy, ` +
				    `a "shown" per row and a "target" per mark); a form with a handful of rows saves` });
		const u = new URL(page.url());
		assert.equal(u.pathname, '/targets');
		assert.equal(u.searchParams.get('sector'), SECTOR);
		assert.equal(u.searchParams.get('fy'), String(fy));
		assert.equal(await text(page.locator('main [role="status"]')), '変更を保存しました。');
		assert.ok(await page.locator(`main input#tg-${newId}`).isChecked(), 'the mark is saved');
		assert.deepEqual(await marked(), [...marks0, String(newId)].sort(), 'the other marks are kept');
		assert.deepEqual(await targetCounts(), { added: c0.added + 1, dropped: c0.dropped });
		const changes = await page.locator('main table.data:has(caption:has-text("追加・除外された事業者")) tbody tr')
			.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
		assert.ok(changes.some((r) => r[0] === '追加' && r[1] === NEW_OPS[0]['法人番号'] && r[2] === savedName),
			  `the added list has the new operator: ${JSON.stringify(changes)}`);
	});

	step('3b. /targets: copies this year\'s targets to the next year', async () => {
		fy ??= Number(new URL(page.url()).searchParams.get('fy')) || new Date().getFullYear();
		await visit(page, 'targets?sector=medical', `/targets?sector=${SECTOR}&fy=${fy}`);
		const marks = await marked();
		assert.ok(marks.length > 0, `FY${fy} has targets`);
		await visit(page, `targets?fy=${fy + 1}`, `/targets?sector=${SECTOR}&fy=${fy + 1}`);
		assert.equal(Number(await page.locator('main #t-fy').inputValue()), fy + 1);
		await visit(page, `targets?fy=${fy + 1}&done=copy`,
			    () => page.getByRole('button', { name: '前年度の対象をこの年度に写す' }).click());
		const u = new URL(page.url());
		assert.equal(u.searchParams.get('fy'), String(fy + 1));
		assert.equal(u.searchParams.get('sector'), SECTOR);
		assert.equal(await text(page.locator('main [role="status"]')), '前年度の対象をこの年度に写しました。');
		assert.deepEqual(await marked(), marks, `FY${fy + 1} has FY${fy}'s targets`);
		assert.deepEqual(await targetCounts(), { added: 0, dropped: 0 });
	});

	step('4. /safety/medical: maps a gap to a clause, then removes the mapping', async () => {
		await visit(page, 'home', '/');
		await visit(page, 'coverage', () => page.locator('header nav a[href="/coverage"]').click());
		await visit(page, 'safety/medical', () => page.locator('main table a', { hasText: exact(SECTOR_JA) }).click(),
			    { shot: 'safety-medical' });
		assert.equal(pathOf(page), `/safety/${SECTOR}`);
		assert.equal(await text(page.locator('main h1')), `${SECTOR_JA} — 安全基準等`);
		const cards0 = await safetyCards(page);
		assert.deepEqual(Object.keys(cards0).sort(), [...Object.values(COV), GAPS].sort());
		assert.equal(Object.values(COV).reduce((a, c) => a + cards0[c], 0), 90,
			     'the four state cards add up to the 90 requirements');
		assert.equal(cards0[GAPS], cards0[COV.none] + cards0[COV.operators], 'the gap card: 規定なし + 内規のみ');
		const gaps0 = await gapList(page);
		assert.ok(gaps0.length > 0, 'the sector has gaps');
		assert.equal(gaps0.length, cards0[GAPS], 'the gap list has the gap card\'s number');
		const gap = { ...gaps0[0] };
		// The badge names the state (and, for operators-only, how many operators' rules).
		const gapState = [COV.none, COV.operators].find((c) => gap.badge.startsWith(c));
		assert.ok(gapState, `the first gap's badge: ${gap.badge}`);
		const api0 = await api(page, `/api/v1/sectors/${SECTOR}/safety`);
		assert.deepEqual(api0.gaps.map((g) => g.id), gaps0.map((g) => g.id), 'the page and the API agree on the gaps');

		// The first clause of the first class-1 or class-2 document.
		const sections = page.locator('main section.document');
		let di = -1;
		for (let i = 0; i < await sections.count(); i++) {
			const tag = await sections.nth(i).locator('p .tag').first().innerText().catch(() => '');
			if (BINDING_CLASSES.includes(tag.trim())) {
				di = i;
				break;
			}
		}
		assert.ok(di >= 0, 'a class-1 or class-2 document');
		const row = () => page.locator('main section.document').nth(di).locator('table tbody tr').first();
		const clause = await text(row().locator('th').first());
		const clauseId = (await row().getAttribute('id')).replace('clause-', '');
		const mapped = () => row().locator('td li').filter({
			has: page.getByRole('link', { name: gap.id, exact: true }) });
		assert.equal(await mapped().count(), 0);
		// One link per clause to its mapping form.
		await visit(page, 'safety/clauses/{id}/map', () => row().getByRole('link', { name: /^対応付けを編集/ }).click());
		assert.equal(pathOf(page), `/safety/clauses/${clauseId}/map`);
		const input = page.locator('main input[name="requirement_typed"]');
		assert.match(await page.locator(`main label[for="${await input.getAttribute('id')}"]`).textContent(), /対策事項の番号/);
		await input.fill(gap.id);
		const extent = page.locator('main select[name="extent"]');
		assert.deepEqual(await extent.locator('option').evaluateAll((os) => os.map((o) => o.value)), ['', 'full', 'partial']);
		await extent.selectOption('full');
		await visit(page, 'safety/medical?done=map (mapped)', () => page.getByRole('button', { name: '保存する' }).click());
		assert.equal(pathOf(page), `/safety/${SECTOR}?done=map&clause=${clauseId}`);
		assert.equal(new URL(page.url()).hash, `#clause-${clauseId}`, 'back at the clause');
		assert.equal(await text(row().locator('[role="status"]')), '対応付けを保存しました。');
		assert.equal(await text(row().locator('th').first()), clause, 'the same clause');
		assert.equal(await mapped().count(), 1, `${gap.id} is mapped to ${clause}`);
		assert.match(await text(mapped()), /（全部）/);
		const gaps1 = await gapList(page);
		assert.ok(!gaps1.some((g) => g.id === gap.id), `${gap.id} left the gap list`);
		assert.equal(gaps1.length, gaps0.length - 1);
		const cards1 = await safetyCards(page);
		assert.deepEqual(cards1, { ...cards0, [gapState]: cards0[gapState] - 1,
					   [COV.government]: cards0[COV.government] + 1, [GAPS]: cards0[GAPS] - 1 },
				 'one requirement moved from its gap state to government');

		// 外す asks first, then the mapping is back to where it was.
		await visit(page, 'safety/clauses/{id}/map', () => row().getByRole('link', { name: /^対応付けを編集/ }).click());
		const remove = page.getByRole('button', { name: new RegExp(`^外す.*${escapeRe(gap.id)}`) });
		assert.equal(await remove.count(), 1, `a 外す button named for ${gap.id}`);
		await visit(page, 'safety/clauses/{id}/map (confirm)', () => remove.click());
		assert.equal(await text(page.locator('main h1')), '対応付けを外しますか');
		await visit(page, 'safety/medical?done=unmap (removed)', () => page.locator('main form.confirm button[type="submit"]').click());
		assert.equal(pathOf(page), `/safety/${SECTOR}?done=unmap&clause=${clauseId}`);
		assert.equal(await mapped().count(), 0, `${gap.id} is no longer mapped`);
		assert.deepEqual(await gapList(page), gaps0, 'the gap list is back as it was');
		assert.deepEqual(await safetyCards(page), cards0, 'the cards are back as they were');
	});

	step('4b. /safety/medical: a bad mapping file is refused with its rows listed', async () => {
		await visit(page, 'safety/medical', `/safety/${SECTOR}`);
		const cards0 = await safetyCards(page);
		const head = '分野,分類,発行者,文書名,版,発行日,URL,条項番号,条項名,条項本文,対策事項,充足度,法人番号';
		// Row 2: no such requirement; row 3: internal rules that name no operator.
		const bad = Buffer.from(`\ufeff${head}\r\n${SECTOR},1,厚生労働省,試験基準,,,,第1条,,,9.9.9-9,全部,\r\n` +
					`${SECTOR},4,試験病院,試験病院 内規,,,,第1条,,,3.7-1,全部,\r\n`, 'utf8');
		await upload(page, `safety/${SECTOR}/import (errors)`, 'mapping.csv', bad, { status: 400 });
		assert.equal(pathOf(page), `/safety/${SECTOR}/import`);
		assert.equal(await page.locator('main [role="alert"]').count(), 1);
		const errs = await page.locator('main table.data tbody tr').evaluateAll((trs) =>
			trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
		assert.ok(errs.some((r) => r[0] === '2'), `row 2 is named: ${JSON.stringify(errs)}`);
		assert.ok(errs.some((r) => r[0] === '3' && r.includes('法人番号')), `row 3's 法人番号 is named: ${JSON.stringify(errs)}`);
		await visit(page, 'safety/medical', () => page.getByRole('link', { name: '分野の安全基準等へ戻る' }).click());
		assert.deepEqual(await safetyCards(page), cards0, 'nothing changed');
	});

	step('5. cannot edit /safety/ict: no forms, and POSTs are refused (403)', async () => {
		await visit(page, 'safety/ict', '/safety/ict');
		assert.equal(await text(page.locator('main h1')), '情報通信 — 安全基準等');
		assert.equal(await page.locator('main form').count(), 0, 'no forms in <main>');
		assert.equal(await page.locator('main input, main select, main button').count(), 0, 'no form controls');
		assert.equal(await page.locator('main input[type="file"]').count(), 0);
		assert.ok(await page.locator('main section.document').count() > 0, 'the documents are shown');
		const csrf = await csrfOf(page);
		const file = { name: 'mapping.csv', mimeType: 'text/csv',
			       buffer: Buffer.from('\ufeff分野,分類,発行者,文書名,条項番号,対策事項,充足度\r\nict,1,総務省,試験,第1条,3.2.1-1,全部\r\n') };
		const r = await page.request.post(server.base + '/safety/ict/import', { multipart: { csrf, file } });
		assert.equal(r.status(), 403, `POST /safety/ict/import: ${r.status()}`);
		assert.match(await r.text(), new RegExp(FORBIDDEN_H1));
		// The same token and file for the ministry's own sector do reach the import.
		const own = await page.request.post(server.base + `/safety/${SECTOR}/import`,
						    { multipart: { csrf, file: { ...file, buffer: Buffer.from('\ufeff分野\r\n') } } });
		assert.equal(own.status(), 400);
		assert.match(await own.text(), /対応表の取り込みの結果/, 'the token is good: the handler ran');
		// A clause of ict cannot be mapped either.
		const ict = await api(page, '/api/v1/sectors/ict/safety');
		const clauseId = ict.documents.flatMap((d) => d.clauses)[0]?.id;
		assert.ok(clauseId, 'an ict clause');
		const m = await page.request.post(server.base + `/safety/clauses/${clauseId}/map`,
						  { form: { csrf, requirement: '3.2.1-1', extent: 'full' } });
		assert.equal(m.status(), 403, `POST /safety/clauses/${clauseId}/map (ict): ${m.status()}`);
		// An operator in medical and another sector: readable, not editable.
		const shared = (await organisations(page)).items.find((o) => o.sectors.length > 1);
		if (shared) {
			await visit(page, 'registry/{id} (shared sectors)', `/registry/${shared.id}`);
			assert.equal(await page.locator('main form').count(), 0, 'no edit form for a record with a sector outside the scope');
			const s = await page.request.post(server.base + `/registry/${shared.id}`,
							  { form: { csrf, corporate_number: shared.corporate_number, name: 'x',
								    sector: SECTOR, size_class: 'small', prefecture: '13' } });
			assert.equal(s.status(), 403, `POST /registry/${shared.id} (sectors ${shared.sectors}): ${s.status()}`);
		}
		// And an import naming another sector is refused, all of it.
		await visit(page, 'registry', '/registry');
		const total = await registryTotal(page);
		const other = operatorCsv([{ ...NEW_OPS[0], '法人番号': corpnum('770000000009'), '分野': '情報通信' }]);
		await upload(page, 'registry/import (out of scope)', 'other.csv', other, { status: 400 });
		assert.match(await text(page.locator('main [role="alert"]')), /所管外の分野/);
		await visit(page, 'registry', '/registry');
		assert.equal(await registryTotal(page), total);
	});

	step('7. /coverage: the heat map and its tables, exports', async () => {
		await visit(page, 'coverage', '/coverage', { shot: 'coverage' });
		const csv = await ctx.request.get(server.base + '/coverage/export?format=csv');
		assert.equal(csv.status(), 200);
		assert.match(csv.headers()['content-type'], /^text\/csv/);
		const xlsx = await ctx.request.get(server.base + '/coverage/export?format=xlsx');
		assert.equal(xlsx.status(), 200);
		assert.equal((await xlsx.body()).subarray(0, 2).toString('latin1'), 'PK');
		const bad = await ctx.request.get(server.base + '/coverage/export?format=pdf');
		assert.equal(bad.status(), 400);
	});
});

/* --- An operator ------------------------------------------------------------- */

describe('demo-operator', { concurrency: 1 }, () => {
	let ctx, page;
	before(async () => {
		ctx = await newContext();
		page = await ctx.newPage();
		await current.run({ name: 'sign-in', axe: [], problems: [] }, () => signIn(page, 'demo-operator'));
	});
	after(() => ctx?.close());

	step('6. /registry leads to its own record; /registry/new is 403', async () => {
		const me = await api(page, '/api/v1/me');
		assert.ok(me.organisation_id, 'the operator has an organisation');
		await visit(page, 'registry (operator)', '/registry');
		assert.equal(pathOf(page), `/registry/${me.organisation_id}`);
		const own = (await organisations(page)).items;
		assert.equal(own.length, 1, 'the API lists only its own record');
		assert.equal(await text(page.locator('main h1')), own[0].name_ja);
		assert.match(await text(page.locator('main dl.meta')), new RegExp(own[0].corporate_number));
		assert.equal(await page.locator('main form').count(), 0, 'no edit form');
		await visit(page, 'registry/new (403)', '/registry/new', { status: 403 });
		assert.equal(await text(page.locator('main h1')), FORBIDDEN_H1);
		const other = own[0].id === 1 ? 2 : 1;
		await visit(page, 'registry/{other} (404)', `/registry/${other}`, { status: 404 });
		// Editing anything is refused, whatever the token.
		await visit(page, 'registry (operator)', `/registry/${me.organisation_id}`);
		const csrf = await csrfOf(page);
		const r = await page.request.post(server.base + '/registry/import', {
			multipart: { csrf, file: { name: 'x.csv', mimeType: 'text/csv', buffer: operatorCsv(NEW_OPS) } } });
		assert.equal(r.status(), 403);
		const s = await page.request.post(server.base + `/registry/${me.organisation_id}`,
						  { form: { csrf, name: 'x' } });
		assert.equal(s.status(), 403);
	});
});

/* --- /coverage for every role -------------------------------------------------- */

describe('/coverage for every role', { concurrency: 3 }, () => {
	for (const role of ROLES) {
		step(`7. demo-${role}: /coverage loads, the SVG is an image with a title`, async () => {
			const ctx = await newContext();
			try {
				const page = await ctx.newPage();
				await signIn(page, `demo-${role}`);
				await visit(page, `coverage (${role})`, '/coverage', { shot: role === 'nco' ? 'coverage-nco' : null });
				assert.equal(await text(page.locator('main h1')), '安全基準等による対策事項の充足状況');
				const svg = page.locator('main figure svg');
				assert.equal(await svg.count(), 1, 'one SVG');
				assert.equal(await svg.getAttribute('role'), 'img');
				const title = await svg.evaluate((s) => s.querySelector(':scope > title')?.textContent.trim() ?? '');
				assert.ok(title, 'the SVG has a non-empty <title>');
				const refs = (await svg.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
				for (const id of refs)
					assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `aria-labelledby ${id} exists once`);
				const name = await svg.evaluate((s) => s.getAttribute('aria-label') ?? '');
				assert.ok(refs.length || name, 'the SVG has an accessible name');
				assert.ok(await page.locator('main figure figcaption').count() === 1, 'a figcaption');
				// The same figures as tables: 16 sectors, each linked to its page.
				const rows = page.locator('main table.data').first().locator('tbody tr');
				assert.equal(await rows.count(), 16);
				assert.equal(await rows.locator('th[scope="row"] a[href^="/safety/"]').count(), 16);
				const heads = await page.locator('main table.data').first().locator('thead th').allInnerTexts();
				assert.deepEqual(heads.slice(1).map((h) => h.trim()),
						 COV_SHORT);
				// The legend says every state in words, not by colour alone.
				const legend = await svg.evaluate((s) => [...s.querySelectorAll(':scope > text')].map((t) => t.textContent));
				for (const c of Object.values(COV))
					assert.ok(legend.some((t) => t.startsWith(c)), `the legend names ${c}`);
				assert.ok(legend.some((t) => t.startsWith('白い角：一部のみ規定')), 'the legend names the partial mark');
				// The sections are headed as the standard heads them.
				const sections = await page.locator('main table.data').nth(1).locator('tbody th[scope="row"]').allInnerTexts();
				assert.equal(sections.length, 6);
				assert.equal(sections[5].trim(), '3.7 技術・脅威の動向等を踏まえた対策');
				assert.equal(sections[0].trim(), '3.2 組織統治');
			} finally {
				await ctx.close();
			}
		});
	}
});

/* --- At the end: HTML validation, findings, server shutdown ------------------- */

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));

test('findings summary', () => {
	const list = axeSummary(axeFindings, ARTIFACTS);
	writeFileSync(join(ARTIFACTS, 'problems.json'), JSON.stringify({ problems: allProblems, notes: [...notes] }, null, 2));
	console.log(`registry suite: ${pages.length} page views, ${list.length} distinct axe violation(s), ` +
		    `${allProblems.length} app problem(s); artifacts in ${ARTIFACTS}`);
	for (const g of list)
		console.log(`  axe ${g.rule} [${g.impact}] ${g.page} ${g.target} (x${g.seen}): ${g.help}`);
	for (const p of allProblems)
		console.log(`  problem (${p.step}): ${p.message}`);
	for (const n of notes)
		console.log(`  note: ${n}`);
});

test('the server exits 0 on SIGTERM, without sanitizer reports', { timeout: 60_000 },
     () => assertCleanExit(server));
