import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { EngineProcess, freePort } from '../engine-process.mjs';
import { startFaultProxy } from '../fault-proxy.mjs';
import { startServer } from '../server.mjs';
import { cbor, Client, eventually, uuidTag } from '../support/rpc-client.mjs';

const PROXY = fileURLToPath(new URL('../fault-proxy.mjs', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../with-fault-proxy.mjs', import.meta.url));
const CWD = fileURLToPath(new URL('..', import.meta.url));
const ROOT = { user: 'root', pass: 'root' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One control call; resolves to {status, body}. */
async function control(proxy, method, path) {
  const res = await fetch(`${proxy.control}${path}`, { method });
  return { status: res.status, body: await res.json() };
}

/** A control call that must succeed; resolves to its JSON body. */
async function ok(proxy, method, path) {
  const { status, body } = await control(proxy, method, path);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

/**
 * A WebSocket upstream that sends every frame back, so that order and timing
 * through the proxy are exact; `handshakeDelayMs` holds each upgrade that long.
 */
async function startEcho({ handshakeDelayMs = 0 } = {}) {
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: () => 'cbor',
    verifyClient: (info, done) => setTimeout(() => done(true), handshakeDelayMs),
  });
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  await once(wss, 'listening');
  return {
    url: `ws://127.0.0.1:${wss.address().port}/rpc`,
    sockets: () => wss.clients.size,
    close: () => new Promise((resolve) => {
      for (const ws of wss.clients) ws.terminate();
      wss.close(resolve);
    }),
  };
}

/** Starts a proxy per test for `upstreamOf()`; clients opened with `open()` are closed after it. */
function perTestProxy(upstreamOf, proxyOptions = {}) {
  const fixture = { proxy: undefined, clients: [] };
  fixture.open = async () => {
    const client = await Client.open(fixture.proxy.url);
    fixture.clients.push(client);
    return client;
  };
  beforeEach(async () => {
    fixture.proxy = await startFaultProxy({ upstream: upstreamOf().url, ...proxyOptions });
  });
  afterEach(async () => {
    await Promise.all(fixture.clients.splice(0).map((client) => client.close()));
    await fixture.proxy.close();
  });
  return fixture;
}

/** A raw TCP client that upgrades to WebSocket by hand; resolves to {socket, received()}. */
async function rawWebSocket(url) {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n`
    + 'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n'
    + 'Sec-WebSocket-Protocol: cbor\r\n\r\n');
  let bytes = Buffer.alloc(0);
  socket.on('data', (chunk) => { bytes = Buffer.concat([bytes, chunk]); });
  socket.on('error', () => {});
  await eventually(() => bytes.includes('\r\n\r\n'));
  const headEnd = bytes.indexOf('\r\n\r\n') + 4;
  assert.match(bytes.subarray(0, headEnd).toString(), /^HTTP\/1\.1 101 /);
  const ended = once(socket, 'close');
  return {
    /** Sends one binary frame, masked with a zero key as a client must mask. */
    send(payload) {
      const length = payload.length < 126 ? [0x80 | payload.length] : [0x80 | 126, payload.length >> 8, payload.length & 0xff];
      socket.write(Buffer.concat([Buffer.from([0x82, ...length, 0, 0, 0, 0]), payload]));
    },
    /** Everything after the handshake, once the proxy ended TCP. */
    received: () => ended.then(() => bytes.subarray(headEnd)),
  };
}

describe('fault proxy in front of the engine', { timeout: 20000 }, () => {
  let server;
  before(async () => {
    server = await startServer({ auth: true });
  });
  after(() => server.close());
  const fixture = perTestProxy(() => server);

  test('forwards both ways and logs every client frame: conn, method, session, id', async () => {
    const first = await fixture.open();
    assert.equal(typeof (await first.call('signin', [ROOT])).result, 'string');
    const session = randomUUID();
    assert.equal((await first.call('attach', undefined, { session: uuidTag(session) })).error, undefined);
    // A session given as upper-case text is logged in lower case, like a tag-37 one.
    const used = await first.call('use', ['n', 'd'], { session: session.toUpperCase() });
    assert.deepEqual(used.result, { namespace: 'n', database: 'd' });
    first.send(cbor.encode({ id: 'text-id', method: 'ping' }));
    first.send(Buffer.from([0xff, 0x00]));
    await first.nextUnsolicited();
    await first.nextUnsolicited();
    const second = await fixture.open();
    await second.call('ping');

    assert.deepEqual(await ok(fixture.proxy, 'GET', '/log'), [
      { conn: 1, method: 'signin', session: null, id: 1 },
      { conn: 1, method: 'attach', session, id: 2 },
      { conn: 1, method: 'use', session, id: 3 },
      { conn: 1, method: 'ping', session: null, id: null },
      { conn: 1, method: null, session: null, id: null },
      { conn: 2, method: 'ping', session: null, id: 1 },
    ]);
    assert.deepEqual(await ok(fixture.proxy, 'GET', '/stats'), { open: 2, accepted: 2, refused: 0 });
    assert.deepEqual(await ok(fixture.proxy, 'POST', '/log/clear'), { cleared: 6 });
    assert.deepEqual(await ok(fixture.proxy, 'GET', '/log'), []);
  });

  test('stall holds a reply until unstall', async () => {
    const client = await fixture.open();
    await client.call('signin', [ROOT]);
    await ok(fixture.proxy, 'POST', '/log/clear');
    const reply = client.call('query', ['SLEEP 150ms; RETURN "late"']);
    // Logged on arrival, and forwarded at once: the engine is working on it.
    await eventually(async () => (await ok(fixture.proxy, 'GET', '/log')).length === 1);
    await ok(fixture.proxy, 'POST', '/stall');
    let answered = false;
    reply.then(() => { answered = true; });
    await sleep(400);
    assert.equal(answered, false, 'the reply was held');
    await ok(fixture.proxy, 'POST', '/unstall');
    assert.equal((await reply).result[1].result, 'late');
  });

  test('drop cuts every client without a close frame; close sends 1001', async () => {
    const [a, b] = [await fixture.open(), await fixture.open()];
    assert.deepEqual(await ok(fixture.proxy, 'POST', '/drop'), { dropped: 2 });
    assert.deepEqual([await a.closed, await b.closed], [1006, 1006]);
    assert.equal((await ok(fixture.proxy, 'GET', '/stats')).open, 0);

    const c = await fixture.open();
    await c.call('ping');
    assert.deepEqual(await ok(fixture.proxy, 'POST', '/close'), { closed: 1 });
    assert.equal(await c.closed, 1001);
    await eventually(async () => (await ok(fixture.proxy, 'GET', '/stats')).open === 0);
  });

  test('refuse turns away the next n upgrades', async () => {
    assert.deepEqual(await ok(fixture.proxy, 'POST', '/refuse?n=2'), { refuse: 2 });
    await assert.rejects(fixture.open());
    await assert.rejects(fixture.open());
    await (await fixture.open()).call('ping');
    assert.deepEqual(await ok(fixture.proxy, 'GET', '/stats'), { open: 1, accepted: 1, refused: 2 });
  });

  test('bad control calls answer 404, 405, 400 and 409 with a JSON error', async () => {
    const { proxy } = fixture;
    assert.equal((await control(proxy, 'POST', '/nothing')).status, 404);
    assert.equal((await control(proxy, 'GET', '/drop')).status, 405);
    assert.equal((await control(proxy, 'POST', '/delay?ms=soon')).status, 400);
    const noEngine = await control(proxy, 'POST', '/engine/kill');
    assert.equal(noEngine.status, 409);
    assert.match(noEngine.body.error, /no engine/);
  });
});

describe('fault proxy timing and framing, against an echo upstream', { timeout: 20000 }, () => {
  let echo;
  before(async () => {
    echo = await startEcho({ handshakeDelayMs: 100 });
  });
  after(() => echo.close());
  const fixture = perTestProxy(() => echo);

  test('frames sent before the upstream is open are queued, in order', async () => {
    const client = await fixture.open();
    for (let n = 0; n < 3; n += 1) client.send(cbor.encode({ n }));
    for (let n = 0; n < 3; n += 1) assert.deepEqual((await client.nextUnsolicited()).msg, { n });
  });

  test('delay holds each frame N ms each way, and keeps the order when it changes', async () => {
    const client = await fixture.open();
    await client.call('warm-up');
    assert.deepEqual(await ok(fixture.proxy, 'POST', '/delay?ms=100'), { ms: 100 });
    const started = Date.now();
    await client.call('echo');
    assert.ok(Date.now() - started >= 195, `round trip ${Date.now() - started} ms`);

    for (let n = 0; n < 5; n += 1) client.send(cbor.encode({ n }));
    await ok(fixture.proxy, 'POST', '/delay?ms=0');
    for (let n = 5; n < 10; n += 1) client.send(cbor.encode({ n }));
    for (let n = 0; n < 10; n += 1) assert.deepEqual((await client.nextUnsolicited()).msg, { n });
  });

  test('stall holds frames sent by the client too', async () => {
    const client = await fixture.open();
    await client.call('warm-up');
    await ok(fixture.proxy, 'POST', '/stall');
    client.send(cbor.encode({ n: 1 }));
    await sleep(200);
    assert.equal(client.unsolicitedCount, 0);
    await ok(fixture.proxy, 'POST', '/unstall');
    assert.deepEqual((await client.nextUnsolicited()).msg, { n: 1 });
  });

  test('cut sends the next frame header with half its payload, then ends TCP and the upstream', async () => {
    for (const [length, header] of [[40, [0x82, 40]], [300, [0x82, 126, 0x01, 0x2c]]]) {
      const raw = await rawWebSocket(fixture.proxy.url);
      await eventually(() => echo.sockets() === 1);
      assert.deepEqual(await ok(fixture.proxy, 'POST', '/cut'), { cut: true });
      const payload = Buffer.alloc(length, 0x61);
      raw.send(payload);
      assert.deepEqual(await raw.received(), Buffer.concat([Buffer.from(header), payload.subarray(0, length / 2)]));
      await eventually(() => echo.sockets() === 0);
    }
  });

  test('a dropped client closes its upstream', async () => {
    await fixture.open();
    await eventually(() => echo.sockets() === 1);
    await ok(fixture.proxy, 'POST', '/drop');
    await eventually(() => echo.sockets() === 0);
  });
});

describe('fault proxy managing an engine process', { timeout: 20000 }, () => {
  let dir;
  let engine;
  let proxy;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'surrealcaf-fault-proxy-test-'));
    engine = await EngineProcess.start({ port: await freePort(), datastore: `surrealkv://${dir}/db` });
    proxy = await startFaultProxy({ upstream: engine.url, engine });
  });
  after(async () => {
    await proxy.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function signedIn(user = ROOT) {
    const client = await Client.open(proxy.url);
    assert.equal(typeof (await client.call('signin', [user])).result, 'string');
    await client.call('use', ['n', 'd']);
    return client;
  }

  test('kill cuts the clients; after start, users and records written before are there', async () => {
    const writer = await signedIn();
    await writer.call('query', ['DEFINE USER viewer ON ROOT PASSWORD "pw" ROLES VIEWER; CREATE kept:one SET n = 1']);
    assert.deepEqual(await ok(proxy, 'POST', '/engine/kill'), { killed: true });
    assert.equal(await writer.closed, 1006);
    // The proxy accepts the upgrade, then cuts the socket when the engine refuses it.
    const orphan = await Client.open(proxy.url);
    assert.equal(await orphan.closed, 1006);

    const { ms } = await ok(proxy, 'POST', '/engine/start');
    assert.ok(Number.isInteger(ms) && ms < 10000, `start took ${ms} ms`);
    const reader = await signedIn({ user: 'viewer', pass: 'pw' });
    assert.deepEqual((await reader.call('query', ['SELECT n FROM kept:one'])).result[0].result, [{ n: 1 }]);
    await reader.close();
  });

  test('starting a running engine is an error', async () => {
    const { status, body } = await control(proxy, 'POST', '/engine/start');
    assert.equal(status, 500);
    assert.match(body.error, /already running/);
  });
});

/** Runs node with `args` from tests/server; resolves to {code, stdout, stderr}. */
function run(args, { env = process.env, onStart } = {}) {
  const child = spawn(process.execPath, args, { cwd: CWD, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  onStart?.(child);
  return once(child, 'exit').then(([code]) => ({ code, stdout, stderr }));
}

// Scripts for `node -e`, run from tests/server so that they can require ws.
const PRINT_ENV = 'console.log(JSON.stringify([process.env.SURREALCAF_URL, process.env.SURREALCAF_PROXY, '
  + 'process.env.SURREALCAF_ENGINE_URL])); process.exit(3);';
const RESTART_ENGINE = `(async () => {
  const post = async (path) => (await fetch(process.env.SURREALCAF_PROXY + path, { method: 'POST' })).json();
  await post('/engine/kill');
  console.log(JSON.stringify(await post('/engine/start')));
})();`;
const TIME_TO_CLOSE = `const ws = new (require('ws'))(process.env.SURREALCAF_URL, 'cbor');
let opened;
ws.on('open', () => { opened = Date.now(); });
ws.on('error', () => {});
ws.on('close', (code) => console.log(JSON.stringify({ code, ms: Date.now() - opened })));`;

describe('fault-proxy.mjs and with-fault-proxy.mjs as commands', { timeout: 20000 }, () => {
  const withoutUrl = { ...process.env };
  delete withoutUrl.SURREALCAF_URL;

  test('the CLI proxies to --upstream and exits 0 on SIGTERM; without --upstream it is a usage error', async () => {
    const server = await startServer();
    let child;
    const exited = run([PROXY, '--upstream', server.url], { onStart: (c) => { child = c; } });
    const [line] = await once(child.stdout, 'data');
    const [, url] = line.toString().match(/^listening (ws:\/\/127\.0\.0\.1:\d+\/rpc)\n$/);
    const client = await Client.open(url);
    assert.equal((await client.call('version')).result, 'surrealdb-3.0.2');
    child.kill('SIGTERM');
    assert.equal((await exited).code, 0);
    await server.close();

    const { code, stderr } = await run([PROXY]);
    assert.equal(code, 2);
    assert.match(stderr, /usage:/);
  });

  test("runs the command with the proxy's URL and control base and the engine's URL, and its exit code", async () => {
    const { code, stdout } = await run([LAUNCHER, process.execPath, '-e', PRINT_ENV], { env: withoutUrl });
    assert.equal(code, 3);
    const [url, control, engineUrl] = JSON.parse(stdout);
    const port = url.match(/^ws:\/\/127\.0\.0\.1:(\d+)\/rpc$/)[1];
    assert.equal(control, `http://127.0.0.1:${port}/control`);
    assert.match(engineUrl, /^ws:\/\/127\.0\.0\.1:\d+\/rpc$/);
    assert.notEqual(engineUrl, url);

    const env = { ...process.env, SURREALCAF_URL: 'ws://127.0.0.1:1/rpc' };
    const passed = await run([LAUNCHER, process.execPath, '-e', PRINT_ENV], { env });
    assert.equal(JSON.parse(passed.stdout)[2], 'ws://127.0.0.1:1/rpc', 'an existing SURREALCAF_URL is the upstream');
  });

  test('--engine runs an engine the command can restart, and removes its datastore', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'surrealcaf-launcher-test-'));
    try {
      const env = { ...withoutUrl, TMPDIR: temp };
      const { code, stdout, stderr } = await run([LAUNCHER, '--engine', process.execPath, '-e', RESTART_ENGINE], { env });
      assert.equal(code, 0, stderr);
      assert.equal(typeof JSON.parse(stdout).ms, 'number');
      assert.deepEqual(await readdir(temp), []);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });

  test('--drop-after cuts the first client that long after it opened', async () => {
    const { code, stdout } = await run([LAUNCHER, '--drop-after', '200', process.execPath, '-e', TIME_TO_CLOSE],
      { env: withoutUrl });
    assert.equal(code, 0);
    const closed = JSON.parse(stdout);
    assert.equal(closed.code, 1006);
    assert.ok(closed.ms >= 150, `closed after ${closed.ms} ms`);
  });

  test('an unknown option is a usage error', async () => {
    const { code, stderr } = await run([LAUNCHER, '--bogus', 'true']);
    assert.equal(code, 2);
    assert.match(stderr, /usage:/);
  });
});
