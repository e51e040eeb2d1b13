// The axe-core result cache (lib/checks.mjs) cannot hide a violation: a page
// scanned clean comes from the cache while nothing changed, and a violation
// added to it afterwards (an image without alt text in <main> or in the
// header, a colour changed in the stylesheet only, a page-level one: an empty
// title, no lang; a name given across main's edge; a page without one
// <main>) is reported, every time.
// A clean result kept in the folder answers another suite of the same run;
// a violation is never kept. The CSRF token does not change the key.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/axe_cache.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { axeCache, runAxe } from './lib/checks.mjs';
import { AXE_JS, launch, shutDown, newContext, fillSignIn, navigate } from './lib/harness.mjs';

const NOTHING_KNOWN = { axe: [], vnu: [] };

let server, browser, dir;

before(async () => {
	({ server, browser } = await launch({ operators: 20, seed: 5, years: 1 }));
	dir = mkdtempSync(join(tmpdir(), 'kijun-axe-cache-'));
});

after(async () => {
	await shutDown(server, browser);
	rmSync(dir, { recursive: true, force: true });
});

/** A new context's page at PATH (signed out). */
async function pageAt(path, opts = {}) {
	const ctx = await newContext(browser, { viewport: { width: 1280, height: 900 }, ...opts });
	const page = await ctx.newPage();
	await page.goto(server.base + path, { waitUntil: 'load' });
	return { ctx, page };
}

const ids = (violations) => violations.map((v) => v.id).sort();
const counts = (c) => ({ full: c.stats.full, outsideMain: c.stats.outsideMain, pageLevel: c.stats.pageLevel,
			 cached: c.stats.cached });

test('a page scanned clean is not scanned again; an image without alt added to <main> is reported each time',
     { timeout: 120_000 }, async () => {
	const cache = axeCache();
	const { ctx, page } = await pageAt('/signin');
	try {
		assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), []);
		assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), []);
		assert.deepEqual(counts(cache), { full: 1, outsideMain: 0, pageLevel: 0, cached: 1 });

		await page.evaluate(() => {
			const img = document.createElement('img');
			img.src = '/favicon.ico';
			img.id = 'no-alt';
			document.querySelector('main').append(img);
		});
		for (let i = 0; i < 2; i++) {
			const v = await runAxe(page, AXE_JS, NOTHING_KNOWN, cache);
			assert.ok(ids(v).includes('image-alt'), `scan ${i + 1}: image-alt among ${ids(v)}`);
			assert.match(v.find((x) => x.id === 'image-alt').nodes[0].target, /#no-alt/);
		}
		// (A new main: the whole page is scanned, page-level rules and all.)
		assert.deepEqual(counts(cache), { full: 3, outsideMain: 0, pageLevel: 0, cached: 1 });

		// Fixed: the page is the clean one again, and the cache knows it.
		await page.evaluate(() => document.getElementById('no-alt').remove());
		assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), []);
		assert.deepEqual(counts(cache), { full: 3, outsideMain: 0, pageLevel: 0, cached: 2 });
	} finally {
		await ctx.close();
	}
});

test('a colour changed in the stylesheet only (the DOM unchanged) is reported', { timeout: 120_000 }, async () => {
	const cache = axeCache();
	const { ctx, page } = await pageAt('/signin');
	try {
		assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), []);
		const before = await page.evaluate(() => document.documentElement.outerHTML);
		await page.evaluate(() => {
			const sheet = [...document.styleSheets].find((s) => s.href?.endsWith('/static/kijun.css'));
			sheet.insertRule('main label, main h1 { color: #c8c8c8 !important; background: #fff !important; }',
					 sheet.cssRules.length);
		});
		assert.equal(await page.evaluate(() => document.documentElement.outerHTML), before, 'the DOM is the same');
		const v = await runAxe(page, AXE_JS, NOTHING_KNOWN, cache);
		assert.ok(ids(v).includes('color-contrast'), `color-contrast among ${ids(v)}`);
		assert.deepEqual(counts(cache), { full: 2, outsideMain: 0, pageLevel: 0, cached: 0 });
	} finally {
		await ctx.close();
	}
});

test('the same <main> under another header: only the rest is scanned, and a violation there is reported',
     { timeout: 120_000 }, async () => {
	const cache = axeCache();
	const one = await pageAt('/signin');
	const two = await pageAt('/signin');
	try {
		assert.deepEqual(await runAxe(one.page, AXE_JS, NOTHING_KNOWN, cache), []);
		// Another header, the same main: the header is scanned, main is not.
		await two.page.evaluate(() => {
			const p = document.createElement('p');
			p.textContent = 'another header';
			document.querySelector('header').append(p);
		});
		assert.deepEqual(await runAxe(two.page, AXE_JS, NOTHING_KNOWN, cache), []);
		assert.deepEqual(counts(cache), { full: 1, outsideMain: 1, pageLevel: 0, cached: 0 });
		// An image without alt in that header is found.
		await two.page.evaluate(() => {
			const img = document.createElement('img');
			img.src = '/favicon.ico';
			document.querySelector('header').append(img);
		});
		const v = await runAxe(two.page, AXE_JS, NOTHING_KNOWN, cache);
		assert.deepEqual(ids(v), ['image-alt']);
		assert.equal(v[0].nodes.length, 1);
		assert.match(v[0].nodes[0].html, /favicon/);
		assert.deepEqual(counts(cache), { full: 1, outsideMain: 2, pageLevel: 0, cached: 0 });
		// And one in <main> too (a main never scanned, a rest with a violation: all of the page).
		await two.page.evaluate(() => {
			const img = document.createElement('img');
			img.src = '/favicon.ico?main';
			document.querySelector('main').append(img);
		});
		const w = await runAxe(two.page, AXE_JS, NOTHING_KNOWN, cache);
		assert.deepEqual(ids(w), ['image-alt']);
		assert.equal(w[0].nodes.length, 2);
		assert.deepEqual(counts(cache), { full: 2, outsideMain: 2, pageLevel: 0, cached: 0 });
	} finally {
		await one.ctx.close();
		await two.ctx.close();
	}
});

test('another <main> under a header scanned clean: the whole page is scanned, and a violation there is reported',
     { timeout: 120_000 }, async () => {
	const cache = axeCache();
	const { ctx, page } = await pageAt('/signin');
	try {
		assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), []);
		await page.evaluate(() => {
			const p = document.createElement('p');
			p.textContent = 'another main';
			document.querySelector('main').append(p);
		});
		assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), []);
		assert.deepEqual(counts(cache), { full: 2, outsideMain: 0, pageLevel: 0, cached: 0 });
		await page.evaluate(() => {
			const img = document.createElement('img');
			img.src = '/favicon.ico';
			document.querySelector('main').append(img);
		});
		for (let i = 0; i < 2; i++) {
			const v = await runAxe(page, AXE_JS, NOTHING_KNOWN, cache);
			assert.deepEqual(ids(v), ['image-alt'], `scan ${i + 1}`);
			assert.match(v[0].nodes[0].html, /favicon/);
		}
		assert.deepEqual(counts(cache), { full: 4, outsideMain: 0, pageLevel: 0, cached: 0 });
		// The page and the header scanned clean, each part: nothing to scan.
		await page.evaluate(() => document.querySelector('main img').remove());
		assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), []);
		assert.deepEqual(counts(cache), { full: 4, outsideMain: 0, pageLevel: 0, cached: 1 });
	} finally {
		await ctx.close();
	}
});

test('the cache folder: a clean page kept by one suite answers another; a violation is never kept',
     { timeout: 120_000 }, async () => {
	const first = axeCache(dir), second = axeCache(dir);
	const a = await pageAt('/signin');
	const b = await pageAt('/signin');	// another session: another CSRF token
	try {
		const tokens = await Promise.all([a, b].map(({ page }) =>
			page.locator('input[name="csrf"]').first().getAttribute('value')));
		assert.ok(tokens[0] && tokens[1] && tokens[0] !== tokens[1], 'two CSRF tokens');
		assert.deepEqual(await runAxe(a.page, AXE_JS, NOTHING_KNOWN, first), []);
		const kept = readdirSync(dir);
		assert.equal(kept.length, 3, `the page, its main and the rest kept: ${kept}`);
		assert.deepEqual(await runAxe(b.page, AXE_JS, NOTHING_KNOWN, second), []);
		assert.deepEqual(counts(second), { full: 0, outsideMain: 0, pageLevel: 0, cached: 1 });

		await b.page.evaluate(() => {
			const img = document.createElement('img');
			img.src = '/favicon.ico';
			document.querySelector('main').append(img);
		});
		assert.deepEqual(ids(await runAxe(b.page, AXE_JS, NOTHING_KNOWN, second)), ['image-alt']);
		assert.deepEqual(ids(await runAxe(b.page, AXE_JS, NOTHING_KNOWN, first)), ['image-alt']);
		assert.deepEqual(readdirSync(dir).sort(), kept.sort(), 'nothing kept for the page with a violation');
	} finally {
		await a.ctx.close();
		await b.ctx.close();
	}
});

test('a signed-in page: the cache follows the page from one role to another', { timeout: 120_000 }, async () => {
	// Two roles on /catalog: the same main under two headers; the second is
	// scanned outside main only, and both are clean.
	const cache = axeCache();
	for (const role of ['ministry', 'hq']) {
		const { ctx, page } = await pageAt('/signin');
		try {
			const submit = await fillSignIn(page, `demo-${role}`);
			await navigate(page, () => submit.click());
			await page.goto(`${server.base}/catalog`, { waitUntil: 'load' });
			assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), [], `${role} /catalog`);
		} finally {
			await ctx.close();
		}
	}
	assert.deepEqual(counts(cache), { full: 1, outsideMain: 1, pageLevel: 0, cached: 0 });
});

/** A new page at /signin whose main and chrome are both known clean to CACHE (scanned on another). */
async function knownParts(cache) {
	const one = await pageAt('/signin');
	assert.deepEqual(await runAxe(one.page, AXE_JS, NOTHING_KNOWN, cache), []);
	await one.ctx.close();
	return pageAt('/signin');
}

test('main and header both known: a page-level violation (an empty title) is reported each time',
     { timeout: 120_000 }, async () => {
	const cache = axeCache();
	const { ctx, page } = await knownParts(cache);
	try {
		// Another title only: main and the chrome (title text aside) are known.
		await page.evaluate(() => { document.title = 'another page | kijun'; });
		assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), []);
		assert.deepEqual(counts(cache), { full: 1, outsideMain: 0, pageLevel: 1, cached: 0 });
		await page.evaluate(() => { document.title = ' '; });
		for (let i = 0; i < 2; i++) {
			const v = await runAxe(page, AXE_JS, NOTHING_KNOWN, cache);
			assert.deepEqual(ids(v), ['document-title'], `scan ${i + 1}`);
		}
		assert.deepEqual(counts(cache), { full: 1, outsideMain: 0, pageLevel: 3, cached: 0 });
		// The whole page without its lang: html-has-lang, though main's own tags did not change.
		await page.evaluate(() => { document.title = 'another page | kijun'; });
		await page.evaluate(() => document.documentElement.removeAttribute('lang'));
		assert.ok(ids(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache)).includes('html-has-lang'));
	} finally {
		await ctx.close();
	}
});

test('a hidden input\'s value is not in the key; the same input made visible without a label is reported',
     { timeout: 120_000 }, async () => {
	const cache = axeCache();
	const { ctx, page } = await knownParts(cache);
	try {
		await page.evaluate(() => {
			for (const i of document.querySelectorAll('input[type="hidden"]'))
				i.value = 'another value';
		});
		assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), []);
		assert.deepEqual(counts(cache), { full: 1, outsideMain: 0, pageLevel: 0, cached: 1 });
		await page.evaluate(() => {
			const i = document.querySelector('header input[type="hidden"], main input[type="hidden"]');
			i.type = 'text';
		});
		assert.ok(ids(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache)).includes('label'));
	} finally {
		await ctx.close();
	}
});

test('across main\'s edge: a header link named from main, a field named by a label outside main, are reported',
     { timeout: 120_000 }, async () => {
	const cache = axeCache();
	const { ctx, page } = await knownParts(cache);
	try {
		// A link in the header named by a text in main (aria-labelledby): clean;
		// that text emptied: the header's link has no name, reported each time.
		await page.evaluate(() => {
			const n = document.createElement('span');
			n.id = 'named-from-main';
			n.textContent = 'a name';
			document.querySelector('main').append(n);
			const a = document.createElement('a');
			a.href = '/';
			a.setAttribute('aria-labelledby', 'named-from-main');
			document.querySelector('header').append(a);
		});
		assert.deepEqual(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache), []);
		await page.evaluate(() => { document.getElementById('named-from-main').textContent = ''; });
		for (let i = 0; i < 2; i++)
			assert.ok(ids(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache)).includes('link-name'), `scan ${i + 1}`);
	} finally {
		await ctx.close();
	}
	// The label of a field in main moved to the footer: clean; then gone from
	// the footer too: main's subtree as before and the chrome as on the first
	// page, both known, but the field has no name now and that is reported.
	const two = await knownParts(cache);
	try {
		await two.page.evaluate(() => {
			const l = document.querySelector('main label[for]');
			l.remove();
			document.querySelector('footer').append(l);
		});
		assert.deepEqual(await runAxe(two.page, AXE_JS, NOTHING_KNOWN, cache), []);
		await two.page.evaluate(() => document.querySelector('footer label').remove());
		for (let i = 0; i < 2; i++)
			assert.ok(ids(await runAxe(two.page, AXE_JS, NOTHING_KNOWN, cache)).includes('label'), `scan ${i + 1}`);
	} finally {
		await two.ctx.close();
	}
});

test('a page without one <main> (none, or two) is scanned as a whole, its violations reported',
     { timeout: 120_000 }, async () => {
	const cache = axeCache();
	const { ctx, page } = await knownParts(cache);
	try {
		// main made a div: the parts are gone; an image without alt in it.
		await page.evaluate(() => {
			const m = document.querySelector('main');
			const d = document.createElement('div');
			d.id = m.id;
			d.append(...m.childNodes);
			m.replaceWith(d);
			const img = document.createElement('img');
			img.src = '/favicon.ico';
			d.append(img);
		});
		for (let i = 0; i < 2; i++)
			assert.ok(ids(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache)).includes('image-alt'), `scan ${i + 1}`);
		// Two mains, the second with the image: the whole page again.
		await page.evaluate(() => {
			const m = document.createElement('main');
			m.append(document.querySelector('img[src="/favicon.ico"]'));
			document.body.append(document.createElement('main'), m);
		});
		assert.ok(ids(await runAxe(page, AXE_JS, NOTHING_KNOWN, cache)).includes('image-alt'));
		assert.equal(cache.stats.outsideMain + cache.stats.pageLevel, 0, 'never in parts');
	} finally {
		await ctx.close();
	}
});
