#!/usr/bin/env node
// Runs one command with the fault proxy between it and an engine:
//
//   node with-fault-proxy.mjs [--engine] [--drop-after MS] <command> [args...]
//
// The command gets SURREALCAF_URL (the proxy's ws:// URL), SURREALCAF_PROXY
// (its control API, http://127.0.0.1:<port>/control) and SURREALCAF_ENGINE_URL
// (the engine behind it). The engine is, with --engine, a child process on a
// surrealkv datastore in a temporary directory, which the control API can kill
// and restart; otherwise an existing SURREALCAF_URL, or else a private server
// in this process (root user root/root, anonymous data access refused, as
// with-engine.mjs starts). --drop-after cuts the first client socket MS ms
// after it opened. Exits with the command's code (1 if it died by a signal,
// 127 if it could not be started) and leaves nothing behind.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineProcess, freePort } from './engine-process.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { startServer } from './server.mjs';
import { runBeside } from './support/lifecycle.mjs';

const USAGE = 'usage: node with-fault-proxy.mjs [--engine] [--drop-after MS] <command> [args...]';

function parseArgs(argv) {
  const options = { engine: false, dropAfter: null };
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('--'); i += 1) {
    if (argv[i] === '--engine') options.engine = true;
    else if (argv[i] === '--drop-after' && /^\d+$/.test(argv[i + 1] ?? '')) options.dropAfter = Number(argv[++i]);
    else {
      console.error(`${USAGE} (bad argument: ${argv[i]})`);
      process.exit(2);
    }
  }
  return { options, command: argv.slice(i) };
}

/** The engine for --engine: a restartable child process on a datastore in a temporary directory. */
async function startEngineProcess() {
  const dir = await mkdtemp(join(tmpdir(), 'surrealcaf-engine-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  try {
    const engine = await EngineProcess.start({ port: await freePort(), datastore: `surrealkv://${dir}/db` });
    return { url: engine.url, engine, close: () => engine.close().then(removeDir) };
  } catch (err) {
    await removeDir();
    throw err;
  }
}

async function startUpstream(withEngine) {
  if (withEngine) return startEngineProcess();
  if (process.env.SURREALCAF_URL) return { url: process.env.SURREALCAF_URL, close: () => Promise.resolve() };
  const server = await startServer({ auth: true });
  return { url: server.url, close: server.close };
}

const { options, command } = parseArgs(process.argv.slice(2));
await runBeside('with-fault-proxy.mjs', async () => {
  const upstream = await startUpstream(options.engine);
  let proxy;
  try {
    proxy = await startFaultProxy({ upstream: upstream.url, engine: upstream.engine, dropAfter: options.dropAfter });
  } catch (err) {
    await upstream.close();
    throw err;
  }
  const env = {
    ...process.env,
    SURREALCAF_URL: proxy.url,
    SURREALCAF_PROXY: proxy.control,
    SURREALCAF_ENGINE_URL: upstream.url,
  };
  return { env, close: () => proxy.close().then(upstream.close) };
}, { argv: command, usage: USAGE });
