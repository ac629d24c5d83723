import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, test } from 'node:test';
import { cbor, Client, eventually, isNone, uuidTag, uuidText, withServer } from '../support/rpc-client.mjs';

const STATE_QUERY = 'RETURN [$x, session::ns(), session::db()]';

describe('sessions are per connection, as on a real server', { timeout: 20000 }, () => {
  // Each test opens its own clients, closed after it so the next one starts clean.
  const fixture = withServer(0);
  let clients = [];
  const open = async () => {
    const client = await Client.open(fixture.server.url);
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
    // The front cleans up after the socket closed; let it finish so counts start from zero.
    await eventually(async () => (await fixture.server.engineSessions()).length === 0);
  });

  test('two connections have separate default sessions', async () => {
    const a = await open();
    const b = await open();
    await a.call('use', ['ns_a', 'db_a']);
    await b.call('use', ['ns_b', 'db_b']);
    await a.call('let', ['x', 'from a']);
    await b.call('let', ['x', 'from b']);
    assert.deepEqual((await a.call('query', [STATE_QUERY])).result[0].result, ['from a', 'ns_a', 'db_a']);
    assert.deepEqual((await b.call('query', [STATE_QUERY])).result[0].result, ['from b', 'ns_b', 'db_b']);
  });

  test('the hidden default session is never listed, nor shown in replies', async () => {
    const a = await open();
    assert.deepEqual((await a.call('sessions')).result, []);
    const reply = await a.call('query', ['RETURN 1']);
    assert.equal('session' in reply, false);
  });

  test('a reply carries the top-level session exactly when the request did', async () => {
    const a = await open();
    const session = randomUUID();
    const attached = await a.request('attach', undefined, { session: uuidTag(session) });
    assert.ok(isNone(attached.msg.result));
    assert.equal(uuidText(attached.msg.session), session);
    // The echoed session is the last key, a tag-37 UUID: 67 "session" d8 25 50 <16 bytes>.
    const sessionEntry = Buffer.concat([Buffer.from('6773657373696f6ed82550', 'hex'), uuidTag(session).contents]);
    assert.deepEqual(attached.raw.subarray(-sessionEntry.length), sessionEntry);

    const inSession = await a.call('query', ['RETURN 1'], { session: uuidTag(session) });
    assert.equal(uuidText(inSession.session), session);
    const byText = await a.call('ping', undefined, { session });
    assert.equal(uuidText(byText.session), session, 'a UUID string is accepted and echoed as tag 37');
    const without = await a.call('query', ['RETURN 1']);
    assert.equal('session' in without, false);
    const nullSession = await a.call('ping', undefined, { session: null });
    assert.equal('session' in nullSession, false);
  });

  test('an attached session keeps its own state apart from the default one', async () => {
    const a = await open();
    const session = uuidTag(randomUUID());
    await a.call('attach', undefined, { session });
    await a.call('use', ['ns_s', 'db_s'], { session });
    await a.call('let', ['x', 'in session'], { session });
    await a.call('let', ['x', 'default']);
    assert.deepEqual((await a.call('query', [STATE_QUERY], { session })).result[0].result,
      ['in session', 'ns_s', 'db_s']);
    assert.equal((await a.call('query', [STATE_QUERY])).result[0].result[0], 'default');
  });

  test("a session attached by A is invisible to B and A keeps using it", async () => {
    const a = await open();
    const b = await open();
    const id = randomUUID();
    const session = uuidTag(id);
    await a.call('attach', undefined, { session });
    await a.call('use', ['ns_a', 'db_a'], { session });

    assert.deepEqual((await a.call('sessions')).result.map(uuidText), [id]);
    assert.deepEqual((await b.call('sessions')).result, []);

    // B naming A's session gets exactly what the engine answers for an unknown one.
    const stolen = await b.call('query', ['RETURN session::ns()'], { session });
    const unknownId = randomUUID();
    const unknown = await b.call('query', ['RETURN session::ns()'], { session: uuidTag(unknownId) });
    assert.deepEqual(stolen.error, {
      cause: unknown.error.cause,
      code: -32000,
      details: { details: { id }, kind: 'Session' },
      kind: 'NotFound',
      message: `Session not found: ${id}`,
    });
    assert.deepEqual(
      JSON.parse(JSON.stringify(unknown.error).replaceAll(unknownId, id)),
      JSON.parse(JSON.stringify(stolen.error)),
    );
    assert.equal(uuidText(stolen.session), id);

    // B cannot detach, reset or change it either.
    assert.ok(isNone((await b.call('detach', undefined, { session })).result));
    assert.equal((await b.call('let', ['x', 1], { session })).error.kind, 'NotFound');
    assert.equal((await b.call('reset', undefined, { session })).error.kind, 'NotFound');

    assert.deepEqual((await a.call('query', ['RETURN session::ns()'], { session })).result[0].result, 'ns_a');
    assert.deepEqual((await a.call('sessions')).result.map(uuidText), [id]);
  });

  test('detach removes the session from the caller and from the engine', async () => {
    const { server } = fixture;
    const a = await open();
    const id = randomUUID();
    await a.call('attach', undefined, { session: uuidTag(id) });
    assert.ok((await server.engineSessions()).includes(id));
    assert.ok(isNone((await a.call('detach', undefined, { session: uuidTag(id) })).result));
    assert.deepEqual((await a.call('sessions')).result, []);
    assert.equal((await server.engineSessions()).includes(id), false);
    const after = await a.call('ping', [], { session: uuidTag(id) });
    assert.ok(isNone(after.result), 'ping does not look the session up, on the engine either');
    assert.equal((await a.call('info', undefined, { session: uuidTag(id) })).error.message, `Session not found: ${id}`);
  });

  test('attach and detach without a session are refused, not run on the hidden session', async () => {
    const a = await open();
    for (const method of ['attach', 'detach']) {
      const { error } = await a.call(method);
      assert.equal(error.message, 'Expected a session ID');
      assert.equal(error.details.kind, 'InvalidParams');
    }
    assert.deepEqual((await a.call('sessions')).result, []);
    assert.equal((await a.call('query', ['RETURN 1'])).result[0].result, 1, 'the default session still works');
  });

  test("closing a socket detaches all of its sessions in the engine", async () => {
    const { server } = fixture;
    const a = await open();
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) await a.call('attach', undefined, { session: uuidTag(id) });
    const during = await server.engineSessions();
    assert.equal(during.length, 3, 'two attached plus the hidden default session');
    for (const id of ids) assert.ok(during.includes(id));

    await a.close();
    await eventually(async () => (await server.engineSessions()).length === 0);
  });
});

describe('transactions are per connection', { timeout: 20000 }, () => {
  const fixture = withServer(2, async (_server, clients) => {
    const [a] = clients;
    for (const client of clients) await client.call('use', ['test', 'test']);
    await a.call('query', ['DEFINE TABLE item']);
  });

  test("B cannot use, commit or cancel A's transaction; A commits it", async () => {
    const { clients: [a, b] } = fixture;
    const txn = (await a.call('begin')).result;
    assert.equal(txn.tag, 37);
    assert.equal((await a.call('query', ['CREATE item:1'], { txn })).result[0].status, 'OK');
    assert.deepEqual((await b.call('query', ['SELECT * FROM item'])).result[0].result, [], 'not visible before commit');

    for (const [method, params, extra] of [['query', ['CREATE item:2'], { txn }], ['commit', [txn]], ['cancel', [txn]]]) {
      const { error } = await b.call(method, params, extra);
      assert.equal(error.message, 'Transaction not found', method);
    }

    assert.ok(isNone((await a.call('commit', [txn])).result));
    assert.deepEqual((await b.call('query', ['SELECT VALUE id FROM item'])).result[0].result.length, 1);
  });

  test('closing a socket cancels the transactions it left open', async () => {
    const { server, clients: [, b] } = fixture;
    const sessionCount = (await server.engineSessions()).length;
    const c = await Client.open(server.url);
    await c.call('use', ['test', 'test']);
    const txn = (await c.call('begin')).result;
    await c.call('query', ['CREATE item:3'], { txn });
    await c.close();
    // The front cancels before it detaches; once c's default session is gone, so is the transaction.
    await eventually(async () => (await server.engineSessions()).length === sessionCount);

    // Ask the engine itself, past the front's ownership check (this would commit a live transaction).
    const commit = cbor.encode({ method: 'commit', params: [txn] });
    assert.equal(cbor.decode(await server.engineExecute(commit)).error?.message, 'Transaction not found');
    assert.deepEqual((await b.call('query', ['SELECT * FROM item:3'])).result[0].result, []);
  });
});
