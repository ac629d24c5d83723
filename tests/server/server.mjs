#!/usr/bin/env node
// A WebSocket RPC front for the real SurrealDB engine (@surrealdb/node), so the
// C++ client can be tested against genuine server behaviour without the
// `surreal` binary. Usable as a module (startServer) and as a CLI:
//
//   node server.mjs [--port N] [--datastore URL] [--auth] [--no-stdin]
//
// prints `listening ws://127.0.0.1:<port>/rpc` once ready, and exits 0 on
// SIGTERM, SIGINT, or when its stdin closes (unless --no-stdin). --auth makes
// it refuse anonymous data access like `surreal start --user root --pass root`.
// --datastore defaults to mem://; a surrealkv:// datastore outlives the process.

import { realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { encodeMap, encodeText, rawUuid, splitArray, splitMap } from './cbor-split.mjs';
import { Connection } from './connection.mjs';
import { Engine } from './engine.mjs';
import { serveUntilStopped } from './support/lifecycle.mjs';

const RPC_PATH = '/rpc';
const SUBPROTOCOL = 'cbor';

/** Answers a raw socket with a plain-text HTTP error and closes it. */
function refuse(socket, status, reason, text) {
  const body = `${text}\n`;
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** The request's path, or null when its target does not parse. */
function pathOf(req) {
  try {
    return new URL(req.url, 'http://localhost').pathname;
  } catch {
    return null;
  }
}

function offeredProtocols(req) {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
}

/** Plain HTTP requests: this front has no HTTP endpoints. */
function answerHttp(req, res) {
  const onRpc = pathOf(req) === RPC_PATH;
  res.writeHead(onRpc ? 426 : 404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(onRpc ? `connect with a WebSocket, subprotocol "${SUBPROTOCOL}"\n` : 'not found\n');
}

/** Reads engine notifications until the engine is freed, handing each to the socket that owns its session. */
async function routeNotifications(receiver, owners) {
  for (let raw = await receiver.recv(); raw !== null; raw = await receiver.recv()) {
    const notification = Buffer.from(raw);
    const fields = splitMap(notification);
    const session = fields?.has('session') ? rawUuid(fields.get('session'), { allowText: false }) : null;
    owners.get(session)?.notify(notification, fields, session);
  }
}

/**
 * Upgrades `/rpc` requests that offer the `cbor` subprotocol with `wss` (a
 * `noServer` WebSocketServer) and hands each new client to `accept(ws,
 * socket)`; anything else is refused with a plain-text reason. An `upgrade`
 * listener for an HTTP server; cluster.mjs's nodes use it too.
 */
export function rpcUpgrade(wss, accept) {
  return (req, socket, head) => {
    socket.on('error', () => {});
    if (pathOf(req) !== RPC_PATH) {
      return refuse(socket, 404, 'Not Found', `only ${RPC_PATH} is served`);
    }
    if (!offeredProtocols(req).includes(SUBPROTOCOL)) {
      return refuse(socket, 400, 'Bad Request',
        `this server speaks only the "${SUBPROTOCOL}" WebSocket subprotocol; send Sec-WebSocket-Protocol: ${SUBPROTOCOL}`);
    }
    return wss.handleUpgrade(req, socket, head, (ws) => accept(ws, socket));
  };
}

/** A WebSocketServer for rpcUpgrade: it picks `cbor`, the one subprotocol served. */
export function rpcSocketServer(options = {}) {
  return new WebSocketServer({ noServer: true, handleProtocols: () => SUBPROTOCOL, ...options });
}

/** An HTTP server that answers plain requests as this front does (426 on /rpc, else 404). */
export function rpcHttpServer() {
  return createServer(answerHttp);
}

/**
 * Opens one engine and what the front keeps around it, without a listener:
 * `serve(ws, onFrame)` makes an accepted WebSocket a client of the engine,
 * with its own default session and the sessions and transactions it owns
 * (onFrame, when given, sees each client frame on arrival), and resolves
 * once the socket closed and what it owned is released. Several listeners
 * may serve sockets on one front (cluster.mjs): storage is shared, ownership
 * is per socket, notifications go to the socket that owns the session.
 * `close()` waits for the served sockets to be released (the caller ends
 * them) and frees the engine. With `auth`, the root user root/root exists and
 * sessions that have not signed in may not touch data.
 */
export async function openFront({ datastore = 'mem://', auth = false } = {}) {
  const engine = await Engine.open(datastore);
  if (auth) await engine.defineRootUser();
  const receiver = await engine.notifications();
  const owners = new Map();
  const notificationsDone = routeNotifications(receiver, owners);
  const connectionsDone = new Set();

  const serve = (ws, onFrame = null) => {
    const connection = new Connection(ws, engine, owners, { requireAuth: auth });
    // Protocol errors (bad UTF-8 in a text frame, oversized frame) close the socket; nothing to add.
    ws.on('error', () => {});
    ws.on('message', (frame) => {
      onFrame?.(frame);
      connection.receive(frame);
    });
    const done = new Promise((resolve) => ws.once('close', () => resolve(connection.close())));
    connectionsDone.add(done);
    done.then(() => connectionsDone.delete(done));
    return done;
  };

  let closing;
  const close = () => (closing ??= (async () => {
    await Promise.all([...connectionsDone]);
    engine.free();
    await notificationsDone;
  })());

  // Test hooks: look at the engine behind the front's back.
  const engineExecute = async (request) => {
    const { reply, rejected } = await engine.execute(request);
    return reply ?? rejected;
  };
  const engineSessions = async () => {
    const reply = await engineExecute(encodeMap([['method', encodeText('sessions')]]));
    return splitArray(reply).map((raw) => rawUuid(raw, { allowText: false }));
  };

  return { serve, close, engineExecute, engineSessions };
}

/**
 * Starts one engine and a WebSocket front on it. With `auth`, the root user
 * root/root exists and sessions that have not signed in may not touch data.
 * Resolves to {url, port, close, engineSessions, engineExecute}: `close()`
 * tears everything down; the other two are test hooks that bypass the front:
 * the session UUIDs the engine holds, and one raw CBOR request to the engine.
 */
export async function startServer({
  port = 0, host = '127.0.0.1', datastore = 'mem://', auth = false,
} = {}) {
  const front = await openFront({ datastore, auth });
  const wss = rpcSocketServer();
  const http = rpcHttpServer();
  http.on('upgrade', rpcUpgrade(wss, (ws) => front.serve(ws)));
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  const actualPort = http.address().port;

  let closing;
  const close = () => (closing ??= (async () => {
    const httpClosed = new Promise((resolve) => http.close(resolve));
    for (const ws of wss.clients) ws.terminate();
    await front.close();
    await httpClosed;
  })());

  return {
    url: `ws://${host}:${actualPort}${RPC_PATH}`,
    port: actualPort,
    close,
    engineSessions: front.engineSessions,
    engineExecute: front.engineExecute,
  };
}

const USAGE = 'usage: node server.mjs [--port N] [--datastore URL] [--auth] [--no-stdin]';

function parseArgs(argv) {
  const options = { port: 0, datastore: 'mem://', watchStdin: true, auth: false };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--port' && /^\d+$/.test(argv[i + 1] ?? '')) options.port = Number(argv[++i]);
    else if (argv[i] === '--datastore' && /^[a-z]+:\/\//.test(argv[i + 1] ?? '')) options.datastore = argv[++i];
    else if (argv[i] === '--no-stdin') options.watchStdin = false;
    else if (argv[i] === '--auth') options.auth = true;
    else throw new Error(`${USAGE} (bad argument: ${argv[i]})`);
  }
  return options;
}

async function main() {
  const { port, datastore, auth, watchStdin } = parseArgs(process.argv.slice(2));
  await serveUntilStopped(() => startServer({ port, datastore, auth }), { watchStdin });
}

const isCli = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isCli) {
  main().catch((err) => {
    console.error(err.message);
    process.exit(err.message.startsWith('usage:') ? 2 : 1);
  });
}
