#!/usr/bin/env node
// Runs one command against a test cluster (cluster.mjs):
//
//   node with-cluster.mjs [--nodes N] <command> [args...]
//
// N nodes (2 by default) serve one storage. The command gets
// SURREALCAF_CLUSTER_URLS (the nodes' ws:// URLs, comma-separated, node 0
// first), SURREALCAF_CLUSTER (the control API, http://127.0.0.1:<port>/control)
// and SURREALCAF_URL (node 0). The nodes are ports of a private engine in this
// process (root user root/root, anonymous data access refused, as
// with-engine.mjs starts), or, when SURREALCAF_URL is already set, proxies in
// front of that server. Exits with the command's code (1 if it died by a
// signal, 127 if it could not be started) and leaves nothing behind.

import { startCluster } from './cluster.mjs';
import { runBeside } from './support/lifecycle.mjs';

const USAGE = 'usage: node with-cluster.mjs [--nodes N] <command> [args...]';

function parseArgs(argv) {
  const options = { nodes: 2 };
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('--'); i += 1) {
    if (argv[i] === '--nodes' && /^[1-9]\d*$/.test(argv[i + 1] ?? '')) options.nodes = Number(argv[++i]);
    else {
      console.error(`${USAGE} (bad argument: ${argv[i]})`);
      process.exit(2);
    }
  }
  return { options, command: argv.slice(i) };
}

const { options, command } = parseArgs(process.argv.slice(2));
await runBeside('with-cluster.mjs', async () => {
  const upstream = process.env.SURREALCAF_URL || null;
  const cluster = await startCluster({ nodes: options.nodes, upstream, auth: true });
  const env = {
    ...process.env,
    SURREALCAF_CLUSTER_URLS: cluster.urls.join(','),
    SURREALCAF_CLUSTER: cluster.control,
    SURREALCAF_URL: cluster.urls[0],
  };
  return { env, close: cluster.close };
}, { argv: command, usage: USAGE });
