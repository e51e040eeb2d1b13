// The header at 1280 px (issue 16): every role signs in at 1280×800, in
// Japanese and in English, and on its home page the header's menu is one
// line (every item at the same offsetTop, the menu one item high), and the
// top bar above it (brand, language switch, user, sign-out) one row. No
// horizontal scrolling, axe-core clean; the Nu HTML Checker at the end.
//
//   KIJUN_BIN=build-check/kijun node --test tests/browser/header.test.mjs
//
// Environment: KIJUN_BIN (the kijun binary), KIJUN_ARTIFACTS (page HTML and
// findings; default <dir of KIJUN_BIN>/artifacts/header).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { artifactsDir, launch, shutDown, newContext, signInWith, assertValidHtml,
	 pageVisitor } from './lib/harness.mjs';

const ARTIFACTS = artifactsDir('header');
const ROLES = ['nco', 'ministry', 'operator', 'hq', 'surveyor', 'ceptoar', 'auditor'];

let server, browser;
const pages = [];
const visit = pageVisitor(() => server, pages);

before(async () => {
	({ server, browser } = await launch({ operators: 20, seed: 5, years: 1 }));
});

after(() => shutDown(server, browser));

/* The menu's items and their tops, and the header's top bar, on PAGE. */
function layout(page) {
	return page.evaluate(() => {
		const items = [...document.querySelectorAll('header.site nav li')];
		const nav = document.querySelector('header.site nav');
		const bar = document.querySelector('header.site .bar');
		const cs = getComputedStyle(bar);
		const kids = [...bar.children].map((e) => e.getBoundingClientRect());
		return {
			labels: items.map((li) => li.textContent.trim()),
			tops: items.map((li) => li.offsetTop),
			navHeight: nav.getBoundingClientRect().height,
			itemHeight: items.length ? items[0].getBoundingClientRect().height : 0,
			/* The bar's content box, and its tallest child. */
			barRow: bar.getBoundingClientRect().height - parseFloat(cs.paddingTop) -
				parseFloat(cs.paddingBottom),
			barTallest: Math.max(...kids.map((r) => r.height)),
			signoutInBar: !!bar.querySelector('form.signout'),
		};
	});
}

for (const lang of ['ja', 'en']) {
	describe(`the header at 1280 px (${lang})`, { concurrency: 1 }, () => {
		for (const role of ROLES) {
			test(`${role}: the menu is one line`, async () => {
				const ctx = await newContext(browser, {
					viewport: { width: 1280, height: 900 },
					locale: lang === 'en' ? 'en-GB' : 'ja-JP',
				});
				try {
					const page = await ctx.newPage();
					await signInWith(visit, page, `demo-${role}`);
					const l = await layout(page);
					assert.ok(l.tops.length >= 3, `${role}: only ${l.tops.length} menu items`);
					assert.equal(new Set(l.tops).size, 1,
						     `${role} (${lang}): the menu wraps: ${JSON.stringify(l.labels.map((x, i) => [x, l.tops[i]]))}`);
					assert.ok(l.navHeight <= l.itemHeight + 8,
						  `${role} (${lang}): the menu is ${l.navHeight} px high for items of ${l.itemHeight} px`);
					/* The top bar (brand, language, user, sign-out) one row too. */
					assert.ok(l.signoutInBar, `${role}: the sign-out form is not in the top bar`);
					assert.ok(l.barRow <= l.barTallest + 1,
						  `${role} (${lang}): the top bar wraps (${l.barRow} px for a row of ${l.barTallest} px)`);
				} finally {
					await ctx.close();
				}
			});
		}
	});
}

test('every page visited is valid HTML (vnu)', { timeout: 300_000 },
     () => assertValidHtml(pages, join(server.dir, 'html'), ARTIFACTS));
