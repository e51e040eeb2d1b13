#!/usr/bin/env node
// Drives a running kijun (filled by `kijun demo`) through every documented
// GET operation as each role, with a session cookie and with an API token,
// and validates each answer against docs/openapi.yaml: the status must be one
// the operation documents, the body must match that response's schema. It
// also checks what the schemas cannot say (the tenant rules, error status
// repeated in the body, the catalog's items equal to the single-item route)
// and that every documented status but 500 was seen at least once.
//
// usage: node check_live.mjs BASE_URL OPENAPI_YAML [--package TESTS_PACKAGE_JSON]
// Exit status: 0 good, 1 a check failed, 2 bad usage, 77 the npm packages
// are not installed.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

import { makeValidator, operations, responseSchema } from './openapi_schemas.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
let packageJson = resolve(here, '..', 'package.json');
const positional = [];
for (let i = 0; i < argv.length; i++) {
	if (argv[i] === '--package' && i + 1 < argv.length)
		packageJson = resolve(argv[++i]);
	else
		positional.push(argv[i]);
}
if (positional.length !== 2) {
	console.error('usage: check_live.mjs BASE_URL OPENAPI_YAML [--package TESTS_PACKAGE_JSON]');
	process.exit(2);
}
const base = positional[0].replace(/\/$/, '');
const docPath = resolve(positional[1]);
const PASSWORD = 'kijun-demo-2026';
const ROLES = ['nco', 'ministry', 'operator', 'hq', 'surveyor', 'ceptoar', 'auditor'];

const require = createRequire(packageJson);
let YAML;
try {
	YAML = require('yaml');
	require('ajv/dist/2020');
	require('ajv-formats');
} catch (e) {
	console.error(`check_live: cannot load the npm packages beside ${packageJson}: ${e.message}`);
	process.exit(77);
}
const doc = YAML.parse(readFileSync(docPath, 'utf8'));
const validator = makeValidator(require, doc);

const errors = [];
const fail = (msg) => errors.push(msg);
// A status or body that breaks the document the same way on many requests
// is told once.
const mismatches = new Map();	// key -> { first, count }
function mismatch(key, msg) {
	const m = mismatches.get(key);
	if (m)
		m.count++;
	else
		mismatches.set(key, { first: msg, count: 1 });
}

// Documented GET operations, with a matcher for concrete paths.
const ops = operations(doc).filter((o) => o.method === 'get').map((o) => ({
	...o,
	re: new RegExp('^' + o.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
		.replace(/\\?\{[^}]+\\?\}/g, '[^/]+') + '$'),
	seen: new Set(),
}));
function opFor(path) {
	const bare = path.split('?')[0];
	return ops.find((o) => o.re.test(bare));
}

// --- HTTP ---------------------------------------------------------------------
function cookiesOf(res) {
	const out = {};
	for (const c of res.headers.getSetCookie?.() ?? []) {
		const [pair] = c.split(';');
		const eq = pair.indexOf('=');
		out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
	}
	return out;
}

function hidden(html, name) {
	const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
	return m ? m[1] : null;
}

async function signIn(login) {
	let res = await fetch(`${base}/signin`, { redirect: 'manual' });
	const pre = cookiesOf(res).kijun_pre;
	const csrf = hidden(await res.text(), 'csrf');
	if (!pre || !csrf)
		throw new Error(`GET /signin gave no kijun_pre cookie or csrf field`);
	res = await fetch(`${base}/signin`, {
		method: 'POST',
		redirect: 'manual',
		headers: { cookie: `kijun_pre=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ csrf, login, password: PASSWORD }).toString(),
	});
	await res.arrayBuffer();
	const session = cookiesOf(res).kijun_session;
	if (res.status !== 303 || !session)
		throw new Error(`POST /signin as ${login}: status ${res.status}, no session cookie`);
	return { name: `${login} (cookie)`, headers: { cookie: `kijun_session=${session}` } };
}

async function makeToken(cred, login) {
	let res = await fetch(`${base}/account`, { headers: cred.headers });
	const csrf = hidden(await res.text(), 'csrf');
	if (!csrf)
		throw new Error(`GET /account as ${login}: no csrf field`);
	res = await fetch(`${base}/account/tokens`, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...cred.headers, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ csrf, name: 'openapi live test' }).toString(),
	});
	const m = /class="token-once"><code>([A-Za-z0-9_-]+)<\/code>/.exec(await res.text());
	if (res.status !== 200 || !m)
		throw new Error(`POST /account/tokens as ${login}: status ${res.status}, no token shown`);
	return { name: `${login} (token)`, headers: { authorization: `Bearer ${m[1]}` } };
}

let nrequests = 0;
// GET PATH as CRED; checks the answer against the document; returns it.
async function get(path, cred, expect) {
	const res = await fetch(`${base}${path}`, { headers: cred.headers, redirect: 'manual' });
	const text = await res.text();
	nrequests++;
	const where = `GET ${path} as ${cred.name}: ${res.status}`;
	let body;
	const ctype = res.headers.get('content-type') ?? '';
	if (!ctype.startsWith('application/json'))
		fail(`${where}: Content-Type is "${ctype}", not application/json`);
	try {
		body = JSON.parse(text);
	} catch {
		fail(`${where}: body is not JSON: ${text.slice(0, 120)}`);
		return { status: res.status, body: undefined };
	}
	if (expect !== undefined && res.status !== expect)
		fail(`${where}: expected ${expect}; body ${text.slice(0, 200)}`);
	const o = opFor(path);
	if (!o) {
		fail(`${where}: no documented operation matches the path`);
		return { status: res.status, body };
	}
	o.seen.add(String(res.status));
	const schema = responseSchema(doc, o.op, res.status);
	if (schema === undefined)
		mismatch(`${o.path} ${res.status} undocumented`,
			 `${where}: status ${res.status} is not documented for GET ${o.path}`);
	else if (schema === null)
		mismatch(`${o.path} ${res.status} not json`,
			 `${where}: documented response ${res.status} of GET ${o.path} has no application/json content`);
	else {
		const validate = validator.compile(schema);
		if (!validate(body)) {
			const why = validator.explain(validate).join('\n    ');
			mismatch(`${o.path} ${res.status} ${why}`,
				 `${where}: body does not match the schema of response ${res.status} of GET ${o.path}:\n    ${why}`);
		}
	}
	if (res.status >= 400 && body?.error?.status !== res.status)
		fail(`${where}: error.status is ${JSON.stringify(body?.error?.status)}`);
	return { status: res.status, body };
}

// --- The checks ---------------------------------------------------------------
const anon = { name: 'anonymous', headers: {} };
const badToken = { name: 'a wrong token', headers: { authorization: 'Bearer not-a-token' } };
const creds = {};
for (const role of ROLES)
	creds[role] = await signIn(`demo-${role}`);
const token = await makeToken(creds.nco, 'demo-nco');

// Who am I, for every role, by cookie and by token.
const me = {};
for (const role of ROLES) {
	const { body } = await get('/api/v1/me', creds[role], 200);
	me[role] = body;
	if (body?.role !== role)
		fail(`GET /api/v1/me as demo-${role}: role is ${JSON.stringify(body?.role)}`);
}
const meByToken = (await get('/api/v1/me', token, 200)).body;
if (!isDeepStrictEqual(meByToken, me.nco))
	fail('GET /api/v1/me: the token and the session of demo-nco give different answers');

// Not signed in.
for (const path of ['/api/v1/me', '/api/v1/catalog', '/api/v1/catalog/3.2.1-1',
		    '/api/v1/organisations/1'])
	await get(path, anon, 401);
await get('/api/v1/me', badToken, 401);
await get('/api/v1/me', { name: 'anonymous (English)', headers: { cookie: 'kijun_lang=en' } }, 401);

// The catalog, whole and by requirement.
const catalog = (await get('/api/v1/catalog', token, 200)).body;
const reqs = Array.isArray(catalog?.requirements) ? catalog.requirements : [];
if (reqs.length === 0)
	fail('GET /api/v1/catalog: no requirements');
for (const r of reqs) {
	const { body } = await get(`/api/v1/catalog/${encodeURIComponent(r.id)}`, token, 200);
	if (body && !isDeepStrictEqual(body, r))
		fail(`GET /api/v1/catalog/${r.id}: differs from the item of /api/v1/catalog`);
}
await get('/api/v1/catalog/3.2.1-1', creds.hq, 200);
await get('/api/v1/catalog/9.9-99', token, 404);
await get('/api/v1/catalog/no-such-requirement', creds.operator, 404);

// Organisations: the NCO sees all of them; the others by the tenant rules.
const orgs = [];
for (let id = 1; id <= 1000; id++) {
	const { status, body } = await get(`/api/v1/organisations/${id}`, creds.nco);
	if (status === 404)
		break;
	if (status !== 200) {
		fail(`GET /api/v1/organisations/${id} as demo-nco: ${status}`);
		break;
	}
	if (body?.id !== id)
		fail(`GET /api/v1/organisations/${id}: id is ${JSON.stringify(body?.id)}`);
	orgs.push(body);
}
if (orgs.length === 0)
	fail('no organisations: was the database filled by kijun demo?');
const absent = orgs.length + 1;
await get(`/api/v1/organisations/${absent}`, creds.nco, 404);
await get('/api/v1/organisations/not-a-number', creds.nco, 404);

const ministrySectors = new Set(me.ministry?.sectors ?? []);
const ownOrg = me.operator?.organisation_id;
if (!ownOrg)
	fail('GET /api/v1/me as demo-operator: no organisation_id');
for (const o of orgs) {
	const path = `/api/v1/organisations/${o.id}`;
	const { body } = await get(path, creds.auditor, 200);
	if (body && !isDeepStrictEqual(body, o))
		fail(`GET ${path}: the auditor and the NCO get different answers`);
	const mine = (o.sectors ?? []).some((s) => ministrySectors.has(s));
	await get(path, creds.ministry, mine ? 200 : 404);
	await get(path, creds.operator, o.id === ownOrg ? 200 : 404);
	for (const role of ['hq', 'surveyor', 'ceptoar'])
		await get(path, creds[role], 403);
}
// Refusals that do not depend on the id.
await get(`/api/v1/organisations/${absent}`, creds.hq, 403);
await get(`/api/v1/organisations/${absent}`, creds.operator, 404);

// Every documented status (but 500) must have been seen.
for (const o of ops)
	for (const status of Object.keys(o.op.responses ?? {}))
		if (status !== '500' && status !== 'default' && !o.seen.has(status))
			fail(`GET ${o.path}: documented response ${status} never happened in this test`);

for (const { first, count } of mismatches.values())
	fail(count > 1 ? `${first}\n    (and ${count - 1} more answers like it)` : first);

if (errors.length) {
	for (const e of errors.slice(0, 50))
		console.error(`FAIL ${e}`);
	if (errors.length > 50)
		console.error(`... and ${errors.length - 50} more`);
	console.error(`check_live: ${errors.length} problem(s) in ${nrequests} requests`);
	process.exit(1);
}
console.log(`check_live: ${nrequests} requests to ${base}, ${ops.length} documented GET operations; ` +
	    `every answer matches ${docPath}`);
