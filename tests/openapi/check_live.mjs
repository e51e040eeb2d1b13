#!/usr/bin/env node
// Drives a running kijun (filled by `kijun demo`) through every documented
// GET operation as each role, with a session cookie and with an API token,
// and validates each answer against docs/openapi.yaml: the status must be one
// the operation documents, the body must match that response's schema. It
// also checks what the schemas cannot say (the tenant rules, error status
// repeated in the body, the catalog's items equal to the single-item route,
// the organisations list against the single records, paging, the coverage
// against the catalog and against each sector's documents) and that every
// documented status but 500 was seen at least once.
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
		    '/api/v1/organisations/1', '/api/v1/organisations', '/api/v1/organisations?limit=0',
		    '/api/v1/coverage', '/api/v1/sectors/medical/safety', '/api/v1/sectors/no-such/safety'])
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
// Sectors the ministry holds in part: there it sees only the operators assigned to it.
const ministryPartial = new Set(me.ministry?.partial_sectors ?? []);
const ministryCode = me.ministry?.ministry;
if (!ministryCode)
	fail('GET /api/v1/me as demo-ministry: no ministry');
const ministryHolds = (o, s) => ministrySectors.has(s) &&
	(!ministryPartial.has(s) || (o.ministries ?? []).includes(ministryCode));
const ownOrg = me.operator?.organisation_id;
if (!ownOrg)
	fail('GET /api/v1/me as demo-operator: no organisation_id');
for (const o of orgs) {
	const path = `/api/v1/organisations/${o.id}`;
	const { body } = await get(path, creds.auditor, 200);
	if (body && !isDeepStrictEqual(body, o))
		fail(`GET ${path}: the auditor and the NCO get different answers`);
	const mine = (o.sectors ?? []).some((s) => ministryHolds(o, s));
	await get(path, creds.ministry, mine ? 200 : 404);
	await get(path, creds.operator, o.id === ownOrg ? 200 : 404);
	for (const role of ['hq', 'surveyor', 'ceptoar'])
		await get(path, creds[role], 403);
}
// Refusals that do not depend on the id.
await get(`/api/v1/organisations/${absent}`, creds.hq, 403);
await get(`/api/v1/organisations/${absent}`, creds.operator, 404);

// --- The organisations list -----------------------------------------------------
// The list gives null for an empty name_kana where the single record gives
// "" (documented); otherwise an item is the single record.
const asItem = (o) => ({ ...o, name_kana: o.name_kana === '' ? null : o.name_kana });
const byId = new Map(orgs.map((o) => [o.id, o]));
const idsOf = (items) => (Array.isArray(items) ? items.map((o) => o?.id) : []);
const sameIds = (a, b) => isDeepStrictEqual([...a].sort((x, y) => x - y), [...b].sort((x, y) => x - y));

// GET the list with QUERY as CRED; checks the page's own consistency.
async function list(cred, query = '', expect = 200) {
	const path = `/api/v1/organisations${query ? `?${query}` : ''}`;
	const { status, body } = await get(path, cred, expect);
	if (status !== 200 || !body)
		return null;
	const q = new URLSearchParams(query);
	const offset = Number(q.get('offset') ?? 0), limit = Number(q.get('limit') ?? 100);
	const where = `GET ${path} as ${cred.name}`;
	if (body.offset !== offset || body.limit !== limit)
		fail(`${where}: offset/limit ${body.offset}/${body.limit}, asked for ${offset}/${limit}`);
	const items = body.items ?? [];
	const want = Math.max(0, Math.min(limit, body.total - offset));
	if (items.length !== want)
		fail(`${where}: ${items.length} items of ${body.total} from ${offset}, expected ${want}`);
	for (let i = 1; i < items.length; i++)
		if (Buffer.compare(Buffer.from(items[i - 1].corporate_number ?? ''),
				   Buffer.from(items[i].corporate_number ?? '')) > 0)
			fail(`${where}: items not ordered by corporate number (${items[i - 1].id}, ${items[i].id})`);
	for (const it of items) {
		const single = byId.get(it?.id);
		if (!single)
			fail(`${where}: item ${JSON.stringify(it?.id)} is not an organisation of GET /api/v1/organisations/{id}`);
		else if (!isDeepStrictEqual(it, asItem(single)))
			fail(`${where}: item ${it.id} differs from GET /api/v1/organisations/${it.id}` +
			     ` (beyond the documented name_kana null/"")`);
	}
	if (q.has('sector'))
		for (const it of items)
			if (!(it?.sectors ?? []).includes(q.get('sector')))
				fail(`${where}: item ${it?.id} is not in sector ${q.get('sector')}`);
	return body;
}

// Everything, a page of 7 at a time.
async function listPaged(cred, query = '') {
	const all = [];
	let total = null;
	for (let offset = 0; offset <= 1000; offset += 7) {
		const body = await list(cred, `${query ? `${query}&` : ''}offset=${offset}&limit=7`);
		if (!body)
			return null;
		if (total !== null && body.total !== total)
			fail(`GET /api/v1/organisations?${query} as ${cred.name}: total changes between pages`);
		total = body.total;
		all.push(...body.items);
		if (offset + 7 >= total)
			break;
	}
	if (new Set(idsOf(all)).size !== all.length)
		fail(`GET /api/v1/organisations?${query} as ${cred.name}: an organisation on two pages`);
	return { total, items: all };
}

const allIds = orgs.map((o) => o.id);
const ncoAll = await listPaged(creds.nco);
if (ncoAll && (ncoAll.total !== orgs.length || !sameIds(idsOf(ncoAll.items), allIds)))
	fail(`GET /api/v1/organisations as demo-nco: ${ncoAll.total} organisations, not the ${orgs.length} of /organisations/{id}`);
const ncoOne = await list(creds.nco, 'limit=1000');
if (ncoOne && ncoAll && !isDeepStrictEqual(idsOf(ncoOne.items), idsOf(ncoAll.items)))
	fail('GET /api/v1/organisations?limit=1000 as demo-nco: not the pages of 7 put together');
const ncoDefault = await list(creds.nco);
if (ncoDefault && ncoOne && !isDeepStrictEqual(ncoDefault.items, ncoOne.items.slice(0, 100)))
	fail('GET /api/v1/organisations as demo-nco: the default page is not offset=0&limit=100');
const byToken = await list(token, 'limit=1000');
if (byToken && ncoOne && !isDeepStrictEqual(byToken, ncoOne))
	fail('GET /api/v1/organisations: the token and the session of demo-nco give different answers');
const auditorAll = await list(creds.auditor, 'limit=1000');
if (auditorAll && ncoOne && !isDeepStrictEqual(auditorAll, ncoOne))
	fail('GET /api/v1/organisations: the auditor and the NCO get different answers');

const inMinistry = (o) => (o.sectors ?? []).some((s) => ministryHolds(o, s));
const ministryAll = await listPaged(creds.ministry);
const ministryWant = orgs.filter(inMinistry).map((o) => o.id);
if (ministryAll && (ministryAll.total !== ministryWant.length || !sameIds(idsOf(ministryAll.items), ministryWant)))
	fail(`GET /api/v1/organisations as demo-ministry: [${idsOf(ministryAll.items)}], expected its sectors' [${ministryWant}]`);
const operatorAll = await list(creds.operator);
if (operatorAll && (operatorAll.total !== 1 || !isDeepStrictEqual(idsOf(operatorAll.items), [ownOrg])))
	fail(`GET /api/v1/organisations as demo-operator: [${idsOf(operatorAll.items)}], expected only its own [${ownOrg}]`);
for (const role of ['hq', 'surveyor', 'ceptoar']) {
	await list(creds[role], '', 403);
	await list(creds[role], 'sector=medical&limit=5', 403);
}

// One sector at a time.
const sectorCodes = (catalog?.sectors ?? []).map((s) => s.code);
for (const code of sectorCodes) {
	const want = orgs.filter((o) => (o.sectors ?? []).includes(code)).map((o) => o.id);
	const body = await list(creds.nco, `sector=${code}&limit=1000`);
	if (body && (body.total !== want.length || !sameIds(idsOf(body.items), want)))
		fail(`GET /api/v1/organisations?sector=${code} as demo-nco: [${idsOf(body.items)}], expected [${want}]`);
	const aud = await list(creds.auditor, `sector=${code}&limit=1000`);
	if (aud && body && !isDeepStrictEqual(aud, body))
		fail(`GET /api/v1/organisations?sector=${code}: the auditor and the NCO get different answers`);
	if (ministrySectors.has(code)) {
		const m = await list(creds.ministry, `sector=${code}&limit=1000`);
		const mwant = orgs.filter((o) => (o.sectors ?? []).includes(code) && ministryHolds(o, code))
			.map((o) => o.id);
		if (ministryPartial.has(code)) {
			if (m && (m.total !== mwant.length || !sameIds(idsOf(m.items), mwant)))
				fail(`GET /api/v1/organisations?sector=${code} as demo-ministry: [${idsOf(m.items)}], expected the assigned [${mwant}]`);
		} else if (m && body && !isDeepStrictEqual(m, body)) {
			fail(`GET /api/v1/organisations?sector=${code}: the ministry and the NCO get different answers`);
		}
	} else {
		await list(creds.ministry, `sector=${code}`, 404);
	}
}
const otherSector = sectorCodes.find((c) => !ministrySectors.has(c));
if (ministrySectors.size === 0 || !otherSector)
	fail('demo-ministry: expected some sectors of its own and some not');
// An operator may not filter, not even by its own sector.
const ownSectors = byId.get(ownOrg)?.sectors ?? [];
for (const code of [...ownSectors, otherSector])
	await list(creds.operator, `sector=${code}`, 404);
// An unknown sector is 404 for everyone, as on /sectors/{sector}/safety.
await list(creds.nco, 'sector=no-such-sector', 404);
await list(creds.nco, `sector=${'x'.repeat(24)}`, 404);

// Paging at the edges, and bad parameters.
const n = orgs.length;
for (const q of ['limit=1', `offset=${n - 1}&limit=1`, `offset=${n}`, 'offset=100000000&limit=1000',
		 'offset=3&limit=5'])
	await list(creds.nco, q);
for (const q of ['limit=0', 'limit=1001', 'limit=-1', 'limit=abc', 'limit=', 'limit=1.5', 'limit=%2B5',
		 'offset=-1', 'offset=100000001', 'offset=x', 'offset=', 'offset=1e3'])
	await list(creds.nco, q, 400);
await list(creds.operator, 'limit=0', 400);
await list(creds.ministry, 'offset=-1', 400);

// --- Coverage and safety standards ---------------------------------------------
// Four states, worst first; the first two are gaps. Class ①② government,
// ③ industry, ④ one operator's internal rules.
const COV = ['none', 'operators-only', 'industry', 'government'];
const GAP = new Set(['none', 'operators-only']);
const stateOfClass = (n) => (n <= 2 ? 3 : n === 3 ? 2 : 1);
const reqIds = reqs.map((r) => r.id);
const coverage = (await get('/api/v1/coverage', token, 200)).body;
for (const role of ROLES) {
	const { body } = await get('/api/v1/coverage', creds[role], 200);
	if (body && coverage && !isDeepStrictEqual(body, coverage))
		fail(`GET /api/v1/coverage: demo-${role} and the NCO's token get different answers`);
}
const covOf = new Map();	// sector -> { counts, requirements }
const revisedOf = new Map();	// requirement -> { new, changed }
const seenStates = new Set();
if (coverage) {
	if (coverage.version !== catalog?.version)
		fail(`GET /api/v1/coverage: version ${JSON.stringify(coverage.version)}, the catalog's is ${JSON.stringify(catalog?.version)}`);
	const codes = (coverage.sectors ?? []).map((s) => s.code);
	if (!isDeepStrictEqual(codes, sectorCodes))
		fail(`GET /api/v1/coverage: sectors [${codes}], not the catalog's [${sectorCodes}]`);
	for (const s of coverage.sectors ?? []) {
		covOf.set(s.code, s);
		if (!isDeepStrictEqual(Object.keys(s.requirements ?? {}), reqIds))
			fail(`GET /api/v1/coverage: sector ${s.code}: the requirements are not the catalog's, in its order`);
		const tally = Object.fromEntries(COV.map((c) => [c, 0]));
		const partial = Object.fromEntries(COV.slice(1).map((c) => [c, 0]));
		let gaps = 0;
		for (const [id, v] of Object.entries(s.requirements ?? {})) {
			if (!COV.includes(v?.state)) {
				fail(`GET /api/v1/coverage: sector ${s.code} ${id}: state ${JSON.stringify(v?.state)}`);
				continue;
			}
			seenStates.add(v.state);
			tally[v.state]++;
			gaps += GAP.has(v.state);
			if (v.gap !== GAP.has(v.state))
				fail(`GET /api/v1/coverage: sector ${s.code} ${id}: gap ${v.gap} for ${v.state}`);
			if ((v.state === 'none') !== (v.extent === null) ||
			    (v.extent !== null && !['full', 'partial'].includes(v.extent)))
				fail(`GET /api/v1/coverage: sector ${s.code} ${id}: extent ${JSON.stringify(v.extent)} for ${v.state}`);
			if (v.extent === 'partial')
				partial[v.state]++;
			if (!Number.isInteger(v.operators) || v.operators < 0 ||
			    (v.state === 'operators-only' && v.operators < 1))
				fail(`GET /api/v1/coverage: sector ${s.code} ${id}: operators ${JSON.stringify(v.operators)} for ${v.state}`);
		}
		if (!isDeepStrictEqual({ ...tally, gaps, partial }, s.counts))
			fail(`GET /api/v1/coverage: sector ${s.code}: counts ${JSON.stringify(s.counts)}, the requirements give ${JSON.stringify({ ...tally, gaps, partial })}`);
	}
	const revised = (coverage.revised_requirements ?? []).map((r) => r.id);
	if (!isDeepStrictEqual(revised, reqIds.filter((id) => revised.includes(id))) ||
	    new Set(revised).size !== revised.length)
		fail(`GET /api/v1/coverage: revised_requirements [${revised}] are not distinct catalog requirements in catalog order`);
	for (const r of coverage.revised_requirements ?? [])
		revisedOf.set(r.id, r);
	// The demo shows every state somewhere.
	for (const c of COV)
		if (!seenStates.has(c))
			fail(`GET /api/v1/coverage: no cell is ${c} in the demo`);
}

// May demo-ROLE see class ④ document D of SECTOR in full? NCO, auditors,
// the sector's ministry and the operator whose rules they are.
// A ministry sees an operator's internal rules where it may see the operator:
// in a sector it holds whole, or in one it holds in part if assigned to it.
const orgById = new Map(orgs.map((o) => [o.id, o]));
const seesRules = (role, sector, d) => role === 'nco' || role === 'auditor' ||
	(role === 'ministry' && ministryHolds(orgById.get(d.organisation?.id) ?? {}, sector)) ||
	(role === 'operator' && d.organisation?.id === ownOrg);
// BODY as demo-ROLE should see it, from the NCO's REF.
const scoped = (ref, role, sector) => {
	const documents = ref.documents.filter((d) => d.class !== 4 || seesRules(role, sector, d));
	return { ...ref, documents,
		internal_rules_not_shown: ref.documents.length - documents.length };
};

const classes = new Set((catalog?.safety_classes ?? []).map((c) => c.n));
const seenDocs = new Set(), seenClauses = new Set();
let ndocs = 0, nrules = 0;
for (const code of sectorCodes) {
	const path = `/api/v1/sectors/${code}/safety`;
	const { body } = await get(path, token, 200);
	if (!body)
		continue;
	const where = `GET ${path}`;
	if (body.sector !== code || body.version !== catalog?.version)
		fail(`${where}: sector/version ${body.sector}/${body.version}`);
	if (body.internal_rules_not_shown !== 0)
		fail(`${where}: the NCO is not shown ${body.internal_rules_not_shown} internal rules`);
	const cov = covOf.get(code);
	if (cov && !isDeepStrictEqual(body.counts, cov.counts))
		fail(`${where}: counts ${JSON.stringify(body.counts)}, /api/v1/coverage says ${JSON.stringify(cov.counts)}`);
	if (cov) {
		const gaps = reqIds.filter((id) => GAP.has(cov.requirements[id]?.state))
			.map((id) => ({ id, coverage: cov.requirements[id].state,
				operators: cov.requirements[id].operators,
				new: revisedOf.get(id)?.new ?? false, changed: revisedOf.get(id)?.changed ?? false }));
		if (!isDeepStrictEqual(body.gaps, gaps))
			fail(`${where}: gaps are not the none and operators-only requirements of /api/v1/coverage`);
	}
	// Internal rules only to those who may see them; the rest count them only.
	for (const role of ['hq', 'ceptoar', 'ministry', 'operator', 'auditor']) {
		const r = (await get(path, creds[role], 200)).body;
		if (r && !isDeepStrictEqual(r, scoped(body, role, code)))
			fail(`${where}: demo-${role} sees other than the documents it may (internal rules of operators)`);
	}
	// The coverage again, from the documents the NCO sees (all of them): the
	// demo database has one standard version, so every mapping is to a
	// requirement of the catalog.
	const derived = Object.fromEntries(reqIds.map((id) => [id, 0]));
	const full = Object.fromEntries(reqIds.map((id) => [id, 0]));
	const ops = Object.fromEntries(reqIds.map((id) => [id, new Set()]));
	let lastClass = 0;
	for (const d of body.documents ?? []) {
		ndocs++;
		if (seenDocs.has(d.id))
			fail(`${where}: document ${d.id} appears twice`);
		seenDocs.add(d.id);
		if (!classes.has(d.class))
			fail(`${where}: document ${d.id} has class ${d.class}, not one of the catalog's safety classes`);
		if (d.class < lastClass)
			fail(`${where}: documents not ordered by class`);
		lastClass = d.class;
		if (d.class === 4) {
			nrules++;
			if (!Number.isInteger(d.organisation?.id) || typeof d.organisation?.name_ja !== 'string')
				fail(`${where}: internal rules ${d.id} name no operator`);
		} else if ('organisation' in d) {
			fail(`${where}: document ${d.id} of class ${d.class} names an operator`);
		}
		let lastId = null;
		for (const c of d.clauses ?? []) {
			if (seenClauses.has(c.id))
				fail(`${where}: clause ${c.id} appears twice`);
			seenClauses.add(c.id);
			// Clauses come in the order they were entered (the document's order).
			if (lastId !== null && lastId >= c.id)
				fail(`${where}: document ${d.id}: clauses not in entry order (${lastId}, ${c.id})`);
			lastId = c.id;
			const covered = (c.covers ?? []).map((x) => x.requirement);
			if (new Set(covered).size !== covered.length)
				fail(`${where}: clause ${c.id} covers a requirement twice`);
			for (const x of c.covers ?? []) {
				if (!(x.requirement in derived)) {
					fail(`${where}: clause ${c.id} covers ${x.requirement}, not a requirement of the catalog`);
					continue;
				}
				const state = stateOfClass(d.class);
				derived[x.requirement] = Math.max(derived[x.requirement], state);
				if (x.extent === 'full')
					full[x.requirement] = Math.max(full[x.requirement], state);
				if (d.class === 4)
					ops[x.requirement].add(d.organisation?.id);
			}
		}
	}
	if (cov)
		for (const id of reqIds) {
			const want = { state: COV[derived[id]], gap: derived[id] <= 1,
				extent: derived[id] === 0 ? null : full[id] < derived[id] ? 'partial' : 'full',
				operators: ops[id].size };
			if (!isDeepStrictEqual(want, cov.requirements[id])) {
				fail(`${where}: ${id} is ${JSON.stringify(cov.requirements[id])} in /api/v1/coverage but ${JSON.stringify(want)} by the clauses`);
				break;
			}
		}
}
if (ndocs === 0)
	fail('no safety-standard documents: was the database filled by kijun demo?');
if (nrules === 0)
	fail('no internal rules (class 4) in the demo');
// Every role reads every sector, a ministry's other sectors too, each
// seeing the internal rules it may.
if (otherSector) {
	const path = `/api/v1/sectors/${otherSector}/safety`;
	const ref = (await get(path, token, 200)).body;
	for (const role of ROLES) {
		const { body } = await get(path, creds[role], 200);
		if (body && ref && !isDeepStrictEqual(body, scoped(ref, role, otherSector)))
			fail(`GET ${path}: demo-${role} does not get the NCO's answer less the internal rules it may not see`);
	}
}
for (const bad of ['no-such', 'Medical', 'MEDICAL', 'x'.repeat(40), '1'])
	await get(`/api/v1/sectors/${bad}/safety`, creds.nco, 404);
await get('/api/v1/sectors/no-such/safety', creds.operator, 404);
await get('/api/v1/sectors/no-such/safety', { name: 'demo-nco (cookie, English)',
	headers: { cookie: `${creds.nco.headers.cookie}; kijun_lang=en` } }, 404);

// Survey campaigns: the list, one campaign and its progress, for whoever
// follows them; 403 for the roles without survey.read, 404 for a campaign
// out of reach (the surveyor: not its own) or absent. The progress agrees
// with the list's totals; a ministry sees its sectors only.
{
	const list = (await get('/api/v1/surveys', creds.nco, 200)).body;
	const first = list?.surveys?.[0];
	if (!first)
		fail('GET /api/v1/surveys as demo-nco: no campaign in the demo');
	const id = first?.id ?? 1;
	for (const path of ['/api/v1/surveys', `/api/v1/surveys/${id}`, `/api/v1/surveys/${id}/progress`]) {
		await get(path, anon, 401);
		for (const role of ['operator', 'hq', 'ceptoar'])
			await get(path, creds[role], 403);
	}
	await get('/api/v1/surveys', creds.surveyor, 200);
	await get('/api/v1/surveys', creds.ministry, 200);
	await get('/api/v1/surveys', creds.auditor, 200);
	const one = (await get(`/api/v1/surveys/${id}`, token, 200)).body;
	if (one && first && !isDeepStrictEqual(one.totals, first.totals))
		fail(`GET /api/v1/surveys/${id}: totals differ from the list's`);
	const prog = (await get(`/api/v1/surveys/${id}/progress`, creds.auditor, 200)).body;
	if (prog && first && !isDeepStrictEqual(prog.totals, first.totals))
		fail(`GET /api/v1/surveys/${id}/progress: totals differ from the list's`);
	const mine = (await get(`/api/v1/surveys/${id}/progress`, creds.ministry, 200)).body;
	if (mine && !Array.isArray(mine.scope))
		fail(`GET /api/v1/surveys/${id}/progress as demo-ministry: scope is not its sectors`);
	for (const path of [`/api/v1/surveys/${id}`, `/api/v1/surveys/${id}/progress`])
		await get(path, creds.surveyor, 404);
	for (const bad of ['99999999', '0', 'x', '01'])
		for (const path of [`/api/v1/surveys/${bad}`, `/api/v1/surveys/${bad}/progress`])
			await get(path, creds.nco, 404);
}

// Survey responses (issue 12): the demo operator's response to the demo's
// open survey, read by its operator and its reviewers, not by the others;
// answered whole and submitted through the API (after a return by the NCO if
// the demo had submitted it), then its versions read back.
{
	const opCred = creds.operator;
	const org = (await get(`/api/v1/organisations/${me.operator?.organisation_id}`, opCred, 200)).body;
	const corp = org?.corporate_number;
	let path = null, resp = null;
	for (let id = 1; id <= 10 && !path && corp; id++) {
		// the open survey (the demo's years before are closed)
		if ((await get(`/api/v1/surveys/${id}`, creds.nco)).body?.status !== 'open')
			continue;
		const r = await get(`/api/v1/surveys/${id}/responses/${corp}`, creds.nco);
		if (r.status === 200 && r.body?.status !== undefined) {
			path = `/api/v1/surveys/${id}/responses/${corp}`;
			resp = r.body;
		}
	}
	if (!path) {
		fail('no survey of the demo asks the demo operator: no response to check');
	} else {
		await get(path, anon, 401);
		await get(path, opCred, 200);
		await get(path, creds.auditor, 200);
		await get(path, creds.hq, 404);
		await get(path, creds.ceptoar, 404);
		await get(path.replace(corp, '123'), opCred, 404);
		await get(`${path}/versions`, anon, 401);
		await get(`${path}/versions`, creds.hq, 404);
		await get(`${path}/versions/1000000`, opCred, 404);
		await get(`${path}/versions/1`, anon, 401);
		const post = async (cred, tail, body) => {
			const csrf = hidden(await (await fetch(`${base}/account`, { headers: cred.headers })).text(), 'csrf');
			const r = await fetch(`${base}${path}${tail}`, { method: 'POST', redirect: 'manual',
				headers: { ...cred.headers, 'content-type': 'application/json', 'x-csrf-token': csrf },
				body: JSON.stringify(body) });
			nrequests++;
			return { status: r.status, body: await r.json().catch(() => undefined) };
		};
		if (resp.status === 'submitted') {
			const r = await post(creds.nco, '/return', { message: 'API の試験のため差し戻します' });
			if (r.status !== 200)
				fail(`POST ${path}/return as demo-nco: ${r.status} ${JSON.stringify(r.body)}`);
		}
		resp = (await get(path, opCred, 200)).body;
		const items = (resp?.items ?? []).map((it) => ({ item: it.item, confirm: true,
			...(it.item.startsWith('Q') ? { value: 'はい' } : { level: '3' }) }));
		let r = await post(opCred, '/answers', { revision: resp?.revision ?? 0, items,
							 reason: 'API の試験' });
		if (r.status !== 200)
			fail(`POST ${path}/answers: ${r.status} ${JSON.stringify(r.body)?.slice(0, 300)}`);
		r = await post(opCred, '/submit', { revision: r.body?.revision ?? 0,
			attestation: { name: '事業 一郎', title: '責任者', date: '2026-12-04' } });
		if (r.status !== 201 || !/^[0-9a-f]{64}$/.test(r.body?.receipt?.digest ?? ''))
			fail(`POST ${path}/submit: ${r.status} ${JSON.stringify(r.body)?.slice(0, 300)}`);
		const n = r.body?.receipt?.version ?? 1;
		const versions = (await get(`${path}/versions`, opCred, 200)).body?.versions ?? [];
		if (!versions.some((v) => v.receipt.number === r.body?.receipt?.number))
			fail(`GET ${path}/versions: the receipt of the submit is not listed`);
		await get(`${path}/versions`, creds.nco, 200);
		await get(`${path}/versions/${n}`, opCred, 200);
		await get(`${path}/versions/${n}`, creds.auditor, 200);
	}
}

// A campaign's own questions: read by who reads the campaign (403 for the
// roles without survey.read, 404 out of reach or absent). The demo's
// campaign is open, so its list is frozen.
{
	const path = '/api/v1/surveys/1/questions';
	const q = (await get(path, creds.nco, 200)).body;
	if (q && (q.survey !== 1 || q.frozen !== (q.status !== 'draft')))
		fail(`GET ${path}: survey or frozen wrong: ${JSON.stringify(q).slice(0, 200)}`);
	await get(path, creds.ministry, 200);
	await get(path, creds.auditor, 200);
	await get(path, anon, 401);
	for (const role of ['operator', 'hq', 'ceptoar'])
		await get(path, creds[role], 403);
	await get(path, creds.surveyor, 404);
	await get('/api/v1/surveys/99999999/questions', creds.nco, 404);
}

// The analysis views (issue 13): every role; a bad or missing year 400, a
// year without a survey, an unknown sector or requirement 404. The demo's
// survey of the current fiscal year is the first in the surveys' list.
{
	const fy = (await get('/api/v1/surveys', creds.nco, 200)).body?.surveys
		?.map((x) => x.fiscal_year).sort().pop();
	const views = [`/api/v1/analysis/national?fy=${fy}`, `/api/v1/analysis/sectors/medical?fy=${fy}`,
		       `/api/v1/analysis/requirements/3.2.1-1?fy=${fy}`];
	for (const path of views) {
		// A CEPTOAR reads published snapshots only, never the live views.
		for (const role of ROLES)
			await get(path, creds[role], role === 'ceptoar' ? 404 : 200);
		await get(path, anon, 401);
		await get(path.replace(/fy=.*/, 'fy=x'), creds.nco, 400);
		await get(path.replace(/fy=.*/, 'fy=2099'), creds.operator, 404);
	}
	await get('/api/v1/analysis/national', creds.hq, 400);
	await get(`/api/v1/analysis/sectors/nope?fy=${fy}`, creds.nco, 404);
	await get(`/api/v1/analysis/requirements/9.9-9?fy=${fy}`, creds.ceptoar, 404);
}

// An operator's benchmark (issue 13): its own users, its ministry, the NCO
// and auditors; the other roles 403; a bad id or year 400; an organisation
// that is not there, or a sector not its own, 404.
{
	const fy = (await get('/api/v1/surveys', creds.nco, 200)).body?.surveys
		?.map((x) => x.fiscal_year).sort().pop();
	const path = `/api/v1/analysis/operators/${ownOrg}?fy=${fy}`;
	for (const role of ['nco', 'ministry', 'operator', 'auditor'])
		await get(path, creds[role], 200);
	for (const role of ['hq', 'surveyor', 'ceptoar'])
		await get(path, creds[role], 403);
	await get(path, anon, 401);
	await get(`/api/v1/analysis/operators/${ownOrg}?fy=x`, creds.operator, 400);
	await get(`/api/v1/analysis/operators/x?fy=${fy}`, creds.nco, 400);
	await get(`/api/v1/analysis/operators/99999999?fy=${fy}`, creds.nco, 404);
	await get(`${path}&sector=no-such`, creds.operator, 404);
}

// Implementation plans (issue 14): the NCO and auditors read every plan, the
// ministry its own ministry's (another's 403), HQ the reported ones (the demo's
// current year has none yet); operators, CEPTOARs and surveyors hold no plan.read.
{
	const all = (await get('/api/v1/plans', creds.nco, 200)).body?.plans ?? [];
	const mine = (await get('/api/v1/plans', creds.ministry, 200)).body?.plans ?? [];
	await get('/api/v1/plans', creds.hq, 200);
	await get('/api/v1/plans?fy=2026', creds.auditor, 200);
	await get('/api/v1/plans?fy=x', creds.nco, 400);
	await get('/api/v1/plans', anon, 401);
	for (const role of ['operator', 'ceptoar', 'surveyor'])
		await get('/api/v1/plans', creds[role], 403);
	const other = all.find((p) => !mine.some((m) => m.id === p.id));
	if (!mine.length || !other) {
		fail('GET /api/v1/plans: the demo should give the ministry plans of its own, and others');
	} else {
		await get(`/api/v1/plans/${mine[0].id}`, creds.ministry, 200);
		await get(`/api/v1/plans/${mine[0].id}`, creds.auditor, 200);
		await get(`/api/v1/plans/${other.id}`, creds.ministry, 403);
		await get(`/api/v1/plans/${mine[0].id}`, anon, 401);
	}
	await get('/api/v1/plans/99999999', creds.nco, 404);
}

// Published snapshots of the analysis (issue 13): the medical ministry
// publishes its sector from the sector page; every role lists what it may
// read; the CEPTOAR reads the snapshot, the ministry with its log; a
// snapshot not there for the reader, or not at all, is 404.
{
	const fy = (await get('/api/v1/surveys', creds.nco, 200)).body?.surveys
		?.map((x) => x.fiscal_year).sort().pop();
	const min = await signIn('demo-ministry');
	let res = await fetch(`${base}/analysis/sectors/medical?fy=${fy}`, { headers: min.headers });
	const csrf = hidden(await res.text(), 'csrf');
	res = await fetch(`${base}/analysis/sectors/medical/publish`, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...min.headers, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ csrf, fy: String(fy) }).toString(),
	});
	await res.arrayBuffer();
	const id = /\/analysis\/published\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1];
	if (res.status !== 303 || !id)
		fail(`POST /analysis/sectors/medical/publish as demo-ministry: ${res.status}, no snapshot`);
	for (const role of ROLES)
		await get('/api/v1/analysis/published', creds[role], 200);
	await get('/api/v1/analysis/published', anon, 401);
	const one = `/api/v1/analysis/published/${id}`;
	const cep = (await get(one, creds.ceptoar, 200)).body;
	if (cep && cep.suppressions !== undefined)
		fail(`GET ${one} as the CEPTOAR: the suppression log is shown`);
	const full = (await get(one, creds.ministry, 200)).body;
	if (full && full.suppressions?.length !== full.suppressed)
		fail(`GET ${one} as the ministry: ${full.suppressions?.length} log rows for ${full.suppressed}`);
	await get(one, anon, 401);
	await get(one, creds.hq, 404);
	await get('/api/v1/analysis/published/99999999', creds.nco, 404);
	await get('/api/v1/analysis/published/x', creds.nco, 404);
}

// Self-reported against verified (issue 15): every role, nationally and per
// sector, for the demo's year of visits (the year before the latest) and the
// latest (no visits: empty figures); a bad year 400, an unknown sector 404.
{
	const fy = (await get('/api/v1/surveys', creds.nco, 200)).body?.surveys
		?.map((x) => x.fiscal_year).sort().pop();
	for (const y of [fy - 1, fy])
		for (const path of [`/api/v1/analysis/verified?fy=${y}`,
				    `/api/v1/analysis/verified/medical?fy=${y}`])
			for (const role of ROLES)
				await get(path, creds[role], 200);
	await get(`/api/v1/analysis/verified?fy=${fy}`, anon, 401);
	await get(`/api/v1/analysis/verified/medical?fy=${fy}`, anon, 401);
	await get('/api/v1/analysis/verified?fy=x', creds.nco, 400);
	await get('/api/v1/analysis/verified/medical?fy=x', creds.operator, 400);
	await get(`/api/v1/analysis/verified/nope?fy=${fy}`, creds.nco, 404);
}

// The annual report (issue 14): the NCO freezes the figures of the latest
// survey's year from /reports; the NCO, HQ and auditors list the snapshots,
// the other roles are refused.
{
	const fy = (await get('/api/v1/surveys', creds.nco, 200)).body?.surveys
		?.map((x) => x.fiscal_year).sort().pop();
	const nco = await signIn('demo-nco');
	let res = await fetch(`${base}/reports`, { headers: nco.headers });
	const csrf = hidden(await res.text(), 'csrf');
	res = await fetch(`${base}/reports`, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...nco.headers, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ csrf, fy: String(fy) }).toString(),
	});
	await res.arrayBuffer();
	if (res.status !== 303)
		fail(`POST /reports as demo-nco: ${res.status}, nothing frozen`);
	for (const role of ['nco', 'hq', 'auditor']) {
		const list = (await get('/api/v1/reports', creds[role], 200)).body?.reports ?? [];
		if (!list.some((r) => r.fiscal_year === fy && r.downloads?.html?.startsWith('/reports/')))
			fail(`GET /api/v1/reports as ${role}: no snapshot of ${fy}`);
	}
	for (const role of ['ministry', 'operator', 'surveyor', 'ceptoar'])
		await get('/api/v1/reports', creds[role], 403);
	await get('/api/v1/reports', anon, 401);
}

// On-site surveys and their visits (issue 15): the demo's on-site survey of
// last year. HQ and CEPTOARs hold no onsite.read (403); an unknown one 404.
{
	const list = (await get('/api/v1/onsite', creds.nco, 200)).body?.surveys ?? [];
	if (!list.length)
		fail('GET /api/v1/onsite as demo-nco: the demo has no on-site survey');
	await get('/api/v1/onsite', anon, 401);
	await get('/api/v1/onsite', creds.hq, 403);
	await get('/api/v1/onsite', creds.auditor, 200);
	if (list.length) {
		const one = `/api/v1/onsite/${list[0].id}`;
		await get(one, creds.nco, 200);
		await get(one, anon, 401);
		await get(one, creds.ceptoar, 403);
	}
	await get('/api/v1/onsite/99999999', creds.nco, 404);
	await get('/api/v1/onsite/visits/1', creds.nco, 200);
	await get('/api/v1/onsite/visits/1', anon, 401);
	await get('/api/v1/onsite/visits/1', creds.hq, 403);
	await get('/api/v1/onsite/visits/99999999', creds.nco, 404);
}

// Evaluations and the PDCA board (issue 14): the demo's evaluations of the
// years already over. Operators, CEPTOARs and surveyors hold no eval.read.
{
	const evs = (await get('/api/v1/evaluations', creds.nco, 200)).body?.evaluations ?? [];
	if (!evs.length)
		fail('GET /api/v1/evaluations as demo-nco: the demo has no evaluation');
	await get('/api/v1/evaluations', creds.hq, 200);
	await get('/api/v1/evaluations', anon, 401);
	await get('/api/v1/evaluations', creds.operator, 403);
	await get('/api/v1/evaluations?fy=x', creds.nco, 400);
	if (evs.length) {
		const fy = evs[0].fiscal_year;
		await get(`/api/v1/evaluations/${evs[0].id}`, creds.nco, 200);
		await get(`/api/v1/evaluations/${evs[0].id}`, anon, 401);
		await get(`/api/v1/evaluations/${evs[0].id}`, creds.ceptoar, 403);
		for (const path of [`/api/v1/evaluations/recommendations?fy=${fy}`,
				    `/api/v1/pdca?fy=${fy}`]) {
			await get(path, creds.nco, 200);
			await get(path, creds.ministry, 200);
			await get(path, anon, 401);
			await get(path, creds.surveyor, 403);
			await get(path.replace(/fy=.*/, 'fy=x'), creds.nco, 400);
		}
	}
	await get('/api/v1/evaluations/99999999', creds.nco, 404);
}

// A visit's items of one function (issue 15, recording per function): a
// function the standard does not have is a bad parameter (400).
{
	const one = await get('/api/v1/onsite/visits/1?function=governance', creds.nco, 200);
	if ((one.body?.items ?? []).some((i) => i.function !== 'governance'))
		fail('GET /api/v1/onsite/visits/1?function=governance: an item of another function');
	await get('/api/v1/onsite/visits/1?function=nosuch', creds.nco, 400);
}

// Surveys of kind other (docs/other-surveys.md): check_live.sh made one to
// every ministry, open. Its owner (the NCO) reads it; demo-ministry (厚生労働省)
// its own response and not another ministry's; nobody else either.
{
	const id = process.env.KJ_OTHER_SURVEY;
	if (!id) {
		fail('KJ_OTHER_SURVEY: check_live.sh made no survey of kind other');
	} else {
		const one = `/api/v1/other-surveys/${id}`;
		const s = (await get(one, creds.nco, 200)).body;
		if (s?.survey?.respondent_kind !== 'ministry' || !(s?.counts?.respondents > 0))
			fail(`GET ${one}: not the survey to every ministry (${JSON.stringify(s?.counts)})`);
		await get(one, anon, 401);
		await get(one, creds.ministry, 403);
		await get('/api/v1/other-surveys/99999999', creds.nco, 404);
		const mine = `${one}/ministries/mhlw`;
		const r = (await get(mine, creds.ministry, 200)).body;
		if (r?.status !== 'not_started' || r?.items?.length !== 1)
			fail(`GET ${mine}: ${JSON.stringify(r)}`);
		await get(mine, creds.nco, 200);
		await get(mine, anon, 401);
		await get(mine, creds.auditor, 403);
		await get(`${one}/ministries/env`, creds.ministry, 403);
		await get('/api/v1/other-surveys/99999999/ministries/mhlw', creds.ministry, 404);
	}
}

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
