// Starts and stops a kijun server with demo data for the browser suite.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
 * dropped and created anew with psql. Its URI.
 */
function newPgDb(base) {
	const name = `kjt_${process.pid}_browser_${++pgDbs}`;
	execFileSync('psql', [base, '-Xq', '-v', 'ON_ERROR_STOP=1',
			      '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
			      '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe', timeout: 60_000 });
	const q = base.indexOf('?');
	const head = q < 0 ? base : base.slice(0, q);
	return `${head.slice(0, head.lastIndexOf('/'))}/${name}${q < 0 ? '' : base.slice(q)}`;
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
	run('init', '--db', db);
	run('demo', '--db', db, '--operators', String(operators), '--seed', String(seed),
	    '--years', String(years));

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
