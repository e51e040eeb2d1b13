// The Nu HTML Checker as one service for the browser suites of a ctest run.
//
//   node lib/vnu_service.mjs start DIR   start vnu's HTTP service (fixture
//                                        browser_vnu_start), its port and
//                                        process in DIR/service.json
//   node lib/vnu_service.mjs stop DIR    stop it and remove DIR
//                                        (fixture browser_vnu_stop)
//
// Started once per run, the Java VM and vnu's schemas (about 2.5 s of CPU
// before the first page) are loaded once instead of once per suite; each
// suite posts its pages to the service (KIJUN_VNU_SERVICE=DIR) and reads
// the same messages the command line gives (the same jar, errors only).
// Without the variable, or when the service's process is gone, a suite runs
// the command line as before (runVnu, lib/checks.mjs).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/* The options of every vnu run: C1 only (a run of a few seconds spends more
 * in the optimising compiler than it gains from it, half its CPU time; the
 * service validates a few hundred pages in a run, no more), the larger
 * stack vnu's frames need. */
export const VNU_JAVA_OPTS = ['-Xss4m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

const SERVLET = 'nu.validator.servlet.Main';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function readService(dir) {
	try {
		return JSON.parse(readFileSync(join(dir, 'service.json'), 'utf8'));
	} catch {
		return null;
	}
}

/* PID runs vnu's service (not another process that took its number). */
function isService(pid) {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(SERVLET);
	} catch {
		return false;
	}
}

async function stopService(dir) {
	const s = readService(dir);
	if (s && isService(s.pid)) {
		process.kill(s.pid, 'SIGTERM');
		for (let i = 0; i < 100 && isService(s.pid); i++)
			await sleep(100);
		if (isService(s.pid))
			process.kill(s.pid, 'SIGKILL');
	}
	rmSync(dir, { recursive: true, force: true });
}

/* Starts the service detached (it outlives this process) and returns at
 * once: the suites wait for it to answer when they first need it, minutes
 * later (a service that died by then, say on a port taken meanwhile, leaves
 * them to the command line). What an aborted run left in DIR is stopped
 * first. */
async function startService(dir, jar) {
	await stopService(dir);
	mkdirSync(dir, { recursive: true });
	const { freePort } = await import('./server.mjs');
	const port = await freePort();
	const log = openSync(join(dir, 'vnu.log'), 'a');
	// Local only; a page up to 64 MB (the service's default limit is 2 MB, the command line has none).
	const child = spawn('java', [...VNU_JAVA_OPTS, '-Dnu.validator.servlet.bind-address=127.0.0.1',
				     '-Dnu.validator.servlet.max-file-size=67108864',
				     '-cp', jar, SERVLET, String(port)],
			    { detached: true, stdio: ['ignore', log, log] });
	closeSync(log);
	const failed = await new Promise((resolve) => {
		child.on('error', (e) => resolve(e.message));
		child.on('exit', (code, signal) => resolve(`exit ${code ?? signal}`));
		setTimeout(() => resolve(null), 1000);
	});
	if (failed)
		throw new Error(`vnu's service did not start (${failed}):\n${readFileSync(join(dir, 'vnu.log'), 'utf8')}`);
	child.unref();
	writeFileSync(join(dir, 'service.json'), JSON.stringify({ pid: child.pid, port }));
}

/**
 * The messages of vnu's service in DIR for FILES (errors only, each with
 * the file's URL as the command line gives it), or null if there is no
 * service there (none started, or its process gone).
 */
export async function serviceMessages(dir, files) {
	const s = readService(dir);
	if (!s)
		return null;
	const url = `http://127.0.0.1:${s.port}/?out=json&level=error`;
	const deadline = Date.now() + 180_000;	// its start, under load
	const messages = [];
	for (const file of files) {
		let body;
		for (;;) {
			try {
				const r = await fetch(url, { method: 'POST', body: readFileSync(file),
							     headers: { 'Content-Type': 'text/html; charset=utf-8' } });
				if (r.status !== 200)
					throw new Error(`vnu's service: HTTP ${r.status} for ${file}`);
				body = await r.json();
				break;
			} catch (e) {
				if (!isService(s.pid))
					return null;
				if (Date.now() > deadline || e.message.startsWith("vnu's service"))
					throw e;
				await sleep(250);	// not listening yet
			}
		}
		const href = pathToFileURL(file).href;
		for (const m of body.messages ?? [])
			messages.push({ ...m, url: href });
	}
	return messages;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const [cmd, dir] = process.argv.slice(2);
	if (!['start', 'stop'].includes(cmd) || !dir) {
		console.error('usage: vnu_service.mjs start|stop DIR');
		process.exit(2);
	}
	if (cmd === 'stop') {
		await stopService(dir);
	} else {
		const { createRequire } = await import('node:module');
		const { dirname, resolve } = await import('node:path');
		const { fileURLToPath } = await import('node:url');
		const tests = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
		const jar = join(dirname(createRequire(join(tests, 'package.json')).resolve('vnu-jar/package.json')),
				 'build', 'dist', 'vnu.jar');
		if (!existsSync(jar))
			throw new Error(`${jar} not found (npm ci in tests/)`);
		await startService(dir, jar);
	}
}
