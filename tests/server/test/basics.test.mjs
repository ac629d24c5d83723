import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import WebSocket from 'ws';
import { cbor, isNone, Tag, withServer } from '../support/rpc-client.mjs';

const hex = (bytes) => Buffer.from(bytes).toString('hex');

describe('envelope, ids and malformed frames', { timeout: 20000 }, () => {
  const fixture = withServer(1);

  test('the URL is a loopback /rpc endpoint', () => {
    const { server } = fixture;
    assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+\/rpc$/);
    assert.equal(server.url, `ws://127.0.0.1:${server.port}/rpc`);
  });

  test('version answers the real engine version', async () => {
    const { clients: [client] } = fixture;
    const { msg } = await client.request('version');
    assert.equal(msg.result, 'surrealdb-3.0.2');
  });

  test('ping answers NONE (tag 6 null) and echoes the id, with no session key', async () => {
    const { clients: [client] } = fixture;
    const { msg, raw } = await client.request('ping');
    assert.ok(isNone(msg.result));
    // {"id": <id>, "result": 6(null)}: exactly two keys, NONE encoded as c6 f6.
    const id = Buffer.from(cbor.encode(msg.id));
    assert.equal(hex(raw), `a2626964${hex(id)}66726573756c74c6f6`);
    assert.equal('session' in msg, false);
  });

  test('ids of any accepted type are echoed byte for byte', async () => {
    const { clients: [client] } = fixture;
    const stringId = await client.requestWithId('req-ü-1', { id: 'req-ü-1', method: 'ping' });
    assert.equal(stringId.msg.id, 'req-ü-1');
    const bigId = 2 ** 40 + 7;
    const bigReply = await client.requestWithId(bigId, { id: bigId, method: 'version' });
    assert.ok(bigReply.raw.includes(Buffer.from(cbor.encode(bigId))));
  });

  test('a request without id gets a reply without id', async () => {
    const { clients: [client] } = fixture;
    client.send(cbor.encode({ method: 'ping' }));
    const { msg } = await client.nextUnsolicited();
    assert.deepEqual(Object.keys(msg), ['result']);
  });

  test('replies are matched by id and may come back out of order', async () => {
    const { clients: [client] } = fixture;
    const order = [];
    const slow = client.request('query', ['SLEEP 300ms; RETURN "slow"']).then((r) => order.push('slow') && r);
    const fast = client.request('ping').then((r) => order.push('fast') && r);
    const [slowReply, fastReply] = await Promise.all([slow, fast]);
    assert.deepEqual(order, ['fast', 'slow']);
    assert.equal(slowReply.msg.result[1].result, 'slow');
    assert.ok(isNone(fastReply.msg.result));
  });

  test('engine errors come back with the id and the 3.x error shape', async () => {
    const { clients: [client] } = fixture;
    const { msg } = await client.request('no_such_method');
    assert.equal(typeof msg.id, 'number');
    assert.equal(msg.error.code, -32601);
    assert.equal(msg.error.kind, 'NotFound');
    assert.equal(msg.error.message, 'Method not found');
    assert.equal('result' in msg, false);
  });

  const parseError = { code: -32700, message: 'Parse error', kind: 'Validation', details: { kind: 'Parse' } };
  const invalidRequest = {
    code: -32600, message: 'Invalid request', kind: 'Validation', details: { kind: 'InvalidRequest' },
  };

  async function expectUncorrelatedError(frame, expected, options) {
    const { clients: [client] } = fixture;
    client.send(frame, options);
    const { msg } = await client.nextUnsolicited();
    assert.deepEqual(Object.keys(msg), ['error'], 'no id and no session');
    const { cause, ...error } = msg.error;
    assert.ok(isNone(cause));
    assert.deepEqual(error, expected);
  }

  test('bytes that are not CBOR answer a parse error', async () => {
    await expectUncorrelatedError(Buffer.from([0xff, 0x00, 0x01]), parseError);
    await expectUncorrelatedError(Buffer.from([0xa1, 0x62, 0x69]), parseError); // truncated
    await expectUncorrelatedError(Buffer.alloc(0), parseError);
    const trailing = Buffer.concat([cbor.encode({ method: 'ping' }), Buffer.of(0x01)]); // a map, then one more byte
    await expectUncorrelatedError(trailing, parseError);
  });

  test('CBOR that is not a map answers a parse error, as the server does', async () => {
    await expectUncorrelatedError(cbor.encode(['ping']), parseError);
  });

  test('a map that is not a valid request answers an invalid-request error', async () => {
    await expectUncorrelatedError(cbor.encode({ method: 5 }), invalidRequest); // method not text
    await expectUncorrelatedError(cbor.encode({ id: [1], method: 'ping' }), invalidRequest); // bad id type
    await expectUncorrelatedError(cbor.encode({ method: 'ping', session: 'not-a-uuid' }), invalidRequest);
  });

  /** The error reply to `body`, which must carry `body.id` back. */
  async function expectCorrelatedError(body, expected) {
    const { clients: [client] } = fixture;
    const { msg } = await client.requestWithId(body.id, body);
    assert.deepEqual(Object.keys(msg), ['error', 'id']);
    assert.deepEqual(msg.id, body.id);
    const { cause, ...error } = msg.error;
    assert.ok(isNone(cause));
    assert.deepEqual(error, expected);
  }

  test('an invalid request whose id can be read is answered with that id', async () => {
    await expectCorrelatedError({ id: 7 }, invalidRequest); // no method
    await expectCorrelatedError({ id: 'text-8', method: 'ping', session: 'not-a-uuid' }, invalidRequest);
    await expectCorrelatedError({ id: '9', method: 'query', params: ['RETURN 1'], txn: 'nope' }, invalidRequest);
  });

  test('a request the engine itself refuses is answered with its id', async () => {
    // The engine throws for a version other than 1 or 2 instead of answering.
    await expectCorrelatedError({ id: 10, method: 'ping', version: 3 }, invalidRequest);
    await expectCorrelatedError({ id: 'eleven', method: 'ping', version: 3 }, invalidRequest);
  });

  test('NONE (tag 6) as session, txn or id means absent, as the JS SDK sends them', async () => {
    const { clients: [client] } = fixture;
    const none = new Tag(6, null);
    const { msg } = await client.requestWithId('4', {
      id: '4', method: 'query', params: ['RETURN 1'], session: none, txn: none,
    });
    assert.deepEqual(Object.keys(msg).sort(), ['id', 'result']);
    assert.equal(msg.result[0].result, 1);
    client.send(cbor.encode({ id: none, method: 'ping' }));
    const unnamed = await client.nextUnsolicited();
    assert.deepEqual(Object.keys(unnamed.msg), ['result']);
  });

  test('a text frame is decoded as CBOR like a binary one (JSON text is a parse error)', async () => {
    await expectUncorrelatedError('{"id":1,"method":"ping"}', parseError, { binary: false });
  });

  test('the connection keeps working after malformed frames', async () => {
    const { clients: [client] } = fixture;
    const { msg } = await client.request('version');
    assert.equal(msg.result, 'surrealdb-3.0.2');
  });
});

describe('HTTP upgrade rules', { timeout: 10000 }, () => {
  const fixture = withServer(0);

  /** Resolves to the HTTP status and body of a refused upgrade, or 101 if accepted. */
  function tryUpgrade(url, protocols) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols);
      ws.once('open', () => {
        resolve({ status: 101, protocol: ws.protocol });
        ws.close();
      });
      ws.once('unexpected-response', (req, res) => {
        let body = '';
        res.on('data', (chunk) => { body += chunk; });
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      ws.once('error', (err) => { if (!err.message.includes('Unexpected server response')) reject(err); });
    });
  }

  test('other paths answer 404', async () => {
    const { server } = fixture;
    const { status } = await tryUpgrade(server.url.replace('/rpc', '/sql'), 'cbor');
    assert.equal(status, 404);
  });

  test('a client that does not offer cbor is refused with a clear 400', async () => {
    const { server } = fixture;
    const { status, body } = await tryUpgrade(server.url, 'json');
    assert.equal(status, 400);
    assert.match(body, /only the "cbor" WebSocket subprotocol/);
    assert.equal((await tryUpgrade(server.url, [])).status, 400);
  });

  test('cbor is selected even when offered after another protocol', async () => {
    const { server } = fixture;
    assert.deepEqual(await tryUpgrade(server.url, ['json', 'cbor']), { status: 101, protocol: 'cbor' });
  });
});
