// The embedded SurrealDB engine and the few error replies the front must make
// itself in the engine's exact shape.

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeArray, encodeMap, encodeNegative, encodeText, encodeUuid, NONE } from './cbor-split.mjs';

const require = createRequire(import.meta.url);

// The package exports only its JS wrapper (which needs the JS SDK and hides the
// engine class); the native addon next to it gives SurrealNodeEngine directly.
// The path is built by hand because the exports map hides it from
// require.resolve, and import.meta.resolve needs Node 20.6.
function loadBinding() {
  const here = dirname(fileURLToPath(import.meta.url));
  const dist = join(here, 'node_modules', '@surrealdb', 'node', 'dist');
  const abis = { linux: ['-gnu', '-musl'], win32: ['-msvc'], darwin: [''] }[process.platform] ?? [''];
  const failures = [];
  for (const abi of abis) {
    const file = join(dist, `surrealdb-node.${process.platform}-${process.arch}${abi}.node`);
    try {
      return require(file);
    } catch (err) {
      failures.push(`${file}: ${err.message}`);
    }
  }
  throw new Error(`cannot load the SurrealDB native engine:\n${failures.join('\n')}`);
}

/** The whole reply `{error: {...}}`, with keys in the engine's (sorted) order. */
function errorReply(code, message, detailKind, kind = 'Validation') {
  const details = encodeMap([['kind', encodeText(detailKind)]]);
  return encodeMap([['error', encodeMap([
    ['cause', NONE],
    ['code', encodeNegative(code)],
    ['details', details],
    ['kind', encodeText(kind)],
    ['message', encodeText(message)],
  ])]]);
}

// SurrealDB's server answers these (its `core/src/rpc/error.rs`) for frames it cannot
// turn into a request; the engine throws instead, so the front builds them.
export const PARSE_ERROR = errorReply(-32700, 'Parse error', 'Parse');
export const INVALID_REQUEST = errorReply(-32600, 'Invalid request', 'InvalidRequest');

// What a server with authentication enabled answers an anonymous session that
// touches data (the datastore's IamError::NotAllowed for actor "anonymous").
// The embedded engine cannot enable authentication, so the front refuses
// those requests itself, in the shape of the engine's other Auth errors.
export const ANONYMOUS_REFUSED = encodeMap([['error', encodeMap([
  ['cause', NONE],
  ['code', encodeNegative(-32002)],
  ['details', encodeMap([
    ['details', encodeMap([
      ['details', encodeMap([
        ['action', encodeText('process')],
        ['actor', encodeText('anonymous')],
        ['resource', encodeText('query')],
      ])],
      ['kind', encodeText('NotAllowed')],
    ])],
    ['kind', encodeText('Auth')],
  ])],
  ['kind', encodeText('NotAllowed')],
  ['message', encodeText('IAM error: Not enough permissions to perform this action')],
])]]);

/** The root user `surreal start --user root --pass root` creates. */
export const ROOT_USER = { user: 'root', pass: 'root' };

/** Reply bytes are an error exactly when they are the one-key map `{error: ...}`. */
const ERROR_PREFIX = Buffer.from([0xa1, 0x65, ...Buffer.from('error')]);
export function isErrorReply(reply) {
  return Buffer.compare(reply.subarray(0, ERROR_PREFIX.length), ERROR_PREFIX) === 0;
}
export function errorBody(reply) {
  return reply.subarray(ERROR_PREFIX.length);
}

export class Engine {
  /** Opens the datastore and learns the engine's "Session not found" reply. */
  static async open(datastore) {
    const { SurrealNodeEngine } = loadBinding();
    const engine = new Engine(await SurrealNodeEngine.connect(datastore));
    await engine.#learnSessionNotFound();
    return engine;
  }

  #native;
  #notFoundTemplate;

  /** A session UUID that is never attached: requests naming a session the caller
   * does not own are run with it, so the engine answers as for an unknown one. */
  standInSession = randomUUID();
  /** Likewise a transaction UUID that is never begun. */
  standInTxn = randomUUID();

  constructor(native) {
    this.#native = native;
  }

  /** Creates the root user ROOT_USER, unless the datastore already has one of that name. */
  async defineRootUser() {
    const sql = `DEFINE USER IF NOT EXISTS ${ROOT_USER.user} ON ROOT PASSWORD "${ROOT_USER.pass}" ROLES OWNER`;
    const request = encodeMap([['method', encodeText('query')], ['params', encodeArray([encodeText(sql)])]]);
    const { reply } = await this.execute(request);
    // One statement: the reply is [{..., status: "OK", ...}] when it succeeded.
    if (!reply || isErrorReply(reply) || !reply.includes(Buffer.from([0x62, ...Buffer.from('OK')]))) {
      throw new Error('the engine did not create the root user');
    }
  }

  async #learnSessionNotFound() {
    const probe = encodeMap([['method', encodeText('info')], ['session', encodeUuid(this.standInSession)]]);
    const { reply } = await this.execute(probe);
    if (!reply || !isErrorReply(reply) || !reply.includes(this.standInSession)) {
      throw new Error('engine did not answer "Session not found" for an unknown session');
    }
    this.#notFoundTemplate = reply.toString('latin1');
  }

  /** Whether `reply` is the engine's "Session not found" for the stand-in session. */
  isStandInNotFound(reply) {
    return reply.length === this.#notFoundTemplate.length && reply.toString('latin1') === this.#notFoundTemplate;
  }

  /** The engine's "Session not found" reply for `uuid` (same length as the template). */
  sessionNotFound(uuid) {
    return Buffer.from(this.#notFoundTemplate.replaceAll(this.standInSession, uuid), 'latin1');
  }

  /**
   * Runs one CBOR request. Resolves to `{reply}` with the engine's reply bytes,
   * or to `{rejected}` with the protocol error reply when the engine refuses
   * the frame itself (it throws for those instead of answering).
   */
  async execute(request) {
    try {
      return { reply: Buffer.from(await this.#native.execute(request)) };
    } catch (err) {
      return { rejected: err.message === 'Invalid request' ? INVALID_REQUEST : PARSE_ERROR };
    }
  }

  notifications() {
    return this.#native.notifications();
  }

  free() {
    this.#native.free();
  }
}
