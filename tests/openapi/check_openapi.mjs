#!/usr/bin/env node
// Checks docs/openapi.yaml against the code:
//   1. the document is valid OpenAPI (@apidevtools/swagger-parser);
//   2. every route of src/web/routes.c whose pattern starts with /api/ is
//      documented with the same path and method, and the document has no
//      path or method the table lacks;
//   3. each operation documents the errors its route can answer: 401 unless
//      public, 403 when some role lacks the route's permission (read from
//      src/app/authz.c beside routes.c), 404 when the path takes a parameter,
//      and every status its handler returns (`return 400;` in the handler's
//      body, found in the .c files beside routes.c); the query parameters
//      the handler reads (`kj_param(req, "name")`) are exactly those the
//      operation documents;
//   4. the schemas compile with ajv (JSON Schema 2020-12, strict mode) and
//      every example of a response matches the response's schema.
//
// usage: node check_openapi.mjs [OPENAPI_YAML [ROUTES_C]] [--package TESTS_PACKAGE_JSON]
// The defaults are the files of the source tree this script sits in; the
// npm packages come from the node_modules beside tests/package.json.
// Exit status: 0 good, 1 a check failed, 2 bad usage, 77 the npm packages
// are not installed (ctest: skipped; run `npm ci` in tests/).
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { deref, makeValidator, operations } from './openapi_schemas.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

const positional = [];
let packageJson = join(root, 'tests', 'package.json');
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
	if (argv[i] === '--package' && i + 1 < argv.length)
		packageJson = resolve(argv[++i]);
	else if (argv[i] === '-h' || argv[i] === '--help') {
		console.log('usage: check_openapi.mjs [OPENAPI_YAML [ROUTES_C]] [--package TESTS_PACKAGE_JSON]');
		process.exit(0);
	} else if (argv[i].startsWith('-')) {
		console.error(`check_openapi: unknown option ${argv[i]}`);
		process.exit(2);
	} else
		positional.push(argv[i]);
}
if (positional.length > 2) {
	console.error('usage: check_openapi.mjs [OPENAPI_YAML [ROUTES_C]] [--package TESTS_PACKAGE_JSON]');
	process.exit(2);
}
const docPath = resolve(positional[0] ?? join(root, 'docs', 'openapi.yaml'));
const routesPath = resolve(positional[1] ?? join(root, 'src', 'web', 'routes.c'));
const authzPath = join(dirname(routesPath), 'authz.c');

for (const f of [docPath, routesPath, packageJson])
	if (!existsSync(f)) {
		console.error(`check_openapi: ${f}: no such file`);
		process.exit(2);
	}

const require = createRequire(packageJson);
let SwaggerParser, YAML;
try {
	SwaggerParser = require('@apidevtools/swagger-parser');
	YAML = require('yaml');
} catch (e) {
	console.error(`check_openapi: cannot load the npm packages beside ${packageJson}` +
		      ` (run npm ci in ${dirname(packageJson)}): ${e.message}`);
	process.exit(77);
}

const errors = [];
const warnings = [];
const fail = (msg) => errors.push(msg);

// --- 1. A valid OpenAPI document ------------------------------------------
let doc;
try {
	doc = YAML.parse(readFileSync(docPath, 'utf8'));
} catch (e) {
	console.error(`FAIL ${docPath}: not YAML: ${e.message}`);
	process.exit(1);
}
try {
	// validate() dereferences in place: give it the path, keep DOC raw.
	await SwaggerParser.validate(docPath);
} catch (e) {
	fail(`${docPath} is not a valid OpenAPI document:\n    ${String(e.message).trimEnd().replace(/\n/g, '\n    ')}`);
}
if (!doc || typeof doc !== 'object' || !doc.paths || typeof doc.paths !== 'object') {
	fail(`${docPath}: no "paths" object`);
	doc = { paths: {} };
}
if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1.'))
	fail(`${docPath}: "openapi" is ${JSON.stringify(doc.openapi)}, expected 3.1.x`);

// --- 2. The route table -----------------------------------------------------
function stripComments(src) {
	return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

// { "GET", "/api/v1/catalog", kj_api_catalog, KJ_PERM_CATALOG_READ, KJ_ROUTE_API },
const routeRe = /\{\s*"([A-Z]+)"\s*,\s*"([^"]*)"\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*([^}]*?)\s*\}/g;
const routesSrc = stripComments(readFileSync(routesPath, 'utf8'));
const table = [...routesSrc.matchAll(routeRe)].map((m) => ({
	method: m[1], pattern: m[2], handler: m[3], perm: m[4], flags: m[5],
}));
if (table.length === 0)
	fail(`${routesPath}: no routes found (has the table's layout changed?)`);
const apiRoutes = table.filter((r) => r.pattern.startsWith('/api/'));
if (table.length > 0 && apiRoutes.length === 0)
	fail(`${routesPath}: no /api/ routes found`);

// Which permissions every role holds (then no 403 can come from the table).
let permHeldByAll = null;
if (existsSync(authzPath)) {
	const src = stripComments(readFileSync(authzPath, 'utf8'));
	const allDef = /#define\s+ALL\s+((?:[^\n]*\\\n)*[^\n]*)/.exec(src);
	const allRoles = new Set(allDef ? [...allDef[1].matchAll(/R\((\w+)\)/g)].map((m) => m[1]) : []);
	permHeldByAll = new Map();
	for (const m of src.matchAll(/\[(KJ_PERM_\w+)\]\s*=\s*\{\s*"[^"]*"\s*,\s*([^}]*)\}/g)) {
		const expr = m[2];
		const roles = new Set([...expr.matchAll(/R\((\w+)\)/g)].map((x) => x[1]));
		const all = /\bALL\b/.test(expr) ||
			(allRoles.size > 0 && [...allRoles].every((r) => roles.has(r)));
		permHeldByAll.set(m[1], all);
	}
	if (permHeldByAll.size === 0) {
		warnings.push(`${authzPath}: no permission table found; 403 not checked`);
		permHeldByAll = null;
	}
} else {
	warnings.push(`${authzPath}: not found; 403 not checked`);
}

// The bodies of the handler functions, from the .c files beside routes.c.
const handlerBodies = new Map();
for (const f of readdirSync(dirname(routesPath)).filter((n) => n.endsWith('.c')).sort()) {
	const src = stripComments(readFileSync(join(dirname(routesPath), f), 'utf8'));
	for (const m of src.matchAll(/^int\s+(\w+)\s*\([^)]*\)\s*\{/gm)) {
		let depth = 1, i = m.index + m[0].length;
		for (; i < src.length && depth > 0; i++)
			if (src[i] === '{')
				depth++;
			else if (src[i] === '}')
				depth--;
		handlerBodies.set(m[1], { file: f, body: src.slice(m.index, i) });
	}
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const tableKeys = new Set(apiRoutes.map((r) => `${r.method} ${r.pattern}`));
const tablePaths = new Set(apiRoutes.map((r) => r.pattern));

let checked = 0;
for (const r of apiRoutes) {
	const where = `route ${r.method} ${r.pattern} (${r.handler}, routes.c)`;
	if (!/\bKJ_ROUTE_API\b/.test(r.flags))
		fail(`${where}: lacks KJ_ROUTE_API, so it neither answers JSON errors consistently nor takes Bearer tokens`);
	const item = doc.paths[r.pattern];
	if (!item) {
		fail(`${where}: path "${r.pattern}" is missing from ${docPath}`);
		continue;
	}
	const op = item[r.method.toLowerCase()];
	if (!op) {
		fail(`${where}: path "${r.pattern}" is documented but not its ${r.method} operation`);
		continue;
	}
	checked++;
	const responses = op.responses ?? {};
	const has = (s) => Object.prototype.hasOwnProperty.call(responses, String(s));
	const ok = Object.keys(responses).find((s) => /^2\d\d$/.test(s));
	if (!ok)
		fail(`${where}: no 2xx response documented`);
	else if (!responses[ok].content?.['application/json'] &&
		 !(responses[ok].$ref))
		fail(`${where}: response ${ok} has no application/json content`);
	if (r.perm !== 'KJ_PERM_PUBLIC' && !has(401))
		fail(`${where}: needs ${r.perm}, so 401 must be documented`);
	if (permHeldByAll && r.perm !== 'KJ_PERM_PUBLIC') {
		const all = permHeldByAll.get(r.perm);
		if (all === undefined)
			warnings.push(`${where}: permission ${r.perm} not in authz.c; 403 not checked`);
		else if (!all && !has(403))
			fail(`${where}: some roles lack ${r.perm}, so 403 must be documented`);
		else if (all && has(403))
			warnings.push(`${where}: every role holds ${r.perm}; the documented 403 comes only from the handler`);
	}
	const params = [...r.pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
	if (params.length > 0 && !has(404))
		fail(`${where}: takes {${params.join('}, {')}}, so 404 must be documented`);

	const h = handlerBodies.get(r.handler);
	if (!h) {
		warnings.push(`${where}: handler not found beside routes.c; its statuses and query parameters not checked`);
		continue;
	}
	for (const m of new Set([...h.body.matchAll(/\breturn\s+([1-5][0-9][0-9])\s*;/g)].map((x) => x[1])))
		if (!has(m))
			fail(`${where}: ${r.handler} (${h.file}) returns ${m}, so ${m} must be documented`);
	const read = new Set([...h.body.matchAll(/\bkj_param\s*\(\s*\w+\s*,\s*"([^"]+)"\s*\)/g)].map((x) => x[1]));
	const documented = new Set();
	try {
		for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x) => deref(doc, x)))
			if (p?.in === 'query')
				documented.add(p.name);
	} catch (e) {
		fail(`${where}: ${e.message}`);
	}
	for (const q of read)
		if (!documented.has(q))
			fail(`${where}: ${r.handler} (${h.file}) reads the query parameter "${q}", which is not documented`);
	for (const q of documented)
		if (!read.has(q))
			fail(`${where}: documents the query parameter "${q}", which ${r.handler} (${h.file}) does not read`);
}

// --- 4. Schemas and examples -------------------------------------------------
let nexamples = 0;
try {
	const v = makeValidator(require, doc);
	for (const { path, method, op } of operations(doc)) {
		for (const [status, r] of Object.entries(op.responses ?? {})) {
			let resp, media;
			try {
				resp = deref(doc, r);
				media = resp?.content?.['application/json'];
			} catch (e) {
				fail(`${method.toUpperCase()} ${path} response ${status}: ${e.message}`);
				continue;
			}
			if (!media?.schema)
				continue;
			const validate = v.compile(media.schema);
			const examples = Object.entries(media.examples ?? {});
			if ('example' in media)
				examples.push(['example', { value: media.example }]);
			for (const [name, ex] of examples) {
				let value;
				try {
					value = deref(doc, ex)?.value;
				} catch (e) {
					fail(`${method.toUpperCase()} ${path} response ${status}, example "${name}": ${e.message}`);
					continue;
				}
				nexamples++;
				if (!validate(value))
					fail(`${method.toUpperCase()} ${path} response ${status}: example "${name}" ` +
					     `does not match the schema:\n    ${v.explain(validate).join('\n    ')}`);
			}
		}
	}
} catch (e) {
	fail(`the schemas of ${docPath} do not compile as JSON Schema 2020-12 (ajv, strict): ${e.message}`);
}

// The reverse: nothing documented that the table lacks.
for (const [path, item] of Object.entries(doc.paths)) {
	if (!tablePaths.has(path)) {
		const hint = path.startsWith('/api/') ? '' : ' (only /api/ routes belong in the document)';
		fail(`documented path "${path}" is not an /api/ route of ${routesPath}${hint}`);
		continue;
	}
	for (const m of METHODS)
		if (item && item[m] && !tableKeys.has(`${m.toUpperCase()} ${path}`))
			fail(`documented operation ${m.toUpperCase()} ${path} is not in the route table`);
}

for (const w of warnings)
	console.error(`warning: ${w}`);
if (errors.length) {
	for (const e of errors)
		console.error(`FAIL ${e}`);
	console.error(`check_openapi: ${errors.length} problem(s) in ${docPath}`);
	process.exit(1);
}
console.log(`check_openapi: ${docPath} is valid OpenAPI ${doc.openapi} and documents ` +
	    `all ${apiRoutes.length} /api/ routes of ${routesPath} (${checked} operations checked, ${nexamples} examples match their schemas)`);
