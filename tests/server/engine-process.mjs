// The engine front as a child process on a fixed port, so that a test can kill
// it as a crash would and start it again where its clients expect it. With a
// file-backed datastore, users and records survive the restart.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
const LISTENING = /^listening (ws:\/\/\S+)\n/;
/** Startup takes about a second on a loaded machine; this bounds a hung one. */
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/** A port nobody listens on right now: the kernel picks it and we let it go. */
export async function freePort(host = '127.0.0.1') {
  const probe = createServer();
  await new Promise((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, resolve);
  });
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

/** Resolves to the URL of the child's listening line; rejects if it exits or hangs first. */
function listeningUrl(child) {
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why) => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      reject(new Error(`engine process ${why}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`printed no listening line within ${START_TIMEOUT_MS} ms`);
    }, START_TIMEOUT_MS);
    const onExit = (code, signal) => fail(`exited (${signal ?? code}) before listening`);
    const onData = (chunk) => {
      out += chunk;
      const match = out.match(LISTENING);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      // Keep reading, so a chatty engine never blocks on a full pipe.
      child.stdout.resume();
      resolve(match[1]);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * `node server.mjs --port <port> --datastore <datastore> [--auth]` as a child
 * process. Its stdin is a pipe we never write to: if this process dies, the
 * pipe closes and the engine exits with it.
 */
export class EngineProcess {
  #args;
  #child = null;
  url = null;

  /** Starts the engine; resolves once it listens. */
  static async start({ port, datastore, auth = true }) {
    const engine = new EngineProcess(port, datastore, auth);
    await engine.start();
    return engine;
  }

  constructor(port, datastore, auth) {
    this.port = port;
    this.#args = [SERVER, '--port', String(port), '--datastore', datastore, ...(auth ? ['--auth'] : [])];
  }

  get running() {
    return this.#child !== null && !hasExited(this.#child);
  }

  /** Starts the engine (again) on the same port; resolves to the milliseconds until it listened. */
  async start() {
    if (this.running) throw new Error('the engine is already running');
    const started = Date.now();
    this.#child = spawn(process.execPath, this.#args, { stdio: ['pipe', 'pipe', 'inherit'] });
    this.url = await listeningUrl(this.#child);
    return Date.now() - started;
  }

  /** SIGKILL, as a crash; resolves once the process is gone (and its datastore lock with it). */
  async kill() {
    if (!this.running) return;
    const exited = once(this.#child, 'exit');
    this.#child.kill('SIGKILL');
    await exited;
  }

  /** Stops the engine cleanly (SIGTERM), or kills it if it does not exit in time. */
  async close() {
    if (!this.running) return;
    const exited = once(this.#child, 'exit');
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
