#!/usr/bin/env node
// A WebSocket server that misbehaves on purpose, for testing how surrealcaf
// copes. The URL path picks the scenario (scenarios.mjs, README.md), the
// query string configures it: ws://127.0.0.1:<port>/<scenario>?k=v.
// Usable as a module (startHostileServer) and as a CLI:
//
//   node server.mjs [--port N] [--no-stdin]
//
// prints `listening ws://127.0.0.1:<port>` once ready, and exits 0 on
// SIGTERM, SIGINT, or when its stdin closes (unless --no-stdin).

import { realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { requestId } from './rpc.mjs';
import { scenarios } from './scenarios.mjs';
import { serveUntilStopped } from '../support/lifecycle.mjs';

const PROTOCOLS = ['cbor', 'json'];
/** How long a muted socket is held open before it is destroyed, so none lingers. */
const HOLD_MS = 20_000;

function refuse(socket, status, text) {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\n`
    + `Connection: close\r\n\r\n${text}\n`);
}

/** The connection as scenarios see it. */
class Connection {
  constructor(ws, socket, format, params) {
    this.ws = ws;
    this.socket = socket;
    this.format = format;
    this.params = params;
    this.requests = 0;
  }

  /** One message in the connection's format (binary for CBOR, text for JSON). */
  send(payload, { binary = this.format === 'cbor' } = {}) {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(payload, { binary });
  }

  /** Bytes straight onto the socket, bypassing the WebSocket framing. */
  raw(bytes) {
    this.socket.write(bytes);
  }

  /**
   * How the socket goes on: `hold` stops reading and answering (TCP stays
   * open until HOLD_MS), `end` closes TCP without a close frame, `reset`
   * sends a TCP RST.
   */
  after(how) {
    if (how === 'reset') return this.socket.resetAndDestroy();
    if (how === 'end') return this.socket.end();
    this.socket.pause();
    this.ws.removeAllListeners('message');
    setTimeout(() => this.socket.destroy(), HOLD_MS).unref();
  }
}

/** Starts the server; resolves to {url, port, close}. */
export async function startHostileServer({ port = 0, host = '127.0.0.1' } = {}) {
  const servers = new Map(); // one ws server per autoPong setting
  const wssFor = (autoPong) => {
    if (!servers.has(autoPong)) {
      servers.set(autoPong, new WebSocketServer({
        noServer: true,
        autoPong,
        handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
      }));
    }
    return servers.get(autoPong);
  };
  const sockets = new Set();

  const http = createServer((req, res) => res.writeHead(426).end('WebSocket only\n'));
  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {});
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const url = new URL(req.url, 'http://localhost');
    const scenario = scenarios[url.pathname.slice(1)];
    if (!scenario) return refuse(socket, '404 Not Found', `no scenario ${url.pathname}`);
    const wss = wssFor(scenario.autoPong ?? true);
    return wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      const conn = new Connection(ws, socket, ws.protocol === 'json' ? 'json' : 'cbor', url.searchParams);
      ws.on('message', (data) => {
        conn.requests += 1;
        scenario.request?.(conn, requestId(conn.format, data));
      });
      scenario.open?.(conn);
    });
  });
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  const actualPort = http.address().port;
  let closing;
  const close = () => (closing ??= new Promise((resolve) => {
    for (const socket of sockets) socket.destroy();
    http.close(resolve);
  }));
  return { url: `ws://${host}:${actualPort}`, port: actualPort, close };
}

async function main() {
  const args = process.argv.slice(2);
  let port = 0;
  let watchStdin = true;
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--port' && /^\d+$/.test(args[i + 1] ?? '')) port = Number(args[++i]);
    else if (args[i] === '--no-stdin') watchStdin = false;
    else throw new Error(`usage: node server.mjs [--port N] [--no-stdin] (bad argument: ${args[i]})`);
  }
  await serveUntilStopped(() => startHostileServer({ port }), { watchStdin });
}

const isCli = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isCli) {
  main().catch((err) => {
    console.error(err.message);
    process.exit(err.message.startsWith('usage:') ? 2 : 1);
  });
}
