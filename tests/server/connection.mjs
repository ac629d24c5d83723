// One WebSocket client of the shared engine. A real server keeps sessions and
// transactions per connection; the embedded engine keeps them globally, so this
// class gives each socket what it would own on a real server and hides the rest:
// a hidden default session, the sessions it attached, the transactions it began.

import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  CborError, encodeArray, encodeMap, encodeText, encodeUuid, NONE, rawText, rawUuid,
  skipItem, splitArray, splitMap,
} from './cbor-split.mjs';
import { ANONYMOUS_REFUSED, errorBody, INVALID_REQUEST, isErrorReply, PARSE_ERROR } from './engine.mjs';

const CBOR_NULL = 0xf6;

// Methods whose `session` names the session to create or drop, not the one to
// run in: without one they must reach the engine without one ("Expected a session ID").
const SESSION_TARGET_METHODS = new Set(['attach', 'detach']);
// Methods that end a transaction named by their last parameter.
const TXN_ENDING_METHODS = new Set(['commit', 'cancel']);
// Methods that run a statement on the datastore: a server with authentication
// enabled refuses them to a session that has not signed in.
const DATA_METHODS = new Set([
  'query', 'select', 'create', 'insert', 'insert_relation', 'update', 'upsert', 'merge', 'patch',
  'delete', 'relate', 'run', 'live', 'kill', 'info', 'graphql', 'export', 'import',
]);
// Methods whose success signs the session in (the engine's `refresh` does
// too: it authenticates the session with the new access token), and those
// that sign it out.
const SIGNIN_METHODS = new Set(['signin', 'signup', 'authenticate', 'refresh']);
const SIGNOUT_METHODS = new Set(['invalidate', 'reset']);

// NONE (tag 6 over null) is how SurrealDB and its JS SDK write "absent".
const CBOR_NONE = Buffer.from(NONE);

/** Whether an optional field is absent in effect: null or NONE, as the server reads both. */
function isNull(raw) {
  return (raw.length === 1 && raw[0] === CBOR_NULL) || CBOR_NONE.equals(raw);
}

// Tags an id may carry: datetimes (0 text, 12 compact) and UUIDs (9 text, 37 bytes).
const ID_TAGS = new Set([0, 9, 12, 37]);

/**
 * The request id to echo: `{id: raw}` for an id of a type the server accepts
 * (null, number, text, UUID, datetime), `{id: null}` when there is none (absent
 * or NONE), and null for an id of any other type, which cannot be echoed.
 */
function readId(raw) {
  if (raw === undefined || CBOR_NONE.equals(raw)) return { id: null };
  const major = raw[0] >> 5;
  if (major === 0 || major === 1 || major === 3) return { id: raw };
  if (major === 7 && (raw[0] === CBOR_NULL || (raw[0] >= 0xf9 && raw[0] <= 0xfb))) return { id: raw };
  if (major === 6) {
    const tag = (raw[0] & 0x1f) < 24 ? raw[0] & 0x1f : raw[0] === 0xd8 ? raw[1] : -1;
    if (ID_TAGS.has(tag)) return { id: raw };
  }
  return null;
}

/** Top-level fields of a request frame, or null when the frame is not one CBOR map with text keys. */
function parseRequest(frame) {
  try {
    // splitMap rejects a non-map (CborError); trailing bytes are checked here.
    return skipItem(frame, 0) === frame.length ? splitMap(frame) : null;
  } catch (err) {
    if (err instanceof CborError) return null;
    throw err;
  }
}

/** A reply map; keys sorted as the server's BTreeMap sorts them (error, id, result, session). */
function envelope(entries) {
  return encodeMap(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

export class Connection {
  #ws;
  #engine;
  /** Shared across connections: session UUID → owning Connection, to route notifications. */
  #owners;
  /** The engine session that plays this socket's default session; never shown to the client. */
  #hidden = randomUUID();
  /** Shown as `result.session` of default-session notifications, like the server's connection id. */
  #connectionId = randomUUID();
  #attached = new Set();
  /** With authentication required: the engine sessions (hidden or attached) that signed in. */
  #signedIn = new Set();
  #requireAuth;
  #txns = new Set();
  #inflight = new Set();
  #ready;
  #closed = false;
  #closing = null;

  /** `requireAuth`: refuse data methods to sessions that have not signed in, as `surreal start` does. */
  constructor(ws, engine, owners, { requireAuth = false } = {}) {
    this.#ws = ws;
    this.#engine = engine;
    this.#owners = owners;
    this.#requireAuth = requireAuth;
    this.#ready = this.#attachHidden();
  }

  async #attachHidden() {
    const { reply } = await this.#engine.execute(this.#sessionRequest('attach', this.#hidden));
    if (!reply || isErrorReply(reply)) {
      this.#ws.close(1011, 'could not create the default session');
      return;
    }
    this.#owners.set(this.#hidden, this);
  }

  #sessionRequest(method, session) {
    return encodeMap([['method', encodeText(method)], ['session', encodeUuid(session)]]);
  }

  /** Handles one frame; requests run concurrently and may answer out of order, as on a real server. */
  receive(frame) {
    const done = this.#ready.then(() => this.#handle(frame)).catch((err) => {
      console.error('surrealcaf test server: request failed:', err);
    });
    this.#inflight.add(done);
    done.finally(() => this.#inflight.delete(done));
  }

  async #handle(frame) {
    const fields = parseRequest(frame);
    if (!fields) return this.#send(PARSE_ERROR);
    // Once the id can be read, every answer carries it, errors included, so
    // a client waiting on that id always hears back.
    const read = readId(fields.get('id'));
    if (!read) return this.#send(INVALID_REQUEST);
    const { id } = read;
    const method = fields.has('method') ? rawText(fields.get('method')) : null;
    const route = method === null ? null : this.#route(fields, method);
    // A real server keeps sessions per socket, so a client that reconnects
    // may attach its session's UUID again at once; here the old socket's
    // copy must be detached from the shared engine first.
    if (method === 'attach' && route?.named) await this.#owners.get(route.named)?.closing;
    if (!route) return this.#send(this.#reply(id, null, [['error', errorBody(INVALID_REQUEST)]]));
    if (this.#isAnonymousDataAccess(method, route)) {
      return this.#send(this.#reply(id, route.named, [['error', errorBody(ANONYMOUS_REFUSED)]]));
    }

    const { reply, rejected } = await this.#engine.execute(this.#engineRequest(fields, route));
    if (rejected) return this.#send(this.#reply(id, route.named, [['error', errorBody(rejected)]]));
    if (route.endsTxn) this.#txns.delete(route.endsTxn);
    const entries = isErrorReply(reply)
      ? [['error', errorBody(this.#clientError(reply, route))]]
      : [['result', this.#account(method, route, reply)]];
    this.#send(this.#reply(id, route.named, entries));
  }

  // Someone else's session (the stand-in) is left to the engine, which answers "Session not found".
  #isAnonymousDataAccess(method, route) {
    return this.#requireAuth && DATA_METHODS.has(method) && route.session !== this.#engine.standInSession
      && !this.#signedIn.has(route.session);
  }

  /** The reply envelope: `entries` plus the request's id and named session, when it had them. */
  #reply(id, session, entries) {
    if (id) entries.push(['id', id]);
    if (session) entries.push(['session', encodeUuid(session)]);
    return envelope(entries);
  }

  /**
   * Decides how the request runs: `named` is the session the client gave (echoed
   * in the reply), `session` the engine session to use, `replace` the rewritten
   * fields. Returns null for a `session` or `txn` that is not a UUID.
   */
  #route(fields, method) {
    const route = { named: null, session: null, replace: new Map(), endsTxn: null };
    const rawSession = fields.get('session');
    if (rawSession && !isNull(rawSession)) {
      route.named = rawUuid(rawSession, { allowText: true });
      if (!route.named) return null;
      // Someone else's session must look unknown: run with a never-attached one.
      const own = this.#attached.has(route.named) || method === 'attach';
      route.session = own ? route.named : this.#engine.standInSession;
    } else if (!SESSION_TARGET_METHODS.has(method)) {
      route.session = this.#hidden;
    }

    const rawTxn = fields.get('txn');
    if (rawTxn && !isNull(rawTxn)) {
      const txn = rawUuid(rawTxn, { allowText: true });
      if (!txn) return null;
      if (!this.#txns.has(txn)) route.replace.set('txn', encodeUuid(this.#engine.standInTxn));
    }
    if (TXN_ENDING_METHODS.has(method) && fields.has('params')) this.#routeTxnEnd(fields.get('params'), route);
    return route;
  }

  // commit/cancel name the transaction as their last parameter (a UUID value).
  #routeTxnEnd(rawParams, route) {
    const params = splitArray(rawParams);
    const txn = params?.length ? rawUuid(params.at(-1), { allowText: false }) : null;
    if (!txn) return;
    if (this.#txns.has(txn)) {
      route.endsTxn = txn;
    } else {
      params[params.length - 1] = encodeUuid(this.#engine.standInTxn);
      route.replace.set('params', encodeArray(params));
    }
  }

  #engineRequest(fields, route) {
    const entries = [];
    for (const [key, raw] of fields) {
      if (key !== 'session') entries.push([key, route.replace.get(key) ?? raw]);
    }
    if (route.session) entries.push(['session', encodeUuid(route.session)]);
    return encodeMap(entries);
  }

  /** The engine's error, with the stand-in session's "not found" turned into the client's. */
  #clientError(reply, route) {
    const standIn = route.session === this.#engine.standInSession;
    return standIn && this.#engine.isStandInNotFound(reply) ? this.#engine.sessionNotFound(route.named) : reply;
  }

  /** Records what a successful call changed for this socket, and returns the result to send. */
  #account(method, route, result) {
    if (SIGNIN_METHODS.has(method)) this.#signedIn.add(route.session);
    if (SIGNOUT_METHODS.has(method)) this.#signedIn.delete(route.session);
    switch (method) {
      case 'attach':
        this.#attached.add(route.named);
        this.#owners.set(route.named, this);
        break;
      case 'detach':
        if (this.#attached.delete(route.named)) this.#owners.delete(route.named);
        this.#signedIn.delete(route.named);
        break;
      case 'begin': {
        const txn = rawUuid(result, { allowText: false });
        if (txn) this.#txns.add(txn);
        break;
      }
      case 'sessions':
        // The engine lists every socket's sessions; a client sees only its own.
        return encodeArray([...this.#attached].map(encodeUuid));
      default:
    }
    return result;
  }

  /** Forwards a live-query notification for one of this socket's sessions. */
  notify(notification, fields, session) {
    if (this.#closed) return;
    if (session === this.#hidden) {
      fields.set('session', encodeUuid(this.#connectionId));
      this.#send(encodeMap([['result', encodeMap([...fields])]]));
    } else {
      this.#send(encodeMap([['result', notification], ['session', encodeUuid(session)]]));
    }
  }

  #send(bytes) {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(bytes, { binary: true });
  }

  /**
   * After the socket closed: drop what it owned, as a real server does when a
   * connection ends. Cancelling transactions and detaching sessions (which
   * kills their live queries) waits for requests still running.
   */
  close() {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  /** While its close runs: the promise of its end (the sessions are detached then), else null. */
  get closing() {
    return this.#closing;
  }

  async #close() {
    this.#closed = true;
    await this.#ready;
    await Promise.all([...this.#inflight]);
    await Promise.all([...this.#txns].map((txn) => this.#engine.execute(
      encodeMap([['method', encodeText('cancel')], ['params', encodeArray([encodeUuid(txn)])]]),
    )));
    const sessions = [...this.#attached, this.#hidden];
    await Promise.all(sessions.map((session) => this.#engine.execute(this.#sessionRequest('detach', session))));
    // Only now: an attach of the same UUID on another socket waits for this
    // detach (see #handle), as if each socket had its own sessions.
    for (const session of sessions) this.#owners.delete(session);
    this.#attached.clear();
    this.#signedIn.clear();
    this.#txns.clear();
  }
}
