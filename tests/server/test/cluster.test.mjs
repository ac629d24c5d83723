import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startCluster } from '../cluster.mjs';
import { startServer } from '../server.mjs';
import { cbor, Client, uuidTag } from '../support/rpc-client.mjs';

const LAUNCHER = fileURLToPath(new URL('../with-cluster.mjs', import.meta.url));
const CWD = fileURLToPath(new URL('..', import.meta.url));
const ROOT = { user: 'root', pass: 'root' };

/** One control call; resolves to {status, body}. */
async function control(cluster, method, path) {
  const res = await fetch(`${cluster.control}${path}`, { method });
  return { status: res.status, body: await res.json() };
}

/** A control call that must succeed; resolves to its JSON body. */
async function ok(cluster, method, path) {
  const { status, body } = await control(cluster, method, path);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

/**
 * A cluster per test from `make()` ({cluster, close}); `open(i)` opens a
 * client on node i, signed in as root and in `fixture.ns`/`fixture.db`, and
 * every client is closed after the test.
 */
function perTestCluster(make) {
  const fixture = { cluster: undefined, clients: [], ns: 'cluster', db: undefined };
  let made;
  fixture.connect = async (node) => {
    const client = await Client.open(fixture.cluster.urls[node]);
    fixture.clients.push(client);
    return client;
  };
  fixture.open = async (node) => {
    const client = await fixture.connect(node);
    assert.equal(typeof (await client.call('signin', [ROOT])).result, 'string');
    assert.equal((await client.call('use', [fixture.ns, fixture.db])).error, undefined);
    return client;
  };
  beforeEach(async () => {
    made = await make();
    fixture.cluster = made.cluster;
    fixture.db = `db_${randomUUID().replaceAll('-', '')}`;
  });
  afterEach(async () => {
    await Promise.all(fixture.clients.splice(0).map((client) => client.close()));
    await made.close();
  });
  return fixture;
}

/** The first statement's result of a `query` reply. */
function firstResult(reply) {
  assert.equal(reply.error, undefined, JSON.stringify(reply.error));
  assert.equal(reply.result[0].status, 'OK', JSON.stringify(reply.result[0]));
  return reply.result[0].result;
}

/** What both kinds of node must do: the same tests for nodes on a local engine and for proxies. */
function clusterBehaviour(fixture) {
  test('two nodes serve the same data', async () => {
    const [a, b] = [await fixture.open(0), await fixture.open(1)];
    firstResult(await a.call('query', ['CREATE item:1 SET by = "a"']));
    assert.deepEqual(firstResult(await b.call('query', ['RETURN item:1.by'])), 'a');
    firstResult(await b.call('query', ['UPDATE item:1 SET by = "b"']));
    assert.deepEqual(firstResult(await a.call('query', ['RETURN item:1.by'])), 'b');
  });

  test('sessions belong to the socket, so to the node: another node does not know them', async () => {
    const [a, b] = [await fixture.open(0), await fixture.open(1)];
    const session = randomUUID();
    assert.equal((await a.call('attach', undefined, { session: uuidTag(session) })).error, undefined);
    assert.equal((await a.call('use', [fixture.ns, fixture.db], { session: uuidTag(session) })).error, undefined);
    const elsewhere = await b.call('use', [fixture.ns, fixture.db], { session: uuidTag(session) });
    assert.equal(elsewhere.error.message, `Session not found: ${session}`);
    assert.equal((await a.call('sessions')).result.length, 1);
    assert.deepEqual((await b.call('sessions')).result, []);
  });

  test('stop cuts every socket on the node and refuses connections; the other node goes on', async () => {
    const { cluster } = fixture;
    const [a1, a2, b] = [await fixture.open(0), await fixture.connect(0), await fixture.open(1)];
    await a2.call('ping');
    assert.deepEqual(await ok(cluster, 'POST', '/nodes/0/stop'), { closed: 2 });
    // 1006: TCP ended without a close frame, as when a server dies.
    assert.deepEqual(await Promise.all([a1.closed, a2.closed]), [1006, 1006]);
    await assert.rejects(Client.open(cluster.urls[0]), { code: 'ECONNREFUSED' });
    assert.equal((await b.call('ping')).error, undefined);

    const nodes = await ok(cluster, 'GET', '/nodes');
    assert.deepEqual(nodes.map(({ node, url, state, open }) => ({ node, url, state, open })), [
      { node: 0, url: cluster.urls[0], state: 'stopped', open: 0 },
      { node: 1, url: cluster.urls[1], state: 'running', open: 1 },
    ]);
    const again = await control(cluster, 'POST', '/nodes/0/stop');
    assert.equal(again.status, 409);
  });

  test('start serves on the same port again, with what was written meanwhile', async () => {
    const { cluster } = fixture;
    const a = await fixture.open(0);
    firstResult(await a.call('query', ['CREATE item:before']));
    await ok(cluster, 'POST', '/nodes/0/stop');
    const b = await fixture.open(1);
    firstResult(await b.call('query', ['CREATE item:during']));

    const started = await ok(cluster, 'POST', '/nodes/0/start');
    assert.equal(started.url, cluster.urls[0]);
    assert.equal(started.state, 'running');
    const again = await fixture.open(0);
    const ids = firstResult(await again.call('query', ['RETURN array::sort((SELECT VALUE record::id(id) FROM item))']));
    assert.deepEqual(ids, ['before', 'during']);
    assert.equal((await control(cluster, 'POST', '/nodes/0/start')).status, 409);
  });

  test('each node logs method, session and id of the frames it received, never params', async () => {
    const { cluster } = fixture;
    const secret = `secret-${randomUUID()}`;
    const a = await fixture.connect(0);
    const b = await fixture.connect(1);
    const conn = (await ok(cluster, 'GET', '/nodes/0')).accepted;
    await ok(cluster, 'POST', '/nodes/0/log/clear');
    await ok(cluster, 'POST', '/nodes/1/log/clear');

    const session = randomUUID();
    assert.notEqual((await a.call('signin', [{ user: 'root', pass: secret }])).error, undefined);
    await a.call('attach', undefined, { session: uuidTag(session) });
    await a.call('let', ['password', secret], { session: session.toUpperCase() });
    a.send(cbor.encode({ id: 'text-id', method: 'ping', params: [secret] }));
    a.send(Buffer.from([0xff, 0x00]));
    await a.nextUnsolicited();
    await a.nextUnsolicited();
    await b.call('ping');

    const log = await ok(cluster, 'GET', '/nodes/0/log');
    assert.deepEqual(log, [
      { conn, method: 'signin', session: null, id: 1 },
      { conn, method: 'attach', session, id: 2 },
      { conn, method: 'let', session, id: 3 },
      { conn, method: 'ping', session: null, id: null },
      { conn, method: null, session: null, id: null },
    ]);
    assert.ok(!JSON.stringify(log).includes(secret));
    const other = await ok(cluster, 'GET', '/nodes/1/log');
    assert.deepEqual(other.map(({ method, id }) => ({ method, id })), [{ method: 'ping', id: 1 }]);
    assert.deepEqual(await ok(cluster, 'POST', '/nodes/0/log/clear'), { cleared: 5 });
    assert.deepEqual(await ok(cluster, 'GET', '/nodes/0/log'), []);
  });

  test('the control API answers 404 for an unknown node or path and 405 for a wrong method', async () => {
    const { cluster } = fixture;
    assert.equal((await control(cluster, 'POST', '/nodes/2/stop')).status, 404);
    assert.equal((await control(cluster, 'GET', '/nodes/x/log')).status, 404);
    assert.equal((await control(cluster, 'GET', '/nodes/0/stop')).status, 405);
    assert.equal((await control(cluster, 'GET', '/bogus')).status, 404);
    assert.equal((await control(cluster, 'GET', '/nodes/%zz')).status, 400);
  });
}

describe('a cluster of two ports on one engine', { timeout: 30000 }, () => {
  const fixture = perTestCluster(async () => {
    const cluster = await startCluster({ nodes: 2 });
    return { cluster, close: cluster.close };
  });
  clusterBehaviour(fixture);

  test('sessions live in the node: closing a stopped node\'s socket released them on the engine', async () => {
    const a = await fixture.open(0);
    const session = randomUUID();
    await a.call('attach', undefined, { session: uuidTag(session) });
    await ok(fixture.cluster, 'POST', '/nodes/0/stop');
    // Once stop answered, the session may be attached again on another node.
    const b = await fixture.open(1);
    assert.equal((await b.call('attach', undefined, { session: uuidTag(session) })).error, undefined);
  });
});

describe('a cluster of proxies in front of a server', { timeout: 30000 }, () => {
  let server;
  before(async () => {
    server = await startServer({ auth: true });
  });
  after(() => server.close());
  const fixture = perTestCluster(async () => {
    const cluster = await startCluster({ nodes: 2, upstream: server.url });
    return { cluster, close: cluster.close };
  });
  clusterBehaviour(fixture);

  test('what a node is sent reaches the server behind it', async () => {
    const a = await fixture.open(0);
    firstResult(await a.call('query', ['CREATE item:through']));
    const direct = await Client.open(server.url);
    try {
      await direct.call('signin', [ROOT]);
      await direct.call('use', [fixture.ns, fixture.db]);
      assert.deepEqual(firstResult(await direct.call('query', ['RETURN record::exists(item:through)'])), true);
    } finally {
      await direct.close();
    }
  });
});

/** Runs `node <args>` in tests/server; resolves to {code, stdout, stderr}. */
function run(args, { env = process.env } = {}) {
  const child = spawn(process.execPath, args, { cwd: CWD, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return once(child, 'exit').then(([code]) => ({ code, stdout, stderr }));
}

// A command for with-cluster.mjs: prints its environment and the control API's node list, exits 3.
const PRINT_CLUSTER = `const env = process.env;
fetch(env.SURREALCAF_CLUSTER + '/nodes').then((res) => res.json()).then((nodes) => {
  console.log(JSON.stringify({ urls: env.SURREALCAF_CLUSTER_URLS, control: env.SURREALCAF_CLUSTER,
    url: env.SURREALCAF_URL, nodes }));
  process.exit(3);
});`;

// A command that writes a record through node 1 into namespace $TEST_NS (ESM, run from tests/server).
const WRITE_THROUGH_NODE_1 = `import { Client } from './support/rpc-client.mjs';
const client = await Client.open(process.env.SURREALCAF_CLUSTER_URLS.split(',')[1]);
await client.call('signin', [{ user: 'root', pass: 'root' }]);
await client.call('use', [process.env.TEST_NS, 'launcher']);
const reply = await client.call('query', ['CREATE item:launched']);
await client.close();
process.exit(reply.result?.[0]?.status === 'OK' ? 0 : 1);`;

describe('with-cluster.mjs', { timeout: 60000 }, () => {
  const withoutUrl = { ...process.env };
  delete withoutUrl.SURREALCAF_URL;

  test('runs the command with the nodes\' URLs, the control base and node 0 as SURREALCAF_URL', async () => {
    const { code, stdout, stderr } = await run([LAUNCHER, process.execPath, '-e', PRINT_CLUSTER], { env: withoutUrl });
    assert.equal(code, 3, stderr);
    const { urls, control: base, url, nodes } = JSON.parse(stdout);
    const list = urls.split(',');
    assert.equal(list.length, 2);
    for (const node of list) assert.match(node, /^ws:\/\/127\.0\.0\.1:\d+\/rpc$/);
    assert.notEqual(list[0], list[1]);
    assert.equal(url, list[0]);
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/control$/);
    assert.deepEqual(nodes.map((node) => [node.url, node.state]), list.map((node) => [node, 'running']));
  });

  test('--nodes N starts N nodes', async () => {
    const { code, stdout } = await run([LAUNCHER, '--nodes', '3', process.execPath, '-e', PRINT_CLUSTER],
      { env: withoutUrl });
    assert.equal(code, 3);
    assert.equal(JSON.parse(stdout).urls.split(',').length, 3);
  });

  test('with SURREALCAF_URL set, the nodes are proxies to that server', async () => {
    const server = await startServer({ auth: true });
    try {
      const ns = `launcher_${randomUUID().replaceAll('-', '')}`;
      const env = { ...process.env, SURREALCAF_URL: server.url, TEST_NS: ns };
      const { code, stderr } = await run([LAUNCHER, process.execPath, '--input-type=module', '-e',
        WRITE_THROUGH_NODE_1], { env });
      assert.equal(code, 0, stderr);
      const direct = await Client.open(server.url);
      await direct.call('signin', [ROOT]);
      await direct.call('use', [ns, 'launcher']);
      const reply = await direct.call('query', ['RETURN record::exists(item:launched)']);
      await direct.close();
      assert.equal(firstResult(reply), true);
    } finally {
      await server.close();
    }
  });

  test('a bad option is a usage error', async () => {
    for (const args of [['--nodes', '0', 'true'], ['--bogus', 'true'], []]) {
      const { code, stderr } = await run([LAUNCHER, ...args]);
      assert.equal(code, 2);
      assert.match(stderr, /usage:/);
    }
  });
});
