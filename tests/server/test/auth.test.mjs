import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isNone, uuidTag, withServer } from '../support/rpc-client.mjs';

// With `auth`, the front refuses anonymous data access as `surreal start`
// does with authentication enabled; the root user root/root exists.
describe('auth: anonymous data access is refused', { timeout: 20000 }, () => {
  const fixture = withServer(2, () => {}, { auth: true });
  const root = { user: 'root', pass: 'root' };

  function assertRefused(msg) {
    assert.equal(msg.error.code, -32002);
    assert.equal(msg.error.kind, 'NotAllowed');
    assert.equal(msg.error.message, 'IAM error: Not enough permissions to perform this action');
    assert.deepEqual(msg.error.details, {
      kind: 'Auth',
      details: { kind: 'NotAllowed', details: { actor: 'anonymous', action: 'process', resource: 'query' } },
    });
    assert.ok(isNone(msg.error.cause));
  }

  test('an anonymous query, create or select is refused with its id', async () => {
    const { clients: [client] } = fixture;
    assert.deepEqual((await client.call('use', ['auth_ns', 'auth_db'])).result, { namespace: 'auth_ns', database: 'auth_db' });
    for (const [method, params] of [['query', ['RETURN 1']], ['create', ['person', { a: 1 }]], ['select', ['person']]]) {
      const msg = await client.call(method, params);
      assert.equal(typeof msg.id, 'number');
      assertRefused(msg);
    }
    // Methods that touch no data still answer.
    assert.equal((await client.call('version')).result, 'surrealdb-3.0.2');
    assert.ok(isNone((await client.call('ping')).result));
  });

  test('the root user exists: after signin as root/root data access works', async () => {
    const { clients: [, client] } = fixture;
    assert.equal((await client.call('signin', [{ user: 'root', pass: 'wrong' }])).error.code, -32002);
    assertRefused(await client.call('query', ['RETURN 1']));
    const signin = await client.call('signin', [root]);
    assert.equal(typeof signin.result, 'string', 'a token');
    await client.call('use', ['auth_ns', 'auth_db']);
    const { result } = await client.call('query', ['CREATE person:one SET a = 1 RETURN VALUE a']);
    assert.deepEqual(result[0].result, [1]);
    // invalidate signs the session out again.
    await client.call('invalidate');
    assertRefused(await client.call('query', ['RETURN 1']));
  });

  test('each attached session signs in on its own', async () => {
    const { clients: [client] } = fixture;
    const session = '0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11';
    const named = { session: uuidTag(session) };
    assert.equal((await client.call('attach', [], named)).error, undefined);
    assertRefused(await client.call('query', ['RETURN 1'], named));
    await client.call('signin', [root], named);
    assert.equal((await client.call('query', ['RETURN 1'], named)).result[0].result, 1);
    // The default session of the same socket is still anonymous.
    assertRefused(await client.call('query', ['RETURN 1']));
    await client.call('detach', [], named);
  });
});
