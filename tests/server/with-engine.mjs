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

import { startServer } from './server.mjs';
import { runBeside } from './support/lifecycle.mjs';

await runBeside('with-engine.mjs', async () => {
  if (process.env.SURREALCAF_URL) return { env: process.env, close: () => Promise.resolve() };
  const server = await startServer({ auth: true });
  return { env: { ...process.env, SURREALCAF_URL: server.url }, close: server.close };
});
