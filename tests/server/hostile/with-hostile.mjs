#!/usr/bin/env node
// Runs one command with the hostile server's base URL in SURREALCAF_HOSTILE_URL
// (ws://127.0.0.1:<port>; tests append /<scenario>):
//
//   node with-hostile.mjs <command> [args...]
//
// The server runs in this process on a free port and closes when the command
// exits. Exits with the command's code (1 if it died by a signal, 127 if it
// could not be started).

import { runBeside } from '../support/lifecycle.mjs';
import { startHostileServer } from './server.mjs';

await runBeside('with-hostile.mjs', async () => {
  const server = await startHostileServer();
  return { env: { ...process.env, SURREALCAF_HOSTILE_URL: server.url }, close: server.close };
});
