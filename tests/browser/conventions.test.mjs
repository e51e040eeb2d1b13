// The conventions every page keeps, in a real browser: each role signs in
// and visits every page of its menu (and a few detail pages) at 1280 px and
// at 390 px. On each page: no horizontal scrolling; no ISO date
// (2026-12-04) and no UTC time (…Z, "UTC") in the visible text (a
// <time datetime> attribute is fine); axe-core clean. At 390 px the menu is
// a button that opens the menu without JavaScript (<details>/<summary>),
// by mouse and by keyboard. The Nu HTML Checker validates every page at
// the end; /favicon.ico is an icon.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/conventions.test.mjs
//
// Environment: KIJUN_BIN, KIJUN_ARTIFACTS (default <dir of KIJUN_BIN>/artifacts/conventions).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { AXE_TAGS, runAxe, formatAxe } from './lib/checks.mjs';
import { AXE_JS, KNOWN, artifactsDir, launch, shutDown, newContext, fillSignIn, pageWidth,
	 assertValidHtml } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('conventions');
const ROLES = ['nco', 'ministry', 'operator', 'hq', 'surveyor', 'ceptoar', 'auditor'];
const WIDTHS = [1280, 390];

// What a page must never show a reader: an ISO date, a UTC time.
const ISO_DATE = /\d{4}-\d{2}-\d{2}/;
const UTC_TIME = /\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s?Z\b|\bUTC\b/;

let server, browser;
const pages = [];	// { label, url, html } for the validator

/** The visible text of the page's body, without what the menu hides. */
async function visibleText(page) {
	return page.evaluate(() => document.body.innerText);
}

// axe-core runs once per width and path (the slowest check; the pages of a
// path differ little between roles); the other checks run on every visit.
const axed = new Set();

/** The problems of the page shown now: width, dates, times, axe. */
async function checkPage(page, label, width) {
	const found = [];
	const { scroll, inner } = await pageWidth(page);
	if (scroll > inner)
		found.push(`${label}: the page is ${scroll} px wide at ${inner} px (horizontal scrolling)`);
	const text = await visibleText(page);
	for (const [re, what] of [[ISO_DATE, 'an ISO date'], [UTC_TIME, 'a UTC time']]) {
		const m = text.match(re);
		if (m) {
			const at = Math.max(0, m.index - 40);
			found.push(`${label}: shows ${what} "${m[0]}" in "…${text.slice(at, m.index + 40).replace(/\s+/g, ' ')}…"`);
		}
	}
	const key = `${width} ${new URL(page.url()).pathname}`;
	if (axed.has(key))
		return found;
	axed.add(key);
	const v = await runAxe(page, AXE_JS, KNOWN);
	if (v.length)
		found.push(`axe-core (${AXE_TAGS.join(', ')}):\n${formatAxe(label, page.url(), v)}`);
	return found;
}

async function visit(page, label, path) {
	const resp = await page.goto(server.base + path, { waitUntil: 'load' });
	assert.ok(resp, `${label}: no response`);
	assert.equal(resp.status(), 200, `${label}: HTTP ${resp.status()} for ${path}`);
	pages.push({ label, url: page.url(), html: await resp.text() });
}

async function signIn(page, login) {
	await visit(page, `signin (${login})`, '/signin');
	const submit = await fillSignIn(page, login);
	await Promise.all([page.waitForURL((u) => u.pathname === '/'), submit.click()]);
}

/** The menu's links (in the document at every width, shown or not). */
async function menuLinks(page) {
	return page.locator('header nav a').evaluateAll(
		(as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
}

/** At 390 px: the menu is a closed button that opens, by mouse and by keyboard. */
async function checkMenuButton(page, links, label) {
	const found = [];
	const summary = page.locator('header nav details.menu > summary');
	if (!(await summary.isVisible()))
		return [`${label}: no menu button at 390 px`];
	const inside = page.locator('header nav details.menu > ul a');
	if (await inside.first().isVisible())
		found.push(`${label}: the menu is open before its button is pressed`);
	await summary.click();
	const shown = await inside.evaluateAll((as) => as.filter((a) => a.offsetParent !== null)
		.map((a) => a.getAttribute('href')));
	if (JSON.stringify(shown) !== JSON.stringify(links.map((l) => l.href)))
		found.push(`${label}: the opened menu shows ${shown.join(' ')}, want ${links.map((l) => l.href).join(' ')}`);
	await summary.click();
	if (await inside.first().isVisible())
		found.push(`${label}: the menu does not close from its button`);
	// Keyboard: the button takes the focus and opens with Enter.
	await summary.focus();
	await page.keyboard.press('Enter');
	if (!(await inside.first().isVisible()))
		found.push(`${label}: the menu does not open with the keyboard`);
	await page.keyboard.press('Enter');
	return found;
}

/** At 1280 px: no menu button, every item shown and in the accessibility tree. */
async function checkWideMenu(page, links, label) {
	const found = [];
	if (await page.locator('header nav details.menu > summary').isVisible())
		found.push(`${label}: a menu button at 1280 px`);
	const shown = await page.locator('header nav a').evaluateAll(
		(as) => as.filter((a) => a.offsetParent !== null).length);
	if (shown !== links.length)
		found.push(`${label}: ${shown} of ${links.length} menu items shown at 1280 px`);
	const named = await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link').count();
	if (named !== links.length)
		found.push(`${label}: ${named} of ${links.length} menu items in the accessibility tree`);
	return found;
}

/** A few detail pages of the role, found from its own pages. */
async function detailPages(page, role) {
	const out = ['/catalog/3.2.1-1'];
	if (role === 'nco' || role === 'auditor' || role === 'ministry') {
		await page.goto(`${server.base}/registry`, { waitUntil: 'load' });
		const href = await page.locator('main table a[href^="/registry/"]').first().getAttribute('href');
		if (href)
			out.push(href);
	}
	if (role === 'nco') {
		await page.goto(`${server.base}/admin/users`, { waitUntil: 'load' });
		const href = await page.locator('main a[href$="/tokens"]').first().getAttribute('href');
		if (href)
			out.push(href);
	}
	out.push('/safety/medical');
	return out;
}

before(async () => {
	({ server, browser } = await launch({ operators: 200, seed: 1, years: 2 }));
});

after(() => shutDown(server, browser, { keepLog: ARTIFACTS }));

test('/favicon.ico is an icon, cached like the stylesheet', async () => {
	const r = await fetch(`${server.base}/favicon.ico`);
	assert.equal(r.status, 200);
	assert.equal(r.headers.get('content-type'), 'image/vnd.microsoft.icon');
	assert.match(r.headers.get('cache-control') ?? '', /max-age=\d+/);
	const b = Buffer.from(await r.arrayBuffer());
	assert.ok(b.length > 22 && b.readUInt16LE(0) === 0 && b.readUInt16LE(2) === 1, 'an ICO file');
});

test('the date check itself: ISO dates and UTC times are caught, Japanese ones are not', () => {
	for (const s of ['2026-12-04', '作成 2026-12-04T10:00:00Z', '10:00Z', '12:30 (UTC)'])
		assert.ok(ISO_DATE.test(s) || UTC_TIME.test(s), s);
	for (const s of ['令和8年12月4日', '令和8年12月5日 4:25 JST', '4 Dec 2026 04:25 JST',
			 '03-1234-5678', '1234567890123', 'FY2026', '20,000'])
		assert.ok(!ISO_DATE.test(s) && !UTC_TIME.test(s), s);
});

for (const role of ROLES) {
	test(`${role}: every menu page at 1280 px and 390 px`, { timeout: 120_000 }, async () => {
		const problems = [];
		// One context and one sign-in per role: the second width is the same
		// page resized, and the home page reloaded at that width.
		const ctx = await newContext(browser, { viewport: { width: WIDTHS[0], height: 900 } });
		const page = await ctx.newPage();
		try {
			await signIn(page, `demo-${role}`);
			for (const width of WIDTHS) {
				if (width !== WIDTHS[0]) {
					await page.setViewportSize({ width, height: 900 });
					await visit(page, `home (${role} @${width})`, '/');
				}
				assert.equal(await page.evaluate(() => innerWidth), width);
				const links = await menuLinks(page);
				assert.ok(links.length >= 2, `${role}: a menu of at least two pages`);
				problems.push(...await (width === 390 ? checkMenuButton(page, links, `${role} @390`)
								       : checkWideMenu(page, links, `${role} @1280`)));
				const paths = [...links.map((l) => l.href), ...await detailPages(page, role)];
				for (const path of paths) {
					const label = `${role} @${width} ${path}`;
					await visit(page, label, path);
					problems.push(...await checkPage(page, label, width));
				}
			}
		} finally {
			await ctx.close();
		}
		assert.deepEqual(problems, [], problems.join('\n'));
	});
}

// One file per path (the pages of a path differ little between roles and widths).
test('the Nu HTML Checker finds no error on the pages visited', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS, { key: (p) => new URL(p.url).pathname }));
