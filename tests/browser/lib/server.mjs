// Starts and stops a kijun server with demo data for the browser suite.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, renameSync,
	 rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

let pgDbs = 0;
/**
 * A fresh database on the PostgreSQL test cluster whose base conninfo (a
 * URI) is BASE (KIJUN_TEST_PG, tests/pg/cluster.sh): kjt_<pid>_browser_<n>,
 * dropped and created anew with psql, with STRATEGY FILE_COPY as in
 * tests/pg/test_db.c (the template's files copied as they are, not written
 * block by block through the WAL). Its URI.
 */
function newPgDb(base) {
	const name = `kjt_${process.pid}_browser_${++pgDbs}`;
	execFileSync('psql', [base, '-Xq', '-v', 'ON_ERROR_STOP=1',
			      '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
			      '-c', `CREATE DATABASE ${name} STRATEGY FILE_COPY`], { stdio: 'pipe', timeout: 60_000 });
	const q = base.indexOf('?');
	const head = q < 0 ? base : base.slice(0, q);
	return `${head.slice(0, head.lastIndexOf('/'))}/${name}${q < 0 ? '' : base.slice(q)}`;
}

/*
 * The demo databases of one ctest run (KIJUN_DEMO_CACHE, a folder emptied at
 * the start of each run by the browser_axe_cache_reset fixture): `kijun init`
 * and `kijun demo` run once per binary and demo options, and every other
 * suite asking for the same starts from a copy of that file (SQLite only; a
 * suite's writes go to its own copy). The key names the binary by path, size
 * and time, so that a rebuilt binary makes its own.
 */
function demoFile(bin, opts) {
	const dir = process.env.KIJUN_DEMO_CACHE;
	if (!dir)
		return null;
	const b = statSync(bin);
	const key = createHash('sha256').update(JSON.stringify([resolve(bin), b.size, b.mtimeMs,
		opts.operators, opts.seed, opts.years])).digest('hex').slice(0, 32);
	return { dir, file: join(dir, `demo-${key}.db`) };
}

/** Copies the kept demo database for OPTS to DB; false if there is none. */
function demoCopy(bin, db, opts) {
	const d = demoFile(bin, opts);
	if (!d || !existsSync(d.file))
		return false;
	copyFileSync(d.file, db);
	return true;
}

/** Keeps DB, just made by `kijun demo` and not yet served, for the next suites. */
function demoKeep(bin, db, opts) {
	const d = demoFile(bin, opts);
	if (!d || existsSync(`${db}-wal`))	// not one self-contained file: not kept
		return;
	mkdirSync(d.dir, { recursive: true });
	const tmp = join(d.dir, `.demo.${process.pid}.${randomBytes(6).toString('hex')}`);
	copyFileSync(db, tmp);
	renameSync(tmp, d.file);	// atomic: suites of the same run race for it
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates a temp dir, `kijun init` + `kijun demo` a database in it, and
 * starts `kijun serve` on a free port. Resolves once /signin answers 200.
 */
export async function startServer(bin, { operators = 200, seed = 1, years = 2 } = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'kijun-browser-'));
	const db = process.env.KIJUN_TEST_PG ? newPgDb(process.env.KIJUN_TEST_PG)
					     : join(dir, 'kijun.db');
	const run = (...args) => execFileSync(bin, args, { cwd: dir, stdio: 'pipe', timeout: 120_000 });
	const made = process.env.KIJUN_TEST_PG ? null : demoCopy(bin, db, { operators, seed, years });
	if (!made) {
		run('init', '--db', db);
		run('demo', '--db', db, '--operators', String(operators), '--seed', String(seed),
		    '--years', String(years));
		if (!process.env.KIJUN_TEST_PG)
			demoKeep(bin, db, { operators, seed, years });
	}

	const port = await freePort();
	const logPath = join(dir, 'serve.log');
	const log = openSync(logPath, 'a');
	const child = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
				  '--demo-banner', '--quiet'],
			    { cwd: dir, stdio: ['ignore', log, log] });
	closeSync(log);
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => resolve({ code, signal }));
	});
	let exit = null;
	exited.then((e) => { exit = e; });

	const base = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (exit)
			throw new Error(`kijun serve exited early (${JSON.stringify(exit)}):\n${readFileSync(logPath, 'utf8')}`);
		try {
			const r = await fetch(`${base}/signin`, { redirect: 'manual' });
			await r.arrayBuffer();
			if (r.status === 200)
				break;
		} catch { /* not listening yet */ }
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`kijun serve did not answer /signin within 60 s:\n${readFileSync(logPath, 'utf8')}`);
		}
		await sleep(100);
	}

	return {
		base, dir, db, logPath, pid: child.pid,
		log: () => readFileSync(logPath, 'utf8'),
		/** SIGTERM, then waits for the exit; returns { code, signal }. */
		async stop(timeoutMs = 30_000) {
			if (!exit)
				child.kill('SIGTERM');
			const t = setTimeout(() => { if (!exit) child.kill('SIGKILL'); }, timeoutMs);
			const e = await exited;
			clearTimeout(t);
			return e;
		},
		running: () => !exit,
		cleanup() {
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
