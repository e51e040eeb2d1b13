// Accessibility (axe-core) and HTML (vnu) checks, with the allow-list of
// deferred issues in ../known-issues.json.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

/**
 * Runs axe-core on the page (injects it first) and returns the violations
 * that the allow-list does not cover, one object per rule, with its nodes.
 */
export async function runAxe(page, axePath, known) {
	const has = await page.evaluate(() => typeof window.axe !== 'undefined');
	if (!has)
		await page.addScriptTag({ path: axePath });
	const result = await page.evaluate(async (tags) => {
		const r = await window.axe.run(document, {
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
	}, AXE_TAGS);
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
