// What every browser test shares: where the kijun binary, the test tools and
// the artifacts are; the Chromium it launches with the demo server; a
// browser context as the tests use it; the sign-in form; the width of a
// page; screenshots; the Nu HTML Checker run over every page visited at the
// end; the axe summary; the server's clean exit on SIGTERM.
//
// axe-core (runAxe, lib/checks.mjs) never scans the same thing twice: a page
// found clean before (same DOM without hidden inputs' values, stylesheets,
// viewport) is not scanned again; a <main> is scanned once, with its whole
// page; the chrome around it (header, menu, footer) once; the page-level
// rules (title, lang, skip links, repeated ids) on every new page. Why that
// cannot hide a violation: the comment of axeCache in lib/checks.mjs, and
// axe_cache.test.mjs. A page with any violation is scanned every time. The
// Nu HTML Checker skips a page it found clean in this run (assertValidHtml),
// and the demo database is made once per run and options (lib/server.mjs).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from './server.mjs';
import { RESULTS, loadKnownIssues, runAxe, runVnu, formatVnu, formatAxe } from './checks.mjs';

const LIB = dirname(fileURLToPath(import.meta.url));
const HERE = resolve(LIB, '..');		// tests/browser
const TESTS = resolve(HERE, '..');
const ROOT = resolve(TESTS, '..');

// Resolve the test tools from tests/package.json's folder, whatever the cwd.
const requireTools = createRequire(join(TESTS, 'package.json'));
export const { chromium } = requireTools('playwright-core');
export const AXE_JS = requireTools.resolve('axe-core/axe.min.js');
export const VNU_JAR = join(dirname(requireTools.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

/** KIJUN_BIN, else build-check/kijun or build/kijun of the source tree. */
export const BIN = process.env.KIJUN_BIN ? resolve(process.env.KIJUN_BIN)
	: [join(ROOT, 'build-check', 'kijun'), join(ROOT, 'build', 'kijun')].find((p) => existsSync(p));

/** KIJUN_ARTIFACTS, else <dir of KIJUN_BIN>/artifacts[/SUB]. */
export function artifactsDir(sub) {
	return process.env.KIJUN_ARTIFACTS ??
		join(dirname(BIN ?? join(ROOT, 'build', 'x')), 'artifacts', ...(sub ? [sub] : []));
}

/** The allow-list of deferred issues, known-issues.json beside the tests. */
export const KNOWN = loadKnownIssues(join(HERE, 'known-issues.json'));

/** The password of every demo user. */
export const PASSWORD = 'kijun-demo-2026';

/*
 * The browser: Debian's old headless shell (/usr/bin/chromium-headless-shell,
 * package chromium-headless-shell), or KIJUN_CHROMIUM (e.g. /usr/bin/chromium,
 * its new headless mode). The shell runs the same pages and scans for about
 * a third less CPU. It puts the pointer over the top left corner of a new
 * page at a moment of its own, and the hovered element is part of axe's
 * cache keys: runAxe (lib/checks.mjs) moves the pointer off the page before
 * each scan, so that nothing is hovered whichever browser runs.
 */
export const CHROMIUM = process.env.KIJUN_CHROMIUM || '/usr/bin/chromium-headless-shell';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	'--disable-quic'];

/**
 * Starts the demo server (startServer's OPTS) and headless Chromium;
 * { server, browser }. Fails first if there is no kijun binary.
 */
export async function launch(opts) {
	assert.ok(BIN && existsSync(BIN), `kijun binary not found (KIJUN_BIN=${process.env.KIJUN_BIN})`);
	assert.ok(existsSync(CHROMIUM), process.env.KIJUN_CHROMIUM
		? `KIJUN_CHROMIUM=${CHROMIUM}: no such file`
		: `${CHROMIUM} not found: install the Debian package chromium-headless-shell ` +
		  '(scripts/install-deps --test), or name another Chromium in KIJUN_CHROMIUM');
	const t0 = Date.now();
	const [server, browser] = await Promise.all([
		startServer(BIN, opts),
		chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }),
	]);
	RESULTS.more.launchMs += Date.now() - t0;
	return { server, browser };
}

/**
 * Closes the browser, stops the server if it still runs and removes its
 * folder; with KEEP_LOG (a folder), its serve.log is copied there first.
 */
export async function shutDown(server, browser, { keepLog = null } = {}) {
	await browser?.close().catch(() => {});
	if (!server)
		return;
	if (server.running())
		await server.stop();
	if (keepLog) {
		mkdirSync(keepLog, { recursive: true });
		try {
			copyFileSync(server.logPath, join(keepLog, 'serve.log'));
		} catch { /* no log */ }
	}
	server.cleanup();
}

/*
 * The window of every suite: 1280 x 900 px (WIDE), or 390 x 900 px for a
 * narrow screen. The viewport is part of axe's cache keys (lib/checks.mjs), so a
 * page one suite scanned at one size is known to another suite only at the
 * same size; a height of its own (720, 800, 844 px) made every page of a
 * suite new to axe, with nothing a test reads depending on it.
 */
const WIDE = { width: 1280, height: 900 };

/** A browser context in Japanese, CSP bypassed (for axe), 20 s per action, the WIDE window unless told. */
export async function newContext(browser, opts = {}) {
	const ctx = await browser.newContext({ bypassCSP: true, locale: 'ja-JP', viewport: WIDE, ...opts });
	ctx.setDefaultTimeout(20_000);
	return ctx;
}

/** Runs ACTION and returns the response of the document it navigates to. */
export async function navigate(page, action) {
	const isDoc = (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() &&
		(r.status() < 300 || r.status() >= 400);
	const [resp] = await Promise.all([page.waitForResponse(isDoc), action()]);
	await page.waitForLoadState('load');
	return resp;
}

/** Fills the sign-in form on the page with LOGIN and the demo password; its submit button. */
export async function fillSignIn(page, login) {
	await page.locator('#login').fill(login);
	await page.locator('#password').fill(PASSWORD);
	return page.locator('main form button[type="submit"]');
}

/**
 * Signs LOGIN in through VISIT (the test's own, with its checks): the
 * sign-in page, then the form sent; the response of the home page.
 */
export async function signInWith(visit, page, login) {
	await visit(page, 'signin', '/signin');
	const submit = await fillSignIn(page, login);
	return visit(page, 'home', () => submit.click());
}

/**
 * A journey's visit(page, label, how, status = 200): goes to HOW (a path, or
 * an action such as a click, through navigate), requires STATUS, keeps the
 * page in PAGES for the HTML check at the end, requires it not to scroll
 * sideways, and runs axe-core on it unless the page is in NOSCRIPT (axe is a
 * script). SERVER is a function giving the running server.
 */
export function pageVisitor(server, pages, noScript = new WeakSet()) {
	return async function visit(page, label, how, status = 200) {
		const resp = typeof how === 'string'
			? await page.goto(server().base + how, { waitUntil: 'load' })
			: await navigate(page, how);
		assert.ok(resp, `${label}: no response`);
		if (resp.status() !== status) {
			const body = await page.locator('main').innerText().catch(() => '');
			assert.fail(`${label}: HTTP ${resp.status()} (expected ${status}) for ${resp.url()}\n` +
				    `  page: ${body.replace(/\s+/g, ' ').slice(0, 600)}`);
		}
		const html = await resp.text().catch(() => page.content());
		pages.push({ label, url: page.url(), html });
		const { scroll, inner } = await pageWidth(page);
		assert.ok(scroll <= inner, `${label}: the page is ${scroll} px wide in a ${inner} px window`);
		if (noScript.has(page))
			return resp;
		const v = await runAxe(page, AXE_JS, KNOWN);
		assert.equal(v.length, 0, `axe-core on ${label}:\n${formatAxe(label, page.url(), v)}`);
		return resp;
	};
}

/** The page's width and the window's: { scroll, inner } (scroll > inner: it scrolls sideways). */
export function pageWidth(page) {
	return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
}

/** axe-core on the page shown now (allow-list applied): { label, url, violations }, or null if clean. */
export async function axeFinding(page, label) {
	const violations = await runAxe(page, AXE_JS, KNOWN);
	return violations.length ? { label, url: page.url(), violations } : null;
}

/**
 * A screenshot DIR/NAME.png of the first screen (the viewport), for a reader
 * to look at (the pointer off the page). No test reads it: what a page must
 * be is asserted on its DOM, axe-core and vnu, and its whole HTML is kept in
 * the artifacts. Not the full page: the catalog or the glossary at full length
 * (1.6-1.8 MB of PNG) cost more CPU than an axe-core scan of the same page
 * (about 2 s against 1 s), the first screen a tenth of that.
 */
export async function screenshot(page, dir, name) {
	mkdirSync(dir, { recursive: true });
	await page.mouse.move(-1, -1);
	await page.screenshot({ path: join(dir, `${name}.png`) });
}

const withoutCsrf = (p) => p.html.replace(/name="csrf" value="[^"]*"/g, '');

/* The key of a clean vnu result: the validator (its jar's size and time) and the page's text without its CSRF token. */
let vnuId = null;
function vnuKey(p) {
	if (vnuId === null) {
		const st = statSync(VNU_JAR);
		vnuId = `${VNU_JAR} ${st.size} ${st.mtimeMs}`;
	}
	return createHash('sha256').update('vnu\u0000').update(vnuId).update('\u0000').update(withoutCsrf(p)).digest('hex');
}

/**
 * Validates PAGES ({ label, url, html }) with the Nu HTML Checker and fails
 * on any error the allow-list does not cover. One file per distinct page
 * (KEY: the HTML without its CSRF token, unless told otherwise), written in
 * WORK (a private folder: another run sharing the build dir cannot mix its
 * files in), then copied to ARTIFACTS/html with the errors in
 * ARTIFACTS/vnu-errors.json.
 */
export async function assertValidHtml(pages, work, artifacts, { key = withoutCsrf } = {}) {
	assert.ok(pages.length > 0, 'no pages were collected');
	mkdirSync(work, { recursive: true });
	const t0 = Date.now();
	const seen = new Set(), files = [], fileUrl = new Map(), fileKey = new Map();
	for (const p of pages) {
		const k = key(p);
		if (seen.has(k))
			continue;
		seen.add(k);
		const slug = p.label.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
		const f = resolve(work, `${String(files.length).padStart(3, '0')}-${slug || 'page'}.html`);
		writeFileSync(f, p.html);
		files.push(f);
		fileUrl.set(f, p.url);
		fileKey.set(f, vnuKey(p));
	}
	// A file whose text (CSRF token aside) vnu found without any message in
	// this run, in this suite or another, is not validated again.
	const todo = files.filter((f) => !RESULTS.has(fileKey.get(f)));
	const errors = todo.length ? await runVnu(VNU_JAR, todo, (f) => fileUrl.get(f), KNOWN) : [];
	for (const f of todo)
		if (!errors.flagged.has(f) && !errors.flagged.has(''))
			RESULTS.add(fileKey.get(f));
	RESULTS.more.vnuFiles += files.length;
	RESULTS.more.vnuCached += files.length - todo.length;
	RESULTS.more.vnuMs += Date.now() - t0;
	const out = join(artifacts, 'html');
	rmSync(out, { recursive: true, force: true });
	mkdirSync(artifacts, { recursive: true });
	cpSync(work, out, { recursive: true });
	for (const e of errors)
		e.file = join(out, basename(e.file));
	writeFileSync(join(artifacts, 'vnu-errors.json'), JSON.stringify(errors, null, 2));
	if (errors.length)
		assert.fail(`vnu: ${errors.length} HTML error(s) in ${files.length} distinct pages (files in ${out}):\n${formatVnu(errors)}`);
}

/**
 * The axe violations of FINDINGS ({ url, violations }) grouped: one entry per
 * rule, page path and element, whichever visit saw it; written to
 * ARTIFACTS/axe-violations.json and returned.
 */
export function axeSummary(findings, artifacts) {
	const groups = new Map();
	for (const f of findings)
		for (const v of f.violations)
			for (const n of v.nodes) {
				const k = `${v.id}\t${new URL(f.url).pathname}\t${n.target}`;
				if (!groups.has(k))
					groups.set(k, { rule: v.id, impact: v.impact, help: v.help, page: new URL(f.url).pathname,
							target: n.target, html: n.html, summary: n.failureSummary, seen: 0 });
				groups.get(k).seen++;
			}
	const list = [...groups.values()];
	mkdirSync(artifacts, { recursive: true });
	writeFileSync(join(artifacts, 'axe-violations.json'), JSON.stringify(list, null, 2));
	return list;
}

/** SIGTERM stops the server with exit status 0 and no sanitizer report in its log. */
export async function assertCleanExit(server) {
	assert.ok(server?.running(), 'the server is still running at the end');
	const { code, signal } = await server.stop();
	const log = server.log();
	assert.equal(signal, null, `killed by ${signal}\n${log.slice(-4000)}`);
	assert.equal(code, 0, `exit status\n${log.slice(-4000)}`);
	assert.doesNotMatch(log, /ERROR: (Address|Leak)Sanitizer|runtime error:/, log.slice(-4000));
}
