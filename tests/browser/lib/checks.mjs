// Accessibility (axe-core) and HTML (vnu) checks, with the allow-list of
// deferred issues in ../known-issues.json.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { VNU_JAVA_OPTS, serviceMessages } from './vnu_service.mjs';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Reads and validates the allow-list; every entry must say why. */
export function loadKnownIssues(path) {
	const k = JSON.parse(readFileSync(path, 'utf8'));
	const axe = k.axe ?? [], vnu = k.vnu ?? [];
	if (!Array.isArray(axe) || !Array.isArray(vnu))
		throw new Error(`${path}: "axe" and "vnu" must be arrays`);
	for (const e of axe)
		if (typeof e.rule !== 'string' || typeof e.reason !== 'string' || !e.reason.trim())
			throw new Error(`${path}: an axe entry needs "rule" and a non-empty "reason": ${JSON.stringify(e)}`);
	for (const e of vnu)
		if (typeof e.message !== 'string' || typeof e.reason !== 'string' || !e.reason.trim())
			throw new Error(`${path}: a vnu entry needs "message" and a non-empty "reason": ${JSON.stringify(e)}`);
	for (const e of [...axe, ...vnu])
		e.used = 0;
	return { axe, vnu };
}

/* "url" in an entry: a path prefix ("/catalog") or a regex ("re:^/catalog/"). */
function urlMatches(pattern, path) {
	if (!pattern)
		return true;
	if (pattern.startsWith('re:'))
		return new RegExp(pattern.slice(3)).test(path);
	return path === pattern || path.startsWith(pattern.endsWith('/') ? pattern : pattern + '/') ||
	       path.startsWith(pattern + '?');
}

function pathOf(url) {
	const u = new URL(url);
	return u.pathname + u.search;
}

/*
 * The axe-core result cache: a page already found clean is not scanned again.
 * The key is a hash of everything axe's result depends on: the DOM (the value
 * of every hidden input removed: the CSRF token, a form's return path; axe
 * reads no hidden input's value), the text of every stylesheet in force, the
 * viewport, the scroll position, the focused and the hovered element,
 * axe-core itself (its file) and AXE_TAGS. Only clean results are kept: a
 * page with any violation, allowed or not, is scanned every time, so that a
 * failure is reported where it occurs and the allow-list's counts stay right.
 * In the process, a Set; with a folder (KIJUN_AXE_CACHE, emptied by ctest at
 * the start of each run), one empty file per clean key, shared by the suites
 * of that run.
 *
 * A page is three parts, each known clean or not on its own:
 *  - MAIN, its one <main>: main's subtree, its ancestors' own tags (lang,
 *    class), the ids outside it, what is focused or hovered in it;
 *  - the CHROME, everything else: the document with main emptied and the
 *    title's text removed (header, menu, footer, the rest of <head>), what
 *    is focused or hovered outside main;
 *  - the PAGE-LEVEL rules (DOC_RULES below and every rule axe marks
 *    pageLevel: the title, lang, meta, skip links, ids repeated anywhere,
 *    frames' titles compared, orientation locked by CSS), which read the
 *    whole document.
 * Both MAIN and CHROME keys also hold the elements on either side of every
 * id reference that crosses main's edge (for, headers, list, form, aria-*:
 * a label outside for an input inside, an aria-labelledby into main), and the
 * ids that are on both sides, so that a name or a relation that crosses the
 * edge is part of both.
 *
 * Every other rule (LOCAL) decides on an element from that element, its
 * subtree, its ancestors, the stylesheets and the viewport, and the elements
 * it references or that reference it by id: all inside the key of the part
 * the element is in. So a page whose MAIN and CHROME are known clean (found
 * clean with every rule on other pages) can fail only a page-level rule, and
 * those are run on the whole page whenever the page itself is new. What that
 * argument assumes, and the product keeps: main's boxes do not overlap the
 * chrome's (colour contrast reads what is painted under a text; a main that
 * overlapped the header would be a layout fault of its own, seen on the full
 * scan of that page), and no script changes one part from the other.
 *
 * The scans, then, for a page not known as a whole:
 *  - MAIN new: the whole page, every rule, one run (scanning main alone
 *    costs as much: colour contrast lays out the whole page either way);
 *  - MAIN known, CHROME new: the LOCAL rules outside main, then the
 *    page-level rules on the whole page;
 *  - both known: the page-level rules on the whole page only.
 * A clean whole-page scan makes all three known; a clean outside scan, the
 * chrome and the page.
 */
export function axeCache(dir = null) {
	const mem = new Set();
	return {
		dir,
		running: new Map(),	// key -> the promise of its scan, in this process
		stats: { visits: 0, full: 0, outsideMain: 0, pageLevel: 0, cached: 0, violated: 0, ms: 0, waitMs: 0 },
		/* Besides axe: the server and browser start, vnu. */
		more: { launchMs: 0, vnuFiles: 0, vnuCached: 0, vnuMs: 0 },
		has(key) {
			if (mem.has(key))
				return true;
			if (dir && existsSync(join(dir, key))) {
				mem.add(key);
				return true;
			}
			return false;
		},
		add(key) {
			mem.add(key);
			if (!dir)
				return;
			// Atomic: the suites of one run share the folder.
			mkdirSync(dir, { recursive: true });
			const tmp = join(dir, `.${key}.${process.pid}.${randomBytes(6).toString('hex')}`);
			writeFileSync(tmp, '');
			renameSync(tmp, join(dir, key));
		},
	};
}

const AXE_CACHE = axeCache(process.env.KIJUN_AXE_CACHE || null);

/** The cache of this process (axe-core results; vnu's clean files use it too, lib/harness.mjs). */
export const RESULTS = AXE_CACHE;

/* One line per suite, at its end: the visits, the scans, the time in axe. */
process.on('exit', () => {
	const file = process.env.KIJUN_AXE_STATS ||
		(AXE_CACHE.dir && existsSync(AXE_CACHE.dir) ? join(AXE_CACHE.dir, 'stats.jsonl') : null);
	if (!file || !AXE_CACHE.stats.visits)
		return;
	try {
		appendFileSync(file, JSON.stringify({ suite: basename(process.argv[1] ?? '?'), ...AXE_CACHE.stats,
						     ...AXE_CACHE.more }) + '\n');
	} catch { /* no stats */ }
});

const axeIds = new Map();	// axe file -> hash of its text
function axeId(axePath) {
	if (!axeIds.has(axePath))
		axeIds.set(axePath, createHash('sha256').update(readFileSync(axePath)).digest('hex'));
	return axeIds.get(axePath);
}

/*
 * The rules that read the whole document (see axeCache), beside those axe
 * itself marks pageLevel: they run on the whole page whenever it is new.
 */
const DOC_RULES = ['bypass', 'css-orientation-lock', 'document-title', 'duplicate-id',
	'duplicate-id-active', 'duplicate-id-aria', 'frame-focusable-content', 'frame-title-unique',
	'html-has-lang', 'html-lang-valid', 'html-xml-lang-mismatch', 'meta-refresh', 'meta-viewport',
	'meta-viewport-large'];

/* What axe's result depends on, read in the page (see axeCache). */
function pageState() {
	const strip = (el) => {
		const c = el.cloneNode(true);
		for (const i of c.querySelectorAll('input[type="hidden"]'))
			i.removeAttribute('value');
		return c.outerHTML;
	};
	const where = (el) => {
		const path = [];
		for (; el && el.nodeType === 1; el = el.parentElement)
			path.unshift(`${el.tagName}:${el.parentElement ? [...el.parentElement.children].indexOf(el) : 0}`);
		return path.join('/');
	};
	let css = '';
	for (const s of document.styleSheets) {
		css += `\u0001${s.media.mediaText}\u0002${s.disabled}\u0002`;
		try {
			for (const r of s.cssRules)
				css += r.cssText + '\n';
		} catch {
			css += `unreadable ${s.href}`;
		}
	}
	const hovered = [...document.querySelectorAll(':hover')].pop() ?? null;
	const focused = document.activeElement;
	const view = [innerWidth, innerHeight, devicePixelRatio, scrollX, scrollY].join(' ');
	const html = [strip(document.documentElement), where(focused), where(hovered)].join('\u0003');
	const mains = document.querySelectorAll('main');
	if (mains.length !== 1)
		return { html, main: null, chrome: null, css, view };
	const m = mains[0];
	// Main's box overlapping a box of the chrome beside it (the assumption
	// in axeCache): no parts, the page as a whole.
	const box = m.getBoundingClientRect();
	for (let a = m; a && a !== document.documentElement; a = a.parentElement)
		for (const sib of a.parentElement.children) {
			if (sib === a)
				continue;
			const r = sib.getBoundingClientRect();
			if (r.width > 0 && r.height > 0 && r.left < box.right && box.left < r.right &&
			    r.top < box.bottom && box.top < r.bottom)
				return { html, main: null, chrome: null, css, view };
		}
	// The id references across main's edge, and the ids on both sides: the
	// elements at both ends of each, on both keys.
	const REF = /^(for|headers|list|form|aria-[a-z]+)$/;
	const byId = new Map();
	for (const e of document.querySelectorAll('[id]')) {
		if (!byId.has(e.id))
			byId.set(e.id, []);
		byId.get(e.id).push(e);
	}
	const cross = new Set();
	for (const [id, els] of byId) {
		const inside = els.filter((e) => m.contains(e)).length;
		if (inside > 0 && inside < els.length)
			cross.add(`id ${id}: ${els.map(strip).join('')}`);
	}
	for (const e of document.querySelectorAll('*'))
		for (const a of e.attributes)
			if (REF.test(a.name))
				for (const id of a.value.split(/\s+/))
					for (const t of byId.get(id) ?? [])
						if (m.contains(t) !== m.contains(e))
							cross.add(`ref ${a.name} ${id}: ${e.cloneNode(false).outerHTML} ${strip(t)}`);
	const edge = [...cross].sort().join('\u0004');
	const open = [];
	for (let a = m.parentElement; a; a = a.parentElement)
		open.unshift(a.cloneNode(false).outerHTML);
	const outside = [...byId.keys()].filter((id) => byId.get(id).some((e) => !m.contains(e))).sort().join(' ');
	const inMain = (el) => (el && m.contains(el) ? where(el) : '-');
	const outMain = (el) => (el && m.contains(el) ? 'main' : where(el));
	const doc = document.documentElement.cloneNode(true);
	doc.querySelector('main').replaceChildren();
	for (const t of doc.querySelectorAll('title'))
		t.replaceChildren();
	return {
		html, css, view,
		main: [open.join(''), strip(m), outside, edge, inMain(focused), inMain(hovered)].join('\u0003'),
		chrome: [strip(doc), edge, outMain(focused), outMain(hovered)].join('\u0003'),
	};
}

const hash = (...parts) => {
	const h = createHash('sha256');
	for (const p of parts)
		h.update(String(p)).update('\u0000');
	return h.digest('hex');
};

/* In the page: scans as runAxe says (SCOPE), returns the violations. */
async function scanInPage([tags, docRules, scope]) {
	const all = { runOnly: { type: 'tag', values: tags } };
	const rules = window.axe._audit.rules.filter((r) => window.axe.utils.ruleShouldRun(r, { page: true }, all));
	const isDoc = (r) => r.pageLevel || docRules.includes(r.id);
	const only = (list) => ({ runOnly: { type: 'rule', values: list.map((r) => r.id) } });
	const runs = scope === 'full' ? [[document, all]]
		: scope === 'outsideMain' ? [[{ exclude: [['main']] }, only(rules.filter((r) => !isDoc(r)))],
					     [document, only(rules.filter(isDoc))]]
		: [[document, only(rules.filter(isDoc))]];
	const out = [];
	for (const [context, opts] of runs) {
		const r = await window.axe.run(context, { ...opts, resultTypes: ['violations'] });
		for (const v of r.violations)
			out.push({
				id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
				nodes: v.nodes.map((n) => ({
					target: n.target.map(String).join(' '), html: n.html,
					failureSummary: n.failureSummary,
				})),
			});
	}
	return out;
}

/**
 * Runs axe-core on the page (injects it first) and returns the violations
 * that the allow-list does not cover, one object per rule, with its nodes.
 * What was found clean before (CACHE, see axeCache) is not scanned again.
 */
export async function runAxe(page, axePath, known, cache = AXE_CACHE) {
	let t0 = Date.now();
	cache.stats.visits++;
	// The pointer off the page: nothing hovered, whatever the browser or
	// the last click did (the hovered element is part of the keys).
	await page.mouse.move(-1, -1);
	const st = await page.evaluate(pageState);
	const base = [axeId(axePath), AXE_TAGS.join(','), DOC_RULES.join(','), st.css, st.view];
	const fullKey = hash('page', ...base, st.html);
	const mainKey = st.main === null ? null : hash('main', ...base, st.main);
	const chromeKey = st.chrome === null ? null : hash('chrome', ...base, st.chrome);
	// A scan of the same page or main running now (the roles of a suite
	// browse side by side): its result first, then the cache again.
	const w0 = Date.now();
	for (const k of [fullKey, mainKey])
		while (k !== null && cache.running.has(k))
			await cache.running.get(k);
	cache.stats.waitMs += Date.now() - w0;	// not axe's time: out of ms
	t0 += Date.now() - w0;
	if (cache.has(fullKey)) {
		cache.stats.cached++;
		cache.stats.ms += Date.now() - t0;
		return [];
	}
	let done;
	const running = new Promise((r) => { done = r; });
	const mine = [fullKey, mainKey].filter((k) => k !== null && !cache.running.has(k));
	for (const k of mine)
		cache.running.set(k, running);
	try {
		return await scanAndKeep(page, axePath, known, cache, { t0, fullKey, mainKey, chromeKey });
	} finally {
		for (const k of mine)
			cache.running.delete(k);
		done();
	}
}

/*
 * axe-core's file served to the pages from this process, on a port of its
 * own, cached by the browser (one context fetches and compiles it once).
 * Sent into each new document as the text of a script element instead
 * (Playwright's addScriptTag), its half megabyte crossed the DevTools
 * protocol and was parsed again every time: 250-550 ms of CPU a page, more
 * than the scan of most pages. The same file, run the same way.
 */
const axeServers = new Map();	// axe file -> the promise of its URL
function axeUrl(axePath) {
	if (!axeServers.has(axePath))
		axeServers.set(axePath, new Promise((resolve, reject) => {
			const body = readFileSync(axePath);
			const srv = createServer((req, res) => {
				res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8',
						     'Cache-Control': 'public, max-age=86400, immutable' });
				res.end(body);
			});
			srv.unref();
			srv.on('error', reject);
			srv.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${srv.address().port}/${basename(axePath)}`));
		}));
	return axeServers.get(axePath);
}

/* axe-core into the page shown now, unless it is there; the script element goes again once run (it would change the DOM, and the keys). */
async function injectAxe(page, axePath) {
	const loaded = await page.evaluate(async (url) => {
		if (typeof window.axe !== 'undefined')
			return true;
		return new Promise((resolve) => {
			const s = document.createElement('script');
			s.src = url;
			s.onload = () => { s.remove(); resolve(typeof window.axe !== 'undefined'); };
			s.onerror = () => { s.remove(); resolve(false); };
			setTimeout(() => resolve(false), 30_000);	// never run (scripts off): not hanging
			(document.head ?? document.documentElement).append(s);
		});
	}, await axeUrl(axePath));
	if (!loaded) {	// not from the URL (a page that refuses it): its text, as before
		const el = await page.addScriptTag({ path: axePath });
		await el.evaluate((e) => e.remove());
	}
}

async function scanAndKeep(page, axePath, known, cache, { t0, fullKey, mainKey, chromeKey }) {
	const mainClean = mainKey !== null && cache.has(mainKey);
	const chromeClean = chromeKey !== null && cache.has(chromeKey);
	await injectAxe(page, axePath);
	const scope = !mainClean ? 'full' : !chromeClean ? 'outsideMain' : 'pageLevel';
	const result = await page.evaluate(scanInPage, [AXE_TAGS, DOC_RULES, scope]);
	cache.stats[scope]++;
	if (result.length === 0) {
		cache.add(fullKey);
		if (mainKey !== null && scope === 'full')
			cache.add(mainKey);
		if (chromeKey !== null && scope !== 'pageLevel')
			cache.add(chromeKey);
	} else {
		cache.stats.violated++;
	}
	cache.stats.ms += Date.now() - t0;
	if (process.env.KIJUN_AXE_LOG)	// one line per scan: what was scanned, how long
		appendFileSync(process.env.KIJUN_AXE_LOG, JSON.stringify({
			suite: basename(process.argv[1] ?? '?'), path: pathOf(page.url()), scope,
			ms: Date.now() - t0, violations: result.length,
			page: fullKey.slice(0, 12), main: mainKey?.slice(0, 12), chrome: chromeKey?.slice(0, 12),
		}) + '\n');
	const path = pathOf(page.url());
	const out = [];
	for (const v of result) {
		const nodes = v.nodes.filter((n) => {
			const e = known.axe.find((k) => k.rule === v.id && urlMatches(k.url, path) &&
						      (!k.target || n.target.includes(k.target)));
			if (e)
				e.used++;
			return !e;
		});
		if (nodes.length)
			out.push({ ...v, nodes });
	}
	return out;
}

export function formatAxe(label, url, violations) {
	const lines = [];
	for (const v of violations) {
		lines.push(`  [${v.impact}] ${v.id}: ${v.help} — ${label} ${pathOf(url)}`);
		lines.push(`    ${v.helpUrl}`);
		for (const n of v.nodes) {
			lines.push(`    element: ${n.target}`);
			lines.push(`      html: ${n.html.length > 300 ? n.html.slice(0, 300) + '…' : n.html}`);
			for (const s of (n.failureSummary ?? '').split('\n'))
				lines.push(`      ${s}`);
		}
	}
	return lines.join('\n');
}

/* vnu's command line on FILES: its messages (errors only). */
function vnuCli(jar, files) {
	return new Promise((resolve, reject) => {
		execFile('java', [...VNU_JAVA_OPTS, '-jar', jar, '--errors-only', '--format', 'json', ...files],
			 { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
			 (err, stdout, stderr) => {
				 const text = [stdout, stderr].find((s) => s.trim().startsWith('{'));
				 if (!text) {
					 reject(new Error(`vnu gave no JSON (exit ${err?.code}):\n${stdout}\n${stderr}`));
					 return;
				 }
				 try {
					 resolve(JSON.parse(text).messages);
				 } catch (e) {
					 reject(new Error(`vnu JSON unreadable: ${e.message}\n${text.slice(0, 2000)}`));
				 }
			 });
	});
}

/**
 * Validates FILES with the Nu HTML Checker; returns its messages (errors
 * only), without those covered by the allow-list. FILEURL maps a file to
 * the page URL it came from (for the allow-list and the report). The
 * checker is the run's service (KIJUN_VNU_SERVICE, lib/vnu_service.mjs)
 * where there is one, else its command line.
 */
export async function runVnu(jar, files, fileUrl, known) {
	const service = process.env.KIJUN_VNU_SERVICE;
	let messages = service ? await serviceMessages(service, files) : null;
	if (messages === null) {
		if (service)
			console.error(`vnu's service in ${service} is not running: the command line instead`);
		messages = await vnuCli(jar, files);
	}
	const out = [];
	for (const m of messages) {
		const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : '';
		const url = fileUrl(file) ?? file;
		const path = url.startsWith('http') ? pathOf(url) : url;
		const e = known.vnu.find((k) => (m.message ?? '').includes(k.message) && urlMatches(k.url, path));
		if (e) {
			e.used++;
			continue;
		}
		out.push({ ...m, file, page: url });
	}
	// Which files had any message, allowed or not (not clean).
	out.flagged = new Set(messages.map((m) => (m.url ? decodeURIComponent(new URL(m.url).pathname) : '')));
	return out;
}

/** One paragraph per distinct error (page path, message, extract), with where. */
export function formatVnu(messages) {
	const groups = new Map();
	for (const m of messages) {
		const page = m.page.startsWith('http') ? pathOf(m.page) : m.page;
		const k = `${page}\t${m.message}\t${m.extract}`;
		if (!groups.has(k))
			groups.set(k, { page, m, at: [] });
		groups.get(k).at.push(`${m.file.split('/').pop()}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}`);
	}
	return [...groups.values()].map(({ page, m, at }) =>
		`  [${m.type}${m.subType ? '/' + m.subType : ''}] ${page}: ${m.message}\n` +
		(m.extract ? `      extract: ${JSON.stringify(m.extract)}\n` : '') +
		`      at: ${at.join(', ')}`).join('\n');
}
