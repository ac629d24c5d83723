// Records real engine replies as fuzz seeds: starts the engine front, sends
// requests that cover every reply shape (results of each value kind, query
// results with OK and ERR statements, server errors, a session echo, live
// notifications of every action) and writes each raw frame to
// corpus/engine_<name>.cbor. Run: node tests/fuzz/record-corpus.mjs
import { writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/server.mjs';
import { Client, uuidTag } from '../server/support/rpc-client.mjs';

const corpus = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
const save = (name, raw) => writeFileSync(join(corpus, `engine_${name}.cbor`), raw);

const server = await startServer();
const db = await Client.open(server.url);
try {
  const call = async (name, method, params, extra) => save(name, (await db.request(method, params, extra)).raw);
  await call('version', 'version', []);
  await call('ping', 'ping');
  await call('use', 'use', ['fuzz', 'fuzz']);
  await call('query_kinds', 'query', [
    `RETURN [NONE, NULL, true, 42, -7, 1.5, 3.14dec, 'text', <bytes>'ab', u'0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11',
      d'2026-01-01T00:00:00.123456789Z', d'1969-07-20T20:17:40Z', 1h30m, 0ns, person:tobie, person:1,
      person:['London', 1], person:{ a: 1 }, person:1..=10, 1>..10, ..5, (1.5, 2.5),
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, { a: { b: [1, { c: NONE }] } }]`,
  ]);
  await call('query_err', 'query', ['RETURN 1; THROW "boom"; RETURN 2']);
  await call('parse_error', 'query', ['SELECT * FROM;']);
  await call('error_method', 'nope', []);
  await call('error_params', 'use', []);
  const session = randomUUID();
  await call('attach', 'attach', undefined, { session: uuidTag(session) });
  await call('session_echo', 'query', ['RETURN $x', { x: 1 }], { session: uuidTag(session) });
  await call('unknown_session', 'ping', undefined, { session: uuidTag(randomUUID()) });
  await call('signin_fail', 'signin', [{ user: 'nobody', pass: 'wrong' }]);

  await db.call('query', ['DEFINE TABLE item']);
  const live = (await db.call('live', ['item'])).result;
  await db.call('query', ['CREATE item:1 SET n = 1; UPDATE item:1 SET n = 2; DELETE item:1']);
  for (const action of ['create', 'update', 'delete']) save(`live_${action}`, (await db.nextUnsolicited()).raw);
  await db.call('kill', [live]);
} finally {
  await db.close();
  await server.close();
}
