// A test cluster for the client's connection pool: several ports ("nodes"),
// each with its own sockets and so its own sessions and transactions, over
// one shared storage, as SurrealDB nodes over TiKV share it. A node can be
// stopped (every socket on it cut at once, its port refusing connections)
// and started again on the same port, and each node logs the client frames
// it received (method, session, id; never params). Nodes are ports of one
// engine in this process, or, with `upstream`, proxies in front of a server
// elsewhere (a real one), each client socket with an upstream socket of its
// own. Steered through an HTTP control API on a port of its own (README.md).

import { createServer } from 'node:http';
import { answerControl, HttpError, sendJson, urlOf } from './control-api.mjs';
import { frameFields } from './frame-log.mjs';
import { makeFaults, ProxyLink } from './proxy-link.mjs';
import { openFront, rpcHttpServer, rpcSocketServer, rpcUpgrade } from './server.mjs';

const RPC_PATH = '/rpc';
const CONTROL_PATH = '/control';
/** How long stop waits for a proxied node's upstream sockets to end. */
const UPSTREAM_GONE_MS = 2_000;

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/**
 * One port of the cluster. `serve(ws, socket, conn, onFrame)` makes an
 * accepted client socket a client of the cluster's storage and returns
 * `{cut(), done}`: `cut()` ends its TCP connection at once (no close frame)
 * and `done` resolves once what it owned is released.
 */
class ClusterNode {
  #host;
  #serve;
  #proxied;
  #http = null;
  #clients = new Set();
  log = [];
  accepted = 0;
  port;

  constructor(index, { host, port, serve, proxied }) {
    this.index = index;
    this.#host = host;
    this.port = port;
    this.#serve = serve;
    this.#proxied = proxied;
  }

  get running() {
    return this.#http !== null;
  }

  get url() {
    return `ws://${this.#host}:${this.port}${RPC_PATH}`;
  }

  describe() {
    return {
      node: this.index,
      url: this.url,
      state: this.running ? 'running' : 'stopped',
      open: this.#clients.size,
      accepted: this.accepted,
    };
  }

  /** Listens on the node's port (the first time: the given one, or a free one). */
  async start() {
    if (this.running) throw new HttpError(409, `node ${this.index} is running`);
    // The proxy passes pings through to the upstream, which answers them.
    const wss = rpcSocketServer(this.#proxied ? { autoPong: false } : {});
    const http = rpcHttpServer();
    http.on('upgrade', rpcUpgrade(wss, (ws, socket) => this.#accept(ws, socket)));
    this.port = await listen(http, this.port, this.#host);
    this.#http = http;
  }

  #accept(ws, socket) {
    // An upgrade that completed while the node was stopping.
    if (!this.running) return socket.destroy();
    this.accepted += 1;
    const conn = this.accepted;
    const client = this.#serve(ws, socket, conn, (frame) => this.log.push({ conn, ...frameFields(frame) }));
    this.#clients.add(client);
    client.done.then(() => this.#clients.delete(client));
    return undefined;
  }

  /**
   * Stops listening and cuts every client socket at once; resolves once the
   * port is closed and what the sockets owned is released. Returns how many
   * sockets were open.
   */
  async stop() {
    if (!this.running) throw new HttpError(409, `node ${this.index} is stopped`);
    const http = this.#http;
    this.#http = null;
    const closed = new Promise((resolve) => http.close(resolve));
    const clients = [...this.#clients];
    for (const client of clients) client.cut();
    http.closeAllConnections();
    await Promise.all([closed, ...clients.map((client) => client.done)]);
    return clients.length;
  }
}

/** Serves a client socket on a port of the shared front. */
function engineServe(front) {
  return (ws, socket, conn, onFrame) => ({ cut: () => socket.destroy(), done: front.serve(ws, onFrame) });
}

/** Serves a client socket through a socket of its own to `upstream`. */
function proxyServe(upstream) {
  const faults = makeFaults();
  return (client, socket, conn, onClientFrame) => {
    let finished;
    const done = new Promise((resolve) => { finished = resolve; });
    const link = new ProxyLink({ conn, client, socket, upstream, faults, onClientFrame, onDone: () => finished() });
    const cut = () => {
      link.drop();
      // A stuck upstream must not hold the control call forever.
      setTimeout(finished, UPSTREAM_GONE_MS).unref();
    };
    return { cut, done };
  };
}

/** The node named by a control path, or 404. */
function nodeOf(nodes, params) {
  const index = /^\d+$/.test(params.node) ? Number(params.node) : -1;
  if (!(index >= 0 && index < nodes.length)) throw new HttpError(404, `no node ${params.node}`);
  return nodes[index];
}

/**
 * Starts a cluster of `nodes` nodes, on `ports` (one per node; 0 or absent:
 * a free one). The nodes are ports of one engine here (datastore
 * `datastore`; with `auth`, root/root exists and anonymous data access is
 * refused, as server.mjs --auth), or with `upstream` (a ws:// URL) proxies
 * to it. Resolves to {urls, control, nodes, close}: the nodes' ws:// URLs,
 * the control API's base URL, the nodes themselves (stop(), start(), log),
 * and `close()`, which stops everything.
 */
export async function startCluster({
  nodes: count = 2, ports = [], host = '127.0.0.1', datastore = 'mem://', auth = true, upstream = null,
  controlPort = 0,
} = {}) {
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`a cluster needs at least one node, not ${count}`);
  const front = upstream ? null : await openFront({ datastore, auth });
  const serve = front ? engineServe(front) : proxyServe(upstream);
  const nodes = Array.from({ length: count }, (_, i) => new ClusterNode(i, {
    host, port: ports[i] ?? 0, serve, proxied: Boolean(upstream),
  }));
  const control = createServer();

  const stopAll = () => Promise.all(nodes.filter((node) => node.running).map((node) => node.stop()));
  try {
    for (const node of nodes) await node.start();
  } catch (err) {
    await stopAll();
    await front?.close();
    throw err;
  }

  const routes = {
    'GET /nodes': () => nodes.map((node) => node.describe()),
    'GET /nodes/:node': (query, params) => nodeOf(nodes, params).describe(),
    'POST /nodes/:node/stop': async (query, params) => ({ closed: await nodeOf(nodes, params).stop() }),
    'POST /nodes/:node/start': async (query, params) => {
      const node = nodeOf(nodes, params);
      await node.start();
      return node.describe();
    },
    'GET /nodes/:node/log': (query, params) => nodeOf(nodes, params).log,
    'POST /nodes/:node/log/clear': (query, params) => ({ cleared: nodeOf(nodes, params).log.splice(0).length }),
  };
  control.on('request', (req, res) => {
    const url = urlOf(req);
    if (url?.pathname.startsWith(`${CONTROL_PATH}/`)) return answerControl(req, res, url, CONTROL_PATH, routes);
    return sendJson(res, 404, { error: 'not found' });
  });
  let controlPortActual;
  try {
    controlPortActual = await listen(control, controlPort, host);
  } catch (err) {
    await stopAll();
    await front?.close();
    throw err;
  }

  let closing;
  const close = () => (closing ??= (async () => {
    const controlClosed = new Promise((resolve) => control.close(resolve));
    control.closeAllConnections();
    await stopAll();
    await front?.close();
    await controlClosed;
  })());

  return {
    urls: nodes.map((node) => node.url),
    control: `http://${host}:${controlPortActual}${CONTROL_PATH}`,
    nodes,
    close,
  };
}
