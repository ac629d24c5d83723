// A minimal raw-CBOR RPC client for the tests: requests are matched by id,
// everything else (notifications, uncorrelated errors) is queued.

import { decode, encode, Tag } from 'cbor2';
import { after, before } from 'node:test';
import WebSocket from 'ws';
import { uuidBytes, uuidFromBytes } from '../cbor-split.mjs';
import { startServer } from '../server.mjs';

// Decoding from a plain Uint8Array makes byte strings plain Uint8Arrays too, so
// decoded values (a live id, a transaction id) can be sent back as they are;
// cbor2 would encode a Node Buffer as an object.
export const cbor = {
  encode,
  decode: (bytes) => decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
};

export { Tag };

/** A UUID string as a tag-37 value for cbor2 (over a plain Uint8Array, see above). */
export function uuidTag(uuid) {
  return new Tag(37, new Uint8Array(uuidBytes(uuid)));
}

/** The hyphenated string of a decoded tag-37 UUID. */
export function uuidText(tag) {
  return uuidFromBytes(tag.contents);
}

export const isNone = (value) => value instanceof Tag && value.tag === 6 && value.contents === null;

export class Client {
  #ws;
  #nextId = 1;
  #pending = new Map();
  #unsolicited = [];
  #waiters = [];

  static async open(url, protocol = 'cbor') {
    const ws = new WebSocket(url, protocol);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new Client(ws);
  }

  constructor(ws) {
    this.#ws = ws;
    ws.on('message', (raw) => this.#receive(raw));
    /** Resolves to the close code once the socket has closed (1006: it ended without a close frame). */
    this.closed = new Promise((resolve) => ws.once('close', resolve));
    // A connection cut under the client (the fault proxy's tests) is reported by 'close'.
    ws.on('error', () => {});
  }

  #receive(raw) {
    const msg = cbor.decode(raw);
    const pending = this.#pending.get(msg.id);
    if (msg.id !== undefined && pending) {
      this.#pending.delete(msg.id);
      pending({ msg, raw });
    } else if (this.#waiters.length) {
      this.#waiters.shift()({ msg, raw });
    } else {
      this.#unsolicited.push({ msg, raw });
    }
  }

  /** Sends {id, method, params?, ...extra}; resolves to {msg, raw} of the matching reply. */
  request(method, params, extra = {}) {
    const id = this.#nextId++;
    const body = { id, method, ...extra };
    if (params !== undefined) body.params = params;
    return this.requestWithId(id, body);
  }

  /** Sends `body` (which carries `id`) and resolves to its reply. */
  requestWithId(id, body) {
    return this.sendFrame(id, cbor.encode(body));
  }

  /** Sends a ready-made frame whose id decodes to `id`, and resolves to its reply. */
  sendFrame(id, frame) {
    const reply = new Promise((resolve) => this.#pending.set(id, resolve));
    this.#ws.send(frame);
    return reply;
  }

  /** Like request(), resolving to the decoded reply only. */
  async call(method, params, extra) {
    return (await this.request(method, params, extra)).msg;
  }

  send(bytes, options) {
    this.#ws.send(bytes, options);
  }

  /** The next message that answered no pending request; rejects after `ms`. */
  nextUnsolicited(ms = 2000) {
    if (this.#unsolicited.length) return Promise.resolve(this.#unsolicited.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`no unsolicited message within ${ms} ms`));
      }, ms);
      const waiter = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.#waiters.push(waiter);
    });
  }

  /** Messages that arrived unasked and were not yet taken. */
  get unsolicitedCount() {
    return this.#unsolicited.length;
  }

  async close() {
    if (this.#ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.#ws.once('close', resolve));
    this.#ws.close();
    await closed;
  }
}

/** Polls `check` until it returns true; fails after `ms`. */
export async function eventually(check, ms = 2000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Registers before/after hooks for a describe block: start a server, open
 * `count` clients on it and hand both to `ready(server, clients)` (which may
 * also do set-up); afterwards close the clients and the server. Returns the
 * fixture `{ server, clients }`, filled in once the `before` hook ran, so
 * that tests can read it instead of copying it into variables of their own.
 * `serverOptions` go to startServer (e.g. `{auth: true}`).
 */
export function withServer(count, ready = () => {}, serverOptions = {}) {
  const fixture = { server: undefined, clients: [] };
  before(async () => {
    fixture.server = await startServer(serverOptions);
    for (let i = 0; i < count; i++) fixture.clients.push(await Client.open(fixture.server.url));
    await ready(fixture.server, fixture.clients);
  });
  after(async () => {
    await Promise.all(fixture.clients.map((client) => client.close()));
    await fixture.server.close();
  });
  return fixture;
}
