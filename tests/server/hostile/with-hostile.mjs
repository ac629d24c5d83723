#!/usr/bin/env node
// Runs one command with the hostile server's base URL in SURREALCAF_HOSTILE_URL
// (ws://127.0.0.1:<port>; tests append /<scenario>):
//
//   node with-hostile.mjs <command> [args...]
//
// The server runs in this process on a free port and closes when the command
// exits. Exits with the command's code (1 if it died by a signal, 127 if it
// could not be started).

import { spawn } from 'node:child_process';
import { startHostileServer } from './server.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node with-hostile.mjs <command> [args...]');
  process.exit(2);
}

let child = null;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => (child ? child.kill(signal) : process.exit(1)));
}

const server = await startHostileServer();
let finishing;
const finish = (code) => (finishing ??= server.close().then(() => process.exit(code)));

child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, SURREALCAF_HOSTILE_URL: server.url } });
child.once('error', (err) => {
  console.error(`with-hostile: cannot run ${command}: ${err.message}`);
  finish(127);
});
child.once('exit', (code, signal) => finish(signal ? 1 : code));
