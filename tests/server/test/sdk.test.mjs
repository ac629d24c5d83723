import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Surreal, Table } from 'surrealdb';
import WebSocket from 'ws';
import { startServer } from '../server.mjs';

// The official JS SDK (the `surrealdb` peer dependency) against the front with
// authentication required, as a new user would try it. Every wait is bounded:
// a request the front leaves unanswered fails the test instead of hanging it.

const WAIT_MS = 5000;

function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${WAIT_MS} ms`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const root = { username: 'root', password: 'root' };

describe('the official JS SDK', { timeout: 60000 }, () => {
  let server;
  const clients = [];

  /** A connected SDK client; Node 20 has no global WebSocket, so the SDK gets ws's. */
  async function connect() {
    const db = new Surreal({ websocketImpl: WebSocket });
    clients.push(db);
    await within(db.connect(server.url), 'connect');
    return db;
  }

  before(async () => {
    server = await startServer({ auth: true });
  });
  after(async () => {
    await Promise.all(clients.map((db) => db.close().catch(() => {})));
    await server.close();
  });

  test('connect, version, signin, use and query answer', async () => {
    const db = await connect();
    assert.deepEqual(await within(db.version(), 'version'), { version: 'surrealdb-3.0.2' });
    const tokens = await within(db.signin(root), 'signin');
    assert.equal(typeof tokens.access, 'string');
    assert.deepEqual(await within(db.use({ namespace: 'sdk', database: 'basics' }), 'use'),
      { namespace: 'sdk', database: 'basics' });
    const [created, two] = await within(db.query('CREATE person:1 SET a = 1 RETURN VALUE a; RETURN 2'), 'query');
    assert.deepEqual(created, [1]);
    assert.equal(two, 2);
  });

  test('an anonymous query is refused with a NotAllowed error, not left unanswered', async () => {
    const db = await connect();
    await within(db.use({ namespace: 'sdk', database: 'basics' }), 'use');
    await assert.rejects(within(db.query('RETURN 1'), 'anonymous query'), (err) => {
      assert.equal(err.kind, 'NotAllowed');
      assert.match(err.message, /Not enough permissions/);
      return true;
    });
  });

  test('a new session starts anonymous, signs in on its own and closes (attach, detach)', async () => {
    const db = await connect();
    await within(db.signin(root), 'signin');
    const session = await within(db.newSession(), 'newSession');
    assert.deepEqual((await within(db.sessions(), 'sessions')).map(String), [String(session.session)]);
    await assert.rejects(within(session.query('RETURN 1'), 'anonymous session query'), /Not enough permissions/);
    await within(session.signin(root), 'session signin');
    await within(session.use({ namespace: 'sdk', database: 'sessions' }), 'session use');
    const [created] = await within(session.query('CREATE thing:1 RETURN VALUE id'), 'session query');
    assert.equal(created.length, 1);
    // SDK 2.0.8's closeSession forgets the session without cancelling its token
    // renewal timer, which would keep this process alive; invalidate cancels it.
    await within(session.invalidate(), 'session invalidate');
    await within(session.closeSession(), 'closeSession');
    assert.deepEqual(await within(db.sessions(), 'sessions after close'), []);
  });

  test('a transaction is invisible outside until commit, and cancel drops it', async () => {
    const db = await connect();
    await within(db.signin(root), 'signin');
    await within(db.use({ namespace: 'sdk', database: 'transactions' }), 'use');
    await within(db.query('DEFINE TABLE item'), 'define');
    const kept = await within(db.beginTransaction(), 'begin');
    await within(kept.query('CREATE item:kept'), 'query in transaction');
    assert.deepEqual(await within(db.query('SELECT VALUE id FROM item'), 'outside'), [[]]);
    await within(kept.commit(), 'commit');
    assert.equal((await within(db.query('SELECT VALUE id FROM item'), 'after commit'))[0].length, 1);
    const dropped = await within(db.beginTransaction(), 'begin');
    await within(dropped.query('CREATE item:dropped'), 'query in transaction');
    await within(dropped.cancel(), 'cancel');
    assert.equal((await within(db.query('SELECT VALUE id FROM item'), 'after cancel'))[0].length, 1);
  });

  test('a live query notifies the signed-in watcher', async () => {
    const db = await connect();
    await within(db.signin(root), 'signin');
    await within(db.use({ namespace: 'sdk', database: 'live' }), 'use');
    await within(db.query('DEFINE TABLE person'), 'define');
    const live = await within(db.live(new Table('person')), 'live');
    const first = new Promise((resolve) => { live.subscribe(resolve); });
    await within(db.query('CREATE person:watched SET a = 1'), 'create');
    const message = await within(first, 'notification');
    assert.equal(message.action, 'CREATE');
    assert.equal(message.value.a, 1);
    await within(live.kill(), 'kill');
  });
});
