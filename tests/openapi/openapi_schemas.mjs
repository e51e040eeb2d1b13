// Shared by check_openapi.mjs and check_live.mjs: the schemas of an OpenAPI
// 3.1 document compiled with ajv (JSON Schema 2020-12, strict mode, formats),
// and the lookups from an operation to the schema and examples of a response.
//
// ajv cannot take the whole OpenAPI document as a schema ("openapi", "paths"
// and "components" are not keywords in strict mode), so components.schemas
// become the $defs of one schema and their "#/components/schemas/X"
// references are rewritten to point there.

const ROOT = 'https://kijun.invalid/openapi/schemas';
const SCHEMA_REF = '#/components/schemas/';

// A copy of NODE with every schema reference made absolute into ROOT.
function rewriteRefs(node) {
	if (Array.isArray(node))
		return node.map(rewriteRefs);
	if (node && typeof node === 'object') {
		const out = {};
		for (const [k, v] of Object.entries(node)) {
			if (k === '$ref' && typeof v === 'string' && v.startsWith(SCHEMA_REF))
				out[k] = `${ROOT}#/$defs/${v.slice(SCHEMA_REF.length)}`;
			else
				out[k] = rewriteRefs(v);
		}
		return out;
	}
	return node;
}

// The object at a local JSON pointer ("#/components/responses/X") of DOC.
export function pointer(doc, ref) {
	if (typeof ref !== 'string' || !ref.startsWith('#/'))
		throw new Error(`only local references are supported, not ${JSON.stringify(ref)}`);
	let node = doc;
	for (const raw of ref.slice(2).split('/')) {
		const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		if (!node || typeof node !== 'object' || !(key in node))
			throw new Error(`${ref}: no such object in the document`);
		node = node[key];
	}
	return node;
}

// Follows the $ref of a non-schema object (response, example, parameter).
export function deref(doc, obj) {
	for (let i = 0; obj && typeof obj === 'object' && obj.$ref && i < 16; i++)
		obj = pointer(doc, obj.$ref);
	return obj;
}

export function makeValidator(require, doc) {
	const ajvModule = require('ajv/dist/2020');
	const Ajv2020 = ajvModule.default ?? ajvModule;
	const formatsModule = require('ajv-formats');
	const addFormats = formatsModule.default ?? formatsModule;
	const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
	addFormats(ajv);
	ajv.addSchema({ $id: ROOT, $defs: rewriteRefs(doc.components?.schemas ?? {}) });
	// Compile the $defs now so a bad schema is reported as such.
	ajv.getSchema(ROOT);
	const cache = new Map();
	return {
		// A validating function for SCHEMA (a schema object of the document).
		compile(schema) {
			const key = JSON.stringify(schema);
			if (!cache.has(key))
				cache.set(key, ajv.compile(rewriteRefs(schema)));
			return cache.get(key);
		},
		// The errors of a failed validation, one a line.
		explain(validate, limit = 10) {
			return (validate.errors ?? []).slice(0, limit).map((e) =>
				`${e.instancePath || '(root)'} ${e.message}` +
				(e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''));
		},
	};
}

// The application/json schema of response STATUS of operation OP, or
// undefined when the operation does not document that status.
export function responseSchema(doc, op, status) {
	const resp = deref(doc, op?.responses?.[String(status)]);
	if (!resp)
		return undefined;
	const media = resp.content?.['application/json'];
	return media ? (media.schema ?? {}) : null;
}

// Every operation of the document: { path, method, op }.
export function operations(doc) {
	const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
	const out = [];
	for (const [path, item] of Object.entries(doc.paths ?? {}))
		for (const m of methods)
			if (item?.[m])
				out.push({ path, method: m, op: item[m] });
	return out;
}
