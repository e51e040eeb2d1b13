// Accessibility (axe-core) and HTML (vnu) checks, with the allow-list of
// deferred issues in ../known-issues.json.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

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
 * The key is a hash of everything axe's result depends on: the DOM (CSRF
 * token values removed), the text of every stylesheet in force, the viewport,
 * the scroll position, the focused and the hovered element, axe-core itself
 * (its file) and AXE_TAGS. Only clean results are kept: a page with any
 * violation, allowed or not, is scanned every time, so that a failure is
 * reported where it occurs and the allow-list's counts stay right. In the
 * process, a Set; with a folder (KIJUN_AXE_CACHE, emptied by ctest at the
 * start of each run), one empty file per clean key, shared by the suites of
 * that run.
 *
 * Across roles, <main> is scanned once: the pages of the roles differ in
 * their header (user, menu), rarely in <main>. When a page's <main> (with its
 * ancestors' tags and the ids outside it) was already scanned clean, only the
 * rest of the page is scanned (context exclude main); axe then skips its
 * page-level rules (document-title, html-has-lang, bypass ...), which ran on
 * the full scan of that main, whose page differed only outside it. The rest
 * of a page (the page with an empty <main>, and the ids inside main) scanned
 * clean is kept too: a page whose main and rest are both known clean is not
 * scanned. A new <main> is always scanned with its whole page, so that the
 * page-level rules (one h1, one main landmark ...) see every main.
 */
export function axeCache(dir = null) {
	const mem = new Set();
	return {
		dir,
		stats: { visits: 0, full: 0, outsideMain: 0, cached: 0, violated: 0, ms: 0 },
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

/* One line per suite, at its end: the visits, the scans, the time in axe. */
process.on('exit', () => {
	const file = process.env.KIJUN_AXE_STATS ||
		(AXE_CACHE.dir && existsSync(AXE_CACHE.dir) ? join(AXE_CACHE.dir, 'stats.jsonl') : null);
	if (!file || !AXE_CACHE.stats.visits)
		return;
	try {
		appendFileSync(file, JSON.stringify({ suite: basename(process.argv[1] ?? '?'), ...AXE_CACHE.stats }) + '\n');
	} catch { /* no stats */ }
});

const axeIds = new Map();	// axe file -> hash of its text
function axeId(axePath) {
	if (!axeIds.has(axePath))
		axeIds.set(axePath, createHash('sha256').update(readFileSync(axePath)).digest('hex'));
	return axeIds.get(axePath);
}

/* What axe's result depends on, read in the page (see axeCache). */
function pageState() {
	const strip = (el) => {
		const c = el.cloneNode(true);
		for (const i of c.querySelectorAll('input[name="csrf"]'))
			i.setAttribute('value', '');
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
		return { html, main: null, rest: null, css, view };
	// Main: its ancestors' tags (classes, lang), the ids outside it, what is
	// focused or hovered in it. The rest: the page with main emptied, which
	// of the ids it uses or has are in main, what is focused or hovered
	// outside main.
	const m = mains[0], open = [];
	for (let a = m.parentElement; a; a = a.parentElement)
		open.unshift(a.cloneNode(false).outerHTML);
	const outside = [...document.querySelectorAll('[id]')].filter((e) => !m.contains(e)).map((e) => e.id);
	const refs = new Set(outside);
	for (const e of document.querySelectorAll('*'))
		if (!m.contains(e))
			for (const a of e.attributes)
				if (/^(for|headers|list|form|aria-[a-z]+)$/.test(a.name))
					a.value.split(/\s+/).forEach((id) => refs.add(id));
	const inMainIds = new Set([...m.querySelectorAll('[id]')].map((e) => e.id));
	const ids = (inside) => (inside ? [...refs].filter((id) => inMainIds.has(id)) : outside).sort().join(' ');
	const inMain = (el) => (el && m.contains(el) ? where(el) : '-');
	const outMain = (el) => (el && m.contains(el) ? 'main' : where(el));
	const doc = document.documentElement.cloneNode(true);
	doc.querySelector('main').replaceChildren();
	return {
		html, css, view,
		main: [open.join(''), strip(m), ids(false), inMain(focused), inMain(hovered)].join('\u0003'),
		rest: [strip(doc), ids(true), outMain(focused), outMain(hovered)].join('\u0003'),
	};
}

const hash = (...parts) => {
	const h = createHash('sha256');
	for (const p of parts)
		h.update(String(p)).update('\u0000');
	return h.digest('hex');
};

/**
 * Runs axe-core on the page (injects it first) and returns the violations
 * that the allow-list does not cover, one object per rule, with its nodes.
 * A page found clean before (CACHE, see axeCache) is not scanned again.
 */
export async function runAxe(page, axePath, known, cache = AXE_CACHE) {
	const t0 = Date.now();
	cache.stats.visits++;
	const st = await page.evaluate(pageState);
	const base = [axeId(axePath), AXE_TAGS.join(','), st.css, st.view];
	const fullKey = hash('page', ...base, st.html);
	const mainKey = st.main === null ? null : hash('main', ...base, st.main);
	const restKey = st.rest === null ? null : hash('rest', ...base, st.rest);
	const mainClean = mainKey !== null && cache.has(mainKey);
	const restClean = restKey !== null && cache.has(restKey);
	if (cache.has(fullKey) || (mainClean && restClean)) {
		cache.stats.cached++;
		cache.stats.ms += Date.now() - t0;
		return [];
	}
	const has = await page.evaluate(() => typeof window.axe !== 'undefined');
	if (!has) {
		// The script element goes again once run: it would change the DOM (and the key).
		const el = await page.addScriptTag({ path: axePath });
		await el.evaluate((e) => e.remove());
	}
	// A new <main> is scanned with its page, page-level rules and all (h1, landmarks).
	const scope = mainClean ? 'outsideMain' : 'full';
	const result = await page.evaluate(async ([tags, sc]) => {
		const context = sc === 'outsideMain' ? { exclude: [['main']] }
			: document;
		const r = await window.axe.run(context, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations'],
		});
		return r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
			nodes: v.nodes.map((n) => ({
				target: n.target.map(String).join(' '), html: n.html,
				failureSummary: n.failureSummary,
			})),
		}));
	}, [AXE_TAGS, scope]);
	cache.stats[scope]++;
	if (result.length === 0) {
		cache.add(fullKey);
		if (mainKey !== null && scope !== 'outsideMain')
			cache.add(mainKey);
		if (restKey !== null)
			cache.add(restKey);
	} else {
		cache.stats.violated++;
	}
	cache.stats.ms += Date.now() - t0;
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

/**
 * Validates FILES with the Nu HTML Checker; returns its messages (errors
 * only), without those covered by the allow-list. FILEURL maps a file to
 * the page URL it came from (for the allow-list and the report).
 */
export function runVnu(jar, files, fileUrl, known) {
	return new Promise((resolve, reject) => {
		execFile('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files],
			 { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
			 (err, stdout, stderr) => {
				 const text = [stdout, stderr].find((s) => s.trim().startsWith('{'));
				 if (!text) {
					 reject(new Error(`vnu gave no JSON (exit ${err?.code}):\n${stdout}\n${stderr}`));
					 return;
				 }
				 let messages;
				 try {
					 messages = JSON.parse(text).messages;
				 } catch (e) {
					 reject(new Error(`vnu JSON unreadable: ${e.message}\n${text.slice(0, 2000)}`));
					 return;
				 }
				 const out = [];
				 for (const m of messages) {
					 const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : '';
					 const url = fileUrl(file) ?? file;
					 const path = url.startsWith('http') ? pathOf(url) : url;
					 const e = known.vnu.find((k) => (m.message ?? '').includes(k.message) &&
								       urlMatches(k.url, path));
					 if (e) {
						 e.used++;
						 continue;
					 }
					 out.push({ ...m, file, page: url });
				 }
				 resolve(out);
			 });
	});
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
