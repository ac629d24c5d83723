import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { Client, isNone } from '../support/rpc-client.mjs';

const SERVER = fileURLToPath(new URL('../server.mjs', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../with-engine.mjs', import.meta.url));
const LISTENING = /^listening (ws:\/\/127\.0\.0\.1:\d+\/rpc)\n$/;
// Commands run from tests/server, so `node -e` scripts can require its packages.
const CWD = fileURLToPath(new URL('..', import.meta.url));

/** Runs node with `args`; resolves to {code, signal, stdout, stderr} when it exits. */
function run(args, { env = process.env, stdin = 'pipe', onStart } = {}) {
  const child = spawn(process.execPath, args, { cwd: CWD, env, stdio: [stdin, 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  onStart?.(child);
  return once(child, 'exit').then(([code, signal]) => ({ code, signal, stdout, stderr }));
}

/** Starts the CLI server and resolves once its listening line is out. */
async function startCli(args, stdin = 'pipe') {
  let child;
  const exited = run([SERVER, ...args], { stdin, onStart: (c) => { child = c; } });
  const [line] = await once(child.stdout, 'data');
  return { child, exited, line: line.toString() };
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('server.mjs as a CLI', { timeout: 20000 }, () => {
  test('prints one listening line, serves, and exits 0 on SIGTERM', async () => {
    const { child, exited, line } = await startCli([]);
    const [, url] = line.match(LISTENING);
    const client = await Client.open(url);
    assert.ok(isNone((await client.call('ping')).result));
    child.kill('SIGTERM');
    const { code, stdout } = await exited;
    assert.equal(code, 0);
    assert.equal(stdout, line, 'nothing else on stdout');
  });

  test('exits 0 when its stdin closes', async () => {
    const { child, exited } = await startCli([]);
    child.stdin.end();
    assert.equal((await exited).code, 0);
  });

  test('--no-stdin ignores a closed stdin; --port is honoured; SIGINT exits 0', async () => {
    const { child, exited, line } = await startCli(['--no-stdin', '--port', '0'], 'ignore');
    assert.match(line, LISTENING);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(child.exitCode, null, 'still running');
    child.kill('SIGINT');
    assert.equal((await exited).code, 0);
  });

  test('--auth refuses anonymous data access until a signin as root/root', async () => {
    const { child, exited, line } = await startCli(['--auth']);
    const [, url] = line.match(LISTENING);
    const client = await Client.open(url);
    assert.equal((await client.call('query', ['RETURN 1'])).error.kind, 'NotAllowed');
    assert.equal(typeof (await client.call('signin', [{ user: 'root', pass: 'root' }])).result, 'string');
    assert.equal((await client.call('query', ['RETURN 1'])).result[0].result, 1);
    await client.close();
    child.kill('SIGTERM');
    assert.equal((await exited).code, 0);
  });

  test('a bad argument is a usage error', async () => {
    const { code, stderr } = await run([SERVER, '--bogus']);
    assert.equal(code, 2);
    assert.match(stderr, /usage:/);
  });
});

describe('with-engine.mjs launcher', { timeout: 20000 }, () => {
  const withoutUrl = { ...process.env };
  delete withoutUrl.SURREALCAF_URL;

  test("runs the command with SURREALCAF_URL and exits with the command's code", async () => {
    const { code, stdout } = await run([LAUNCHER, 'sh', '-c', 'echo "$SURREALCAF_URL"; exit 3'], { env: withoutUrl });
    assert.equal(code, 3);
    assert.match(stdout, /^ws:\/\/127\.0\.0\.1:\d+\/rpc\n$/);
  });

  test('the URL it passes serves the engine', async () => {
    const script = 'const ws = new (require("ws"))(process.env.SURREALCAF_URL, "cbor");'
      + 'ws.on("open", () => ws.close()); ws.on("close", () => process.exit(0)); ws.on("error", () => process.exit(9));';
    const { code } = await run([LAUNCHER, process.execPath, '-e', script], { env: withoutUrl });
    assert.equal(code, 0);
  });

  test('its server refuses anonymous data access, like surreal start', async () => {
    const script = 'const ws = new (require("ws"))(process.env.SURREALCAF_URL, "cbor");'
      + 'const { encode, decode } = require("cbor2");'
      + 'ws.on("open", () => ws.send(encode({ id: 1, method: "query", params: ["RETURN 1"] })));'
      + 'ws.on("message", (m) => { process.stdout.write(decode(new Uint8Array(m)).error.kind); ws.close(); });'
      + 'ws.on("close", () => process.exit(0)); ws.on("error", () => process.exit(9));';
    const { code, stdout } = await run([LAUNCHER, process.execPath, '-e', script], { env: withoutUrl });
    assert.equal(code, 0);
    assert.equal(stdout, 'NotAllowed');
  });

  test('an existing SURREALCAF_URL is passed through and no server is started', async () => {
    const env = { ...process.env, SURREALCAF_URL: 'ws://127.0.0.1:1/rpc' };
    const { code, stdout } = await run([LAUNCHER, 'sh', '-c', 'echo "$SURREALCAF_URL"'], { env });
    assert.equal(code, 0);
    assert.equal(stdout, 'ws://127.0.0.1:1/rpc\n');
  });

  test('a command that cannot be started exits 127 with a message', async () => {
    const { code, stderr } = await run([LAUNCHER, '/nonexistent/command'], { env: withoutUrl });
    assert.equal(code, 127);
    assert.match(stderr, /cannot run \/nonexistent\/command/);
  });

  test('SIGTERM is forwarded; a command killed by a signal exits 1 and nothing is left', async () => {
    let launcher;
    const exited = run([LAUNCHER, 'sh', '-c', 'echo $$; exec sleep 30'], {
      env: withoutUrl, onStart: (c) => { launcher = c; },
    });
    const [pidLine] = await once(launcher.stdout, 'data');
    const commandPid = Number(pidLine.toString());
    assert.ok(isAlive(commandPid));
    launcher.kill('SIGTERM');
    const result = await exited;
    assert.equal(result.code, 1, JSON.stringify(result));
    assert.equal(isAlive(commandPid), false);
  });
});
