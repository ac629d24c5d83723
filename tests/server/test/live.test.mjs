import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { Client, eventually, Tag, uuidTag, uuidText, withServer } from '../support/rpc-client.mjs';

// Quiet period used to show that a message did NOT arrive.
const SILENCE_MS = 300;

describe('live query notifications', { timeout: 20000 }, () => {
  const fixture = withServer(2, async (_server, [, b]) => {
    await b.call('use', ['live', 'live']);
    await b.call('query', ['DEFINE TABLE person; DEFINE TABLE pet']);
  });

  test('a live query on an attached session notifies only its connection, with the session', async () => {
    const { clients: [a, b] } = fixture;
    const id = randomUUID();
    const session = uuidTag(id);
    await a.call('attach', undefined, { session });
    await a.call('use', ['live', 'live'], { session });
    const live = await a.call('live', ['person'], { session });
    assert.equal(live.result.tag, 37);

    await b.call('create', [new Tag(8, ['person', 'tobie']), { name: 'Tobie' }]);
    const { msg } = await a.nextUnsolicited();
    assert.deepEqual(Object.keys(msg).sort(), ['result', 'session']);
    assert.equal(uuidText(msg.session), id);
    assert.equal(uuidText(msg.result.id), uuidText(live.result));
    assert.equal(msg.result.action, 'CREATE');
    assert.equal(msg.result.record.tag, 8);
    assert.equal(msg.result.result.name, 'Tobie');
    assert.equal(uuidText(msg.result.session), id);

    await new Promise((resolve) => setTimeout(resolve, SILENCE_MS));
    assert.equal(b.unsolicitedCount, 0, 'the other connection got nothing');
    assert.equal(a.unsolicitedCount, 0, 'exactly one notification');
  });

  test('a default-session live query notifies without a top-level session and hides the engine session', async () => {
    const { server, clients: [a, b] } = fixture;
    const live = await b.call('live', ['pet']);
    await a.call('query', ['USE NS live DB live; CREATE pet:rex']);
    const { msg } = await b.nextUnsolicited();
    assert.deepEqual(Object.keys(msg), ['result']);
    assert.equal(msg.result.action, 'CREATE');
    assert.equal(uuidText(msg.result.id), uuidText(live.result));
    // result.session stands for the connection (as on a real server), not the hidden engine session.
    assert.equal(msg.result.session.tag, 37);
    assert.equal((await server.engineSessions()).includes(uuidText(msg.result.session)), false);
    await b.call('kill', [live.result]);
  });

  test("closing a socket kills its sessions' live queries", async () => {
    const { server, clients: [, b] } = fixture;
    const c = await Client.open(server.url);
    const session = uuidTag(randomUUID());
    await c.call('attach', undefined, { session });
    await c.call('use', ['live', 'live'], { session });
    await c.call('live', ['pet'], { session });
    await c.call('use', ['live', 'live']);
    await c.call('live', ['pet']);
    const lives = async () => Object.keys((await b.call('query', ['INFO FOR TABLE pet'])).result[0].result.lives);
    assert.equal((await lives()).length, 2);
    await c.close();
    await eventually(async () => (await lives()).length === 0);
    // Changes after the close reach no one and break nothing.
    await b.call('query', ['CREATE pet:felix']);
    assert.equal((await b.call('ping')).error, undefined);
  });
});
