// The processes of a bench run: the two servers, and one client process per
// cell run (so each client's CPU and memory are its own).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Starts a server that prints `listening ws://...` once ready and exits when
 * its stdin closes (tests/server/server.mjs and surrealcaf_bench_server both
 * do). Resolves to {url, stop}.
 */
export function startServer(command, args, what) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`${what}: no listening line within 20 s`)), 20000);
    function fail(err) {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(err);
    }
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`${what} exited (${code}) before listening`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (ws:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout.resume();
      const stop = () => new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.stdin.end();
        setTimeout(() => child.kill('SIGTERM'), 3000).unref();
      });
      resolve({ url: match[1], stop, pid: child.pid });
    });
  });
}

/**
 * Runs one process to its end, killing it (by its own pid) after
 * `timeoutMs`. Resolves to {code, stdout, stderr, ms}.
 */
export function runProcess(command, args, timeoutMs) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('error', (err) => { stderr += String(err); });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 'timeout' : code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** The last line of `stdout` that parses as a JSON object, or null. */
export function lastJsonLine(stdout) {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const x = JSON.parse(line);
      if (x && typeof x === 'object') return x;
    } catch { /* not JSON */ }
  }
  return null;
}

/**
 * CPU seconds (user + system) a process has used so far, from
 * /proc/<pid>/stat; null when it cannot be read. Linux counts in ticks of
 * 1/100 s (USER_HZ).
 */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
