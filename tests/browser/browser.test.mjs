// kijun in a real browser: every role signs in through the form and browses
// the server-rendered pages in headless Chromium. On every page visited,
// axe-core checks WCAG 2.1 A and AA; the raw HTML of every page is kept and
// validated with the Nu HTML Checker at the end. Also: the pages work with
// JavaScript disabled, the skip link is the first Tab stop, and the server
// stops cleanly (exit 0, no sanitizer report) on SIGTERM.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/browser.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (screenshots,
// page HTML and findings; default <dir of KIJUN_BIN>/artifacts),
// KIJUN_BROWSER_JOBS (roles browsing at once, default 3), KIJUN_BROWSER_TRACE=1
// (per-page timings).
// Deferred issues: known-issues.json beside this file (empty by default).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { AXE_TAGS, formatAxe } from './lib/checks.mjs';
import { KNOWN, artifactsDir, axeFinding, launch, shutDown, navigate, fillSignIn, screenshot,
	 newContext as harnessContext,
	 assertValidHtml, axeSummary, assertCleanExit } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir();
const SHOTS = join(ARTIFACTS, 'screenshots');

const REQ_ID = '3.2.5.3-1';
const STEP_TIMEOUT = 120_000;
// Every page of a role's menu, and a detail page of each, in one step: a list
// that grows with the product (fifteen pages and more for the NCO, each new to
// axe-core), beside two other roles browsing at once.
const MENU_TIMEOUT = 300_000;
const TRACE = !!process.env.KIJUN_BROWSER_TRACE;	// per-page timings
// Roles browse side by side, this many at a time (each in its own context).
const JOBS = Math.max(1, Number(process.env.KIJUN_BROWSER_JOBS) || 3);

// Role labels as kj_role_label_ja/en print them; which pages each may use.
const ROLES = [
	{ role: 'nco', ja: '国家サイバー統括室', en: 'National Cyber Coordination Office (NCO)', audit: true, admin: true, shots: true },
	{ role: 'ministry', ja: '重要インフラ所管省庁', en: 'responsible ministry', audit: false, admin: false, shots: ['home'] },
	{ role: 'operator', ja: '重要インフラ事業者等', en: 'CI operator', audit: false, admin: false, shots: ['home', 'forbidden'] },
	{ role: 'hq', ja: 'サイバーセキュリティ戦略本部', en: 'Cybersecurity Strategy Headquarters (HQ)', audit: false, admin: false },
	{ role: 'surveyor', ja: '調査実施機関（IPA）', en: 'surveyor (IPA)', audit: false, admin: false },
	{ role: 'ceptoar', ja: 'セプター事務局', en: 'CEPTOAR secretariat', audit: false, admin: false },
	{ role: 'auditor', ja: '内部監査', en: 'internal audit', audit: true, admin: false },
];

/* Japanese script: hiragana, katakana, CJK ideographs, full-width forms. */
const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]/;

let server, browser;
const pages = [];		// { label, url, status, html } of every page visited
const axeFindings = [];		// every violation seen, for the summary
const stepFindings = new AsyncLocalStorage();	// the violations of the running step

/* --- Helpers ---------------------------------------------------------------- */

function pathOf(page) {
	const u = new URL(page.url());
	return u.pathname + u.search;
}

/**
 * Goes to HOW (a path, or a function that clicks/submits), checks the
 * status, keeps the raw HTML, runs axe-core and takes a screenshot if asked.
 */
// On PostgreSQL (browser_pg) the pages are the ones the SQLite run checks with
// axe-core and vnu: there the suite checks what the engine changes (every page
// answers, the journeys work), and the scans, half its time, are not repeated;
// nor are the screenshots (the SQLite run's artifacts show the same pages).
const ON_PG = Boolean(process.env.KIJUN_TEST_PG);

async function visit(page, label, how, { status = 200, shot = null, axe = !ON_PG } = {}) {
	const t0 = Date.now();
	const resp = typeof how === 'string'
		? await page.goto(server.base + how, { waitUntil: 'load' })
		: await navigate(page, how);
	assert.ok(resp, `${label}: no response`);
	assert.equal(resp.status(), status, `${label}: HTTP status of ${resp.url()}`);
	let html;
	try {
		html = await resp.text();
	} catch {
		html = await (await page.context().request.get(page.url())).text();
	}
	pages.push({ label, url: page.url(), status: resp.status(), html });
	const t1 = Date.now();
	const f = axe ? await axeFinding(page, label) : null;
	if (f) {
		axeFindings.push(f);
		stepFindings.getStore()?.push(f);
	}
	if (shot && !ON_PG)
		await screenshot(page, SHOTS, shot);
	if (TRACE)
		console.log(`visit ${label}: load ${t1 - t0} ms, axe+shot ${Date.now() - t1} ms`);
	return resp;
}

/**
 * A test whose pages must have no axe violations. The step goes on after
 * a violation (so that every page of it is checked) and fails at the end.
 */
function step(name, fn, timeout = STEP_TIMEOUT) {
	test(name, { timeout }, async () => {
		const found = [];
		let err = null;
		try {
			await stepFindings.run(found, fn);
		} catch (e) {
			err = e;
		}
		if (found.length) {
			const msg = `axe-core: accessibility violations (${AXE_TAGS.join(', ')}):\n` +
				found.map((f) => formatAxe(f.label, f.url, f.violations)).join('\n');
			if (err)
				err.message += `\n\n${msg}`;
			else
				err = new assert.AssertionError({ message: msg });
		}
		if (err)
			throw err;
	});
}

const newContext = (opts) => harnessContext(browser, opts);

async function text(locator) {
	return (await locator.innerText()).trim();
}

async function signIn(page, login, label = 'home') {
	const submit = await fillSignIn(page, login);
	return visit(page, label, () => submit.click());
}

/** Texts of the UI chrome that should be translated, minus lang="ja" parts. */
async function untranslated(page) {
	return page.evaluate((src) => {
		const jp = new RegExp(src);
		const out = [];
		if (jp.test(document.title))
			out.push(`<title> ${document.title}`);
		const sel = 'h1, h2, h3, h4, nav a, button, label, th, caption, legend, dt, .card p, footer p, .tagline';
		for (const el of document.querySelectorAll(sel)) {
			// Only the element's own text nodes outside lang="ja" parts.
			let t = '';
			const walk = (n) => {
				for (const c of n.childNodes) {
					if (c.nodeType === 3)
						t += c.nodeValue;
					else if (c.nodeType === 1 && !(c.getAttribute('lang') ?? '').startsWith('ja') &&
						 !c.matches(sel) && c.getAttribute('aria-hidden') !== 'true')
						walk(c);
				}
			};
			if ((el.closest('[lang]')?.getAttribute('lang') ?? '').startsWith('ja'))
				continue;
			walk(el);
			t = t.replace(/\s+/g, ' ').trim();
			if (jp.test(t))
				out.push(`<${el.tagName.toLowerCase()}> ${t}`);
		}
		return out;
	}, JAPANESE.source);
}

/* Lists each untranslated text once in the whole run (the roles share most). */
const reportedUntranslated = new Set();
function assertTranslated(left, where) {
	const u = [...new Set(left)];
	if (!u.length)
		return;
	const fresh = u.filter((s) => !reportedUntranslated.has(s));
	fresh.forEach((s) => reportedUntranslated.add(s));
	assert.fail(`${u.length} Japanese text(s) on ${where} (untranslated in po/en.po?)` +
		    (fresh.length < u.length ? `; ${u.length - fresh.length} of them listed in another test's failure` : '') +
		    (fresh.length ? ':\n' + fresh.map((s) => `  ${s}`).join('\n') : ''));
}

/* --- Global setup -------------------------------------------------------------- */

before(async () => {
	rmSync(SHOTS, { recursive: true, force: true });
	mkdirSync(SHOTS, { recursive: true });
	({ server, browser } = await launch({ operators: 200, seed: 1, years: 2 }));
});

after(() => shutDown(server, browser, { keepLog: ARTIFACTS }));

/* --- Signed out -------------------------------------------------------------- */

describe('signed out', () => {
	let ctx, page;
	before(async () => {
		ctx = await newContext();
		page = await ctx.newPage();
	});
	after(() => ctx?.close());

	step('/ redirects to the sign-in page', async () => {
		await visit(page, 'signin (redirected from /)', '/', { shot: 'signin' });
		const u = new URL(page.url());
		assert.equal(u.pathname, '/signin');
		assert.equal(u.searchParams.get('next'), '/');
		assert.equal(await text(page.locator('h1')), 'サインイン');
		assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
		for (const sel of ['#login', '#password', 'main form button[type="submit"]'])
			await assert.doesNotReject(page.locator(sel).waitFor(), sel);
		// --demo-banner: the demo accounts are listed.
		assert.match(await text(page.locator('main')), /demo-operator/);
	});

	step('a wrong password is refused with an announced error', async () => {
		await visit(page, 'signin', '/signin');
		await page.locator('#login').fill('demo-nobody');
		await page.locator('#password').fill('not-the-password');
		await visit(page, 'signin (failed)', () => page.locator('main form button[type="submit"]').click(),
			    { status: 401 });
		assert.equal(new URL(page.url()).pathname, '/signin');
		assert.match(await text(page.locator('[role="alert"]')), /正しくありません/);
		assert.equal(await page.locator('#login').inputValue(), 'demo-nobody');
	});

	step('the sign-in page in English', async () => {
		await visit(page, 'signin', '/signin');
		await visit(page, 'signin (en)', () => page.getByRole('button', { name: 'English', exact: true }).click());
		assert.equal(new URL(page.url()).pathname, '/signin');
		assert.equal(await page.locator('html').getAttribute('lang'), 'en');
		const left = await untranslated(page);
		await visit(page, 'signin (ja)', () => page.getByRole('button', { name: '日本語', exact: true }).click());
		assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
		assertTranslated(left, 'the English sign-in page');
	});

	step('an unknown page is a 404 in the site frame', async () => {
		await visit(page, '404 (signed out)', '/no/such/page', { status: 404 });
		assert.equal(await text(page.locator('h1')), 'ページが見つかりません');
	});
});

/* --- Every role --------------------------------------------------------------- */

describe('every role', { concurrency: JOBS }, () => {
	for (const R of ROLES) {
		const login = `demo-${R.role}`;
		// Screenshot NAME if the role's `shots` asks for it (true: all, or a list of kinds).
		const shot = (name, kind = name) =>
			(R.shots === true || R.shots?.includes(kind)) ? name : null;

		describe(`role ${R.role} (${login})`, { concurrency: 1 }, () => {
			let ctx, page;
			before(async () => {
				ctx = await newContext();
				page = await ctx.newPage();
			});
			after(() => ctx?.close());

			step('signs in through the form and lands on / with the role shown', async () => {
				await visit(page, 'signin', '/signin');
				await signIn(page, login, 'home');
				assert.equal(pathOf(page), '/');
				assert.equal(await text(page.locator('main h1')), 'ホーム');
				assert.match(await text(page.locator('header .who')), new RegExp(` · ${R.ja.replace(/[()（）]/g, '.')}$`));
				assert.ok((await text(page.locator('main'))).includes(R.ja), `role label ${R.ja} on the home page`);
				assert.ok(await page.locator('main .card').count() >= 2, 'home shows cards');
				// Nav links: exactly the pages the role may use.
				const nav = await page.locator('header nav a').allInnerTexts();
				assert.equal(nav.includes('監査証跡'), R.audit, `nav has 監査証跡: ${nav}`);
				assert.equal(nav.includes('利用者管理'), R.admin, `nav has 利用者管理: ${nav}`);
				if (shot('home-' + R.role, 'home') && !ON_PG)
					await screenshot(page, SHOTS, `home-${R.role}`);
			});

			step('browses the catalog', async () => {
				await visit(page, 'catalog', () => page.locator('header nav a', { hasText: '統一基準' }).click(),
					    { shot: shot('catalog') });
				assert.equal(pathOf(page), '/catalog');
				assert.equal(await text(page.locator('main h1')), '統一基準 第3部 対策事項');
				assert.equal(await page.locator('main ol.reqs > li').count(), 90);
				assert.equal(await page.locator('header nav a[aria-current="page"]').innerText(), '統一基準');
			});

			step('filters the catalog by a function (3.4 防御)', async () => {
				await visit(page, 'catalog?function=protect',
					    () => page.locator('nav.function-nav a', { hasText: '防御' }).click());
				assert.equal(pathOf(page), '/catalog?function=protect');
				const current = page.locator('nav.function-nav a[aria-current="page"]');
				const label = await text(current);
				assert.match(label, /^3\.4 防御 \((\d+)\)$/);
				const ids = await page.locator('main ol.reqs a.req-id').allInnerTexts();
				assert.equal(ids.length, Number(/\((\d+)\)/.exec(label)[1]));
				assert.ok(ids.length > 0 && ids.every((id) => id.startsWith('3.4.')), `ids: ${ids}`);
			});

			step('searches ＣＳＩＲＴ (full-width) and finds 3.2.5.3-1', async () => {
				await visit(page, 'catalog', () => page.locator('nav.function-nav a', { hasText: 'すべて' }).click());
				assert.equal(pathOf(page), '/catalog');
				await page.getByLabel('対策事項を検索').fill('ＣＳＩＲＴ');
				await visit(page, 'catalog?q=ＣＳＩＲＴ',
					    () => page.locator('form.search button[type="submit"]').click());
				const u = new URL(page.url());
				assert.equal(u.pathname, '/catalog');
				assert.equal(u.searchParams.get('q'), 'ＣＳＩＲＴ');
				assert.equal(await page.locator('#q').inputValue(), 'ＣＳＩＲＴ');
				assert.match(await text(page.locator('main [role="status"]')), /^[1-9]\d* 件の対策事項が見つかりました。$/);
				const hit = page.locator('main ol.reqs a.req-id', { hasText: REQ_ID });
				assert.equal(await hit.count(), 1, `${REQ_ID} among the results`);
			});

			step('opens requirement 3.2.5.3-1: text, definitions, CSF ids', async () => {
				await visit(page, `catalog/${REQ_ID}`,
					    () => page.locator('main ol.reqs a.req-id', { hasText: REQ_ID }).click(),
					    { shot: shot('requirement') });
				assert.equal(pathOf(page), `/catalog/${REQ_ID}`);
				assert.match(await text(page.locator('main h1')), new RegExp(`^${REQ_ID.replace(/\./g, '\\.')} `));
				assert.equal(await text(page.locator('main blockquote.standard-text')),
					     'CSIRTとしての機能を持つ体制を整備する。');
				assert.equal(await text(page.locator('main p.lang-en').first()),
					     'Establish a structure that functions as a CSIRT.');
				const defs = page.locator('main dl.definitions');
				assert.match(await text(defs.locator('dt').first()), /^CSIRT/);
				assert.match(await text(defs), /Computer Security Incident Response Team/);
				const tags = await page.locator('main dl.meta .tag').allInnerTexts();
				assert.deepEqual(tags.filter((t) => /^[A-Z]{2}\.[A-Z]{2}$/.test(t)), ['GV.RR', 'RS.MA']);
				// The demo's earlier years ask its synthetic predecessor: the
				// requirement's history names how it carried on.
				assert.ok(tags.includes('同一'), `revision history kind among ${tags}`);
				assert.match(await text(page.locator('main dl.meta').first()), /Roles, Responsibilities, and Authorities/);
				assert.ok(await page.locator('main nav ol.breadcrumbs a').count() >= 2, 'breadcrumbs');
			});

			step('follows a defined term to the glossary (用語集)', async () => {
				await visit(page, 'glossary', () => page.locator('main dl.definitions dt a').first().click(),
					    { shot: shot('glossary') });
				const u = new URL(page.url());
				assert.equal(u.pathname, '/glossary');
				assert.equal(u.hash, '#term-csirt');
				assert.equal(await text(page.locator('main h1')), '用語集');
				assert.equal(await page.locator('header nav a[aria-current="page"]').innerText(), '用語集');
				assert.equal(await page.locator('main section.term').count(), 40);
				const entry = page.locator('main section#term-csirt');
				assert.match(await text(entry.locator('h2')), /^CSIRT/);
				assert.equal(await entry.locator(`a[href="/catalog/${REQ_ID}"]`).count(), 1);
				// 事業継続計画等 (3.6.1 body text) is its own term, used by 3.6.1-2.
				const bcp = page.locator('main section#term-business-continuity-plans-etc');
				assert.match(await text(bcp.locator('p.defined-in')), /3\.6\.1 本文/);
				assert.equal(await bcp.locator('a[href="/catalog/3.6.1-2"]').count(), 1);
				assert.equal(await page.locator('main section#term-business-continuity-plan a[href="/catalog/3.6.1-2"]').count(), 0);
			});

			step('opens the crosswalk of the version in force', async () => {
				await visit(page, 'catalog/versions/2026/crosswalk', '/catalog/versions/2026/crosswalk',
					    { shot: shot('crosswalk') });
				assert.equal(pathOf(page), '/catalog/versions/2026/crosswalk');
				assert.match(await text(page.locator('main h1')), /^改訂の対応表 2026/);
				assert.ok(await page.locator('main nav ol.breadcrumbs a[href="/catalog"]').count() === 1,
					  'breadcrumbs back to the catalog');
			});

			if (R.audit) {
				step('reads the audit trail', async () => {
					await visit(page, 'audit', () => page.locator('header nav a', { hasText: '監査証跡' }).click(),
						    { shot: shot('audit') });
					assert.equal(pathOf(page), '/audit');
					assert.equal(await text(page.locator('main h1')), '監査証跡');
					assert.match(await text(page.locator('main table tbody')), new RegExp(`user:${login}`));
				});
			} else {
				step('is refused /audit with the Japanese 403 page', async () => {
					await visit(page, 'audit (403)', '/audit', { status: 403, shot: shot('forbidden') });
					assert.equal(await text(page.locator('main h1')), 'このページを見る権限がありません');
				});
			}

			if (R.admin) {
				step('manages users', async () => {
					await visit(page, 'admin/users', () => page.locator('header nav a', { hasText: '利用者管理' }).click(),
						    { shot: shot('admin-users') });
					assert.equal(pathOf(page), '/admin/users');
					assert.equal(await text(page.locator('main h1')), '利用者管理');
					const users = await text(page.locator('main table tbody'));
					for (const r of ROLES)
						assert.ok(users.includes(`demo-${r.role}`), `demo-${r.role} listed`);
				});
			} else {
				step('is refused /admin/users with the Japanese 403 page', async () => {
					await visit(page, 'admin/users (403)', '/admin/users', { status: 403 });
					assert.equal(await text(page.locator('main h1')), 'このページを見る権限がありません');
					assert.equal(await text(page.locator('main .status')), '403');
				});
			}

			step('sees its account and the API token form', async () => {
				await visit(page, 'account', () => page.locator('header nav a', { hasText: 'アカウント' }).click(),
					    { shot: shot('account') });
				assert.equal(pathOf(page), '/account');
				assert.equal(await text(page.locator('main h1')), 'アカウント');
				assert.ok((await text(page.locator('main dl.meta'))).includes(login));
				assert.ok((await text(page.locator('main dl.meta'))).includes(R.ja));
				await assert.doesNotReject(page.getByLabel('用途がわかる名前').waitFor());
			});

			// The menu grows with the product: whatever else it offers this role
			// (and the first detail page linked from there) must load and pass axe.
			step('opens every other page of its menu', async () => {
				await visit(page, 'home', '/');
				const covered = new Set(['/', '/catalog', '/audit', '/admin/users', '/account']);
				const hrefs = (await page.locator('header nav a').evaluateAll(
					(as) => as.map((a) => a.getAttribute('href')))).filter((h) => h.startsWith('/') && !covered.has(h));
				for (const href of hrefs) {
					await visit(page, href, () => page.locator(`header nav a[href="${href}"]`).click(),
						    { shot: shot(`menu${href.replace(/[^A-Za-z0-9]+/g, '-')}`, 'menu') });
					const at = new URL(page.url()).pathname;	// or a page under it (an operator's own organisation)
					assert.ok(at === href || at.startsWith(href + '/'), `${href} led to ${at}`);
					assert.equal(await page.locator('main h1').count(), 1, `${href}: one <h1>`);
					assert.equal(await page.locator('header nav a[aria-current="page"]').getAttribute('href'), href);
					const detail = await page.locator(`main a[href^="${href}/"]`).evaluateAll(
						(as) => as.map((a) => a.getAttribute('href')));
					for (const d of detail) {
						const r = await ctx.request.get(server.base + d, { maxRedirects: 0 });
						if (r.status() === 200 && (r.headers()['content-type'] ?? '').startsWith('text/html')) {
							await visit(page, `${href}/…`, d);
							assert.equal(await page.locator('main h1').count(), 1, `${d}: one <h1>`);
							break;
						}
					}
				}
			}, MENU_TIMEOUT);

			if (R.role === 'nco') {
				step('an unknown page is a 404 in the site frame', async () => {
					await visit(page, '404', '/catalog/9.9.9-9', { status: 404, shot: '404' });
					assert.equal(await text(page.locator('main h1')), 'ページが見つかりません');
					await visit(page, '404', '/no/such/page', { status: 404 });
					assert.equal(await text(page.locator('main h1')), 'ページが見つかりません');
				});
			}

			step('switches to English and back', async () => {
				await visit(page, `catalog/${REQ_ID}`, `/catalog/${REQ_ID}`);
				const left = [];
				try {
					await visit(page, `catalog/${REQ_ID} (en)`,
						    () => page.getByRole('button', { name: 'English', exact: true }).click(),
						    { shot: R.role === 'nco' ? 'requirement-en' : null });
					assert.equal(pathOf(page), `/catalog/${REQ_ID}`, 'the switch stays on the page');
					assert.equal(await page.locator('html').getAttribute('lang'), 'en');
					await assert.doesNotReject(page.getByRole('button', { name: '日本語', exact: true }).waitFor());
					assert.match(await text(page.locator('header .who')), new RegExp(R.en.replace(/[()]/g, '\\$&')));
					assert.equal(await text(page.locator('a.skip')), 'Skip to main content');
					left.push(...(await untranslated(page)).map((s) => `/catalog/${REQ_ID}: ${s}`));
					for (const [path, label] of [['/', 'home (en)'], ['/catalog', 'catalog (en)'], ['/glossary', 'glossary (en)'], ['/account', 'account (en)']]) {
						await visit(page, label, path, { shot: R.role === 'nco' && path === '/' ? 'home-nco-en' : null });
						assert.equal(await page.locator('html').getAttribute('lang'), 'en');
						left.push(...(await untranslated(page)).map((s) => `${path}: ${s}`));
					}
				} finally {
					await visit(page, 'account (ja)',
						    () => page.getByRole('button', { name: '日本語', exact: true }).click());
				}
				assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
				assert.equal(await text(page.locator('main h1')), 'アカウント');
				await assert.doesNotReject(page.getByRole('button', { name: 'English', exact: true }).waitFor());
				assertTranslated(left, 'English pages');
			});

			step('signs out, lands on /signin, and / then redirects to /signin', async () => {
				await visit(page, 'home', '/');
				await visit(page, 'signin (signed out)',
					    () => page.locator('header form.signout button[type="submit"]').click());
				assert.equal(new URL(page.url()).pathname, '/signin');
				assert.equal(await text(page.locator('main h1')), 'サインイン');
				assert.equal(await page.locator('header .who').count(), 0);
				await visit(page, 'signin (redirected from /)', '/');
				assert.equal(new URL(page.url()).pathname, '/signin');
				await visit(page, 'signin (redirected from /account)', '/account');
				assert.equal(new URL(page.url()).pathname, '/signin');
				assert.equal(new URL(page.url()).searchParams.get('next'), '/account');
			});
		});
	}

});

/* --- Without JavaScript, with the keyboard ----------------------------------- */

describe('without JavaScript', () => {
	let ctx, page;
	before(async () => {
		ctx = await newContext({ javaScriptEnabled: false });
		page = await ctx.newPage();
	});
	after(() => ctx?.close());

	test('signs in, browses, searches, switches language and signs out', { timeout: STEP_TIMEOUT }, async () => {
		const opts = { axe: false };
		await visit(page, 'signin (no JS)', '/signin', opts);
		const submit = await fillSignIn(page, 'demo-operator');
		await visit(page, 'home (no JS)', () => submit.click(), opts);
		assert.equal(pathOf(page), '/');
		assert.ok((await text(page.locator('header .who'))).includes('重要インフラ事業者等'));
		await visit(page, 'catalog (no JS)', () => page.locator('header nav a', { hasText: '統一基準' }).click(), opts);
		await visit(page, 'catalog?function=detect (no JS)',
			    () => page.locator('nav.function-nav a', { hasText: '検知' }).click(), opts);
		assert.equal(pathOf(page), '/catalog?function=detect');
		await visit(page, 'catalog (no JS)', '/catalog', opts);
		await page.locator('#q').fill('ＣＳＩＲＴ');
		await visit(page, 'catalog?q= (no JS)', () => page.locator('#q').press('Enter'), opts);
		await visit(page, `catalog/${REQ_ID} (no JS)`,
			    () => page.locator('main a.req-id', { hasText: REQ_ID }).click(), opts);
		assert.equal(await text(page.locator('main blockquote.standard-text')),
			     'CSIRTとしての機能を持つ体制を整備する。');
		await visit(page, 'requirement (en, no JS)',
			    () => page.getByRole('button', { name: 'English', exact: true }).click(), opts);
		assert.equal(await page.locator('html').getAttribute('lang'), 'en');
		await visit(page, 'requirement (ja, no JS)',
			    () => page.getByRole('button', { name: '日本語', exact: true }).click(), opts);
		assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
		await visit(page, '403 (no JS)', '/admin/users', { ...opts, status: 403 });
		await visit(page, 'signin (no JS)', () => page.locator('header form.signout button').click(), opts);
		assert.equal(new URL(page.url()).pathname, '/signin');
		await visit(page, 'signin (no JS)', '/', opts);
		assert.equal(new URL(page.url()).pathname, '/signin');
	});
});

describe('keyboard', () => {
	let ctx, page;
	before(async () => {
		ctx = await newContext();
		page = await ctx.newPage();
	});
	after(() => ctx?.close());

	const active = () => page.evaluate(() => {
		const a = document.activeElement;
		return { tag: a?.tagName, cls: a?.className, href: a?.getAttribute('href'),
			 text: a?.textContent.trim(), inMain: !!a?.closest('main') };
	});

	async function skipLinkFirst(where) {
		await page.keyboard.press('Tab');
		const a = await active();
		assert.deepEqual({ tag: a.tag, cls: a.cls, href: a.href }, { tag: 'A', cls: 'skip', href: '#main' },
				 `${where}: the first Tab stop is the skip link`);
		assert.equal(a.text, '本文へ移動');
		const box = await page.locator('a.skip').boundingBox();
		assert.ok(box && box.y >= 0 && box.x >= 0 && box.height > 0, `${where}: the focused skip link is on screen (${JSON.stringify(box)})`);
		await page.keyboard.press('Enter');
		// The fragment navigation completes asynchronously: wait for it, under load too.
		await page.waitForURL((u) => u.hash === '#main', { timeout: 5000 }).catch(() => {});
		assert.equal(new URL(page.url()).hash, '#main');
		await page.keyboard.press('Tab');
		assert.ok((await active()).inMain, `${where}: after the skip link, Tab moves into <main>`);
	}

	step('Tab first focuses the skip link (signed out and signed in)', async () => {
		await visit(page, 'signin', '/signin');
		await skipLinkFirst('/signin');
		await visit(page, 'signin', '/signin');
		await signIn(page, 'demo-auditor');
		await visit(page, 'catalog', '/catalog');
		await skipLinkFirst('/catalog');
		await visit(page, 'signin', () => page.locator('header form.signout button').click());
	});
});

/* --- At the end: HTML validation, findings, server shutdown ------------------- */

// One file per distinct document (the same page is often seen by several roles).
test('every page visited is valid HTML (vnu)',
     { timeout: 300_000, skip: ON_PG && 'checked on the same pages in the SQLite run' },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));

test('findings summary', () => {
	// Grouped: one line per rule, element and page path, whichever role saw it.
	const list = axeSummary(axeFindings, ARTIFACTS);
	const stale = [...KNOWN.axe, ...KNOWN.vnu].filter((e) => !e.used);
	console.log(`browser suite: ${pages.length} page views, ${list.length} distinct axe violation(s); ` +
		    `artifacts in ${ARTIFACTS}`);
	for (const g of list)
		console.log(`  axe ${g.rule} [${g.impact}] ${g.page} ${g.target} (x${g.seen}): ${g.help}`);
	for (const e of stale)
		console.log(`  known-issues.json entry matched nothing (remove it?): ${JSON.stringify(e)}`);
});

test('the server exits 0 on SIGTERM, without sanitizer reports', { timeout: 60_000 },
     () => assertCleanExit(server));
