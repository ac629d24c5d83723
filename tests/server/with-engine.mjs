#!/usr/bin/env node
// Runs one command with a SurrealDB endpoint in SURREALCAF_URL:
//
//   node with-engine.mjs <command> [args...]
//
// If SURREALCAF_URL is already set (e.g. an external `surreal start`), the
// command just runs with it. Otherwise a private server is started in this
// process on a free port and closed when the command exits; like `surreal
// start --user root --pass root`, it refuses anonymous data access and has the
// root user root/root. Exits with the
// command's code (1 if it died by a signal, 127 if it could not be started).

import { spawn } from 'node:child_process';
import { startServer } from './server.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node with-engine.mjs <command> [args...]');
  process.exit(2);
}

// Handlers go in first: a signal may come as soon as the command is running,
// even before spawn() has returned here. Before that, there is nothing to
// forward to, and the in-process server dies with us.
let child = null;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => (child ? child.kill(signal) : process.exit(1)));
}

const server = process.env.SURREALCAF_URL ? null : await startServer({ auth: true });
const env = server ? { ...process.env, SURREALCAF_URL: server.url } : process.env;

let finishing;
const finish = (code) => (finishing ??= (server ? server.close() : Promise.resolve()).then(() => process.exit(code)));

child = spawn(command, args, { stdio: 'inherit', env });
child.once('error', (err) => {
  console.error(`with-engine: cannot run ${command}: ${err.message}`);
  finish(127);
});
child.once('exit', (code, signal) => finish(signal ? 1 : code));
