#!/usr/bin/env node
// A WebSocket proxy between the client and the engine front that breaks the
// connection on request, for the client's reconnect tests: its control API
// (`/control/...` on the same port, README.md) drops, closes, stalls, delays
// and cuts, refuses upgrades, kills and restarts a managed engine, and logs
// what the client sent. Usable as a module (startFaultProxy) and as a CLI:
//
//   node fault-proxy.mjs --upstream ws://127.0.0.1:<port>/rpc [--port N] [--no-stdin]
//
// prints `listening ws://127.0.0.1:<port>/rpc` once ready, and exits 0 on
// SIGTERM, SIGINT, or when its stdin closes (unless --no-stdin).

import { realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { answerControl, countParam, HttpError, sendJson, urlOf } from './control-api.mjs';
import { frameFields } from './frame-log.mjs';
import { makeFaults, ProxyLink, SUBPROTOCOL } from './proxy-link.mjs';
import { serveUntilStopped } from './support/lifecycle.mjs';

const RPC_PATH = '/rpc';
const CONTROL_PATH = '/control';
/** The close code of /control/close: the server is going away. */
const GOING_AWAY = 1001;
/** How long engine/kill waits for the proxy to see each upstream socket end. */
const UPSTREAM_GONE_MS = 2_000;

/**
 * Starts the proxy for `upstream` (a ws:// URL). `engine`, when given, is the
 * engine process behind it ({kill(), start()}, see engine-process.mjs), which
 * the control API can kill and restart. `dropAfter` (ms) cuts the first
 * client socket that long after it opened. Resolves to {url, port, control,
 * close}: the ws:// URL for clients, its port, the control API's base URL,
 * and `close()`, which cuts every socket and stops listening.
 */
export async function startFaultProxy({
  upstream, port = 0, host = '127.0.0.1', engine = null, dropAfter = null,
}) {
  const faults = makeFaults();
  const links = new Set();
  const log = [];
  const stats = { accepted: 0, refused: 0 };
  let refuseNext = 0;
  let dropTimer = null;

  const wss = new WebSocketServer({ noServer: true, autoPong: false, handleProtocols: () => SUBPROTOCOL });
  const accept = (client, socket) => {
    stats.accepted += 1;
    const conn = stats.accepted;
    const link = new ProxyLink({
      conn,
      client,
      socket,
      upstream,
      faults,
      onClientFrame: (frame) => log.push({ conn, ...frameFields(frame) }),
      onDone: () => links.delete(link),
    });
    links.add(link);
    if (conn === 1 && dropAfter !== null) dropTimer = setTimeout(() => link.drop(), dropAfter);
  };

  const everyLink = (action) => {
    let count = 0;
    for (const link of links) {
      if (link.clientOpen) count += 1;
      action(link);
    }
    return count;
  };

  const requireEngine = () => {
    if (!engine) throw new HttpError(409, 'this proxy manages no engine (with-fault-proxy.mjs --engine does)');
    return engine;
  };

  const routes = {
    'POST /drop': () => ({ dropped: everyLink((link) => link.drop()) }),
    'POST /close': () => ({ closed: everyLink((link) => link.closeClient(GOING_AWAY)) }),
    'POST /stall': () => {
      faults.stalled = true;
      return { stalled: true };
    },
    'POST /unstall': () => {
      faults.stalled = false;
      everyLink((link) => link.pump());
      return { stalled: false };
    },
    'POST /delay': (query) => {
      faults.delayMs = countParam(query, 'ms');
      return { ms: faults.delayMs };
    },
    'POST /cut': () => {
      faults.cutNext = true;
      return { cut: true };
    },
    'POST /refuse': (query) => {
      refuseNext = countParam(query, 'n');
      return { refuse: refuseNext };
    },
    'GET /log': () => log,
    'POST /log/clear': () => ({ cleared: log.splice(0).length }),
    'GET /stats': () => ({ open: everyLink(() => {}), accepted: stats.accepted, refused: stats.refused }),
    'POST /engine/kill': async () => {
      const sockets = [...links].map((link) => link.upstreamClosed);
      await requireEngine().kill();
      // Once this answers, every client whose upstream died is being cut.
      await Promise.race([Promise.all(sockets), new Promise((resolve) => setTimeout(resolve, UPSTREAM_GONE_MS))]);
      return { killed: true };
    },
    'POST /engine/start': async () => ({ ms: await requireEngine().start() }),
  };

  const http = createServer((req, res) => {
    const url = urlOf(req);
    if (url?.pathname.startsWith(`${CONTROL_PATH}/`)) return answerControl(req, res, url, CONTROL_PATH, routes);
    return sendJson(res, url?.pathname === RPC_PATH ? 426 : 404, { error: 'not found' });
  });
  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {});
    if (refuseNext > 0) {
      refuseNext -= 1;
      stats.refused += 1;
      return socket.destroy();
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (urlOf(req)?.pathname !== RPC_PATH || !offered.includes(SUBPROTOCOL)) {
      return socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    }
    return wss.handleUpgrade(req, socket, head, (client) => accept(client, socket));
  });
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  const actualPort = http.address().port;

  let closing;
  const close = () => (closing ??= (async () => {
    clearTimeout(dropTimer);
    const httpClosed = new Promise((resolve) => http.close(resolve));
    everyLink((link) => link.drop());
    http.closeAllConnections();
    await httpClosed;
  })());

  return {
    url: `ws://${host}:${actualPort}${RPC_PATH}`,
    port: actualPort,
    control: `http://${host}:${actualPort}${CONTROL_PATH}`,
    close,
  };
}

const USAGE = 'usage: node fault-proxy.mjs --upstream ws://HOST:PORT/rpc [--port N] [--no-stdin]';

function parseArgs(argv) {
  const options = { upstream: null, port: 0, watchStdin: true };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--upstream' && /^wss?:\/\//.test(argv[i + 1] ?? '')) options.upstream = argv[++i];
    else if (argv[i] === '--port' && /^\d+$/.test(argv[i + 1] ?? '')) options.port = Number(argv[++i]);
    else if (argv[i] === '--no-stdin') options.watchStdin = false;
    else throw new Error(`${USAGE} (bad argument: ${argv[i]})`);
  }
  if (!options.upstream) throw new Error(`${USAGE} (--upstream is required)`);
  return options;
}

async function main() {
  const { upstream, port, watchStdin } = parseArgs(process.argv.slice(2));
  await serveUntilStopped(() => startFaultProxy({ upstream, port }), { watchStdin });
}

const isCli = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isCli) {
  main().catch((err) => {
    console.error(err.message);
    process.exit(err.message.startsWith('usage:') ? 2 : 1);
  });
}
