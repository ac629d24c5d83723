#!/usr/bin/env node
// One cell of the bench matrix run by the official JS SDK (`surrealdb`
// 2.0.8, installed as a peer dependency in tests/server/node_modules), with
// the same options and the same JSON line as surrealcaf_bench_client:
//
//   node apps/bench/js_client.mjs --workload ping|query|select|create
//     --concurrency seq|64x1|64x64 --url ws://... [--server LABEL]
//     [--user U --pass P] [--ns NS --db DB] [--warmup S] [--seconds S]
//     [--warmup-count N] [--count N]
//
// CPU is process.cpuUsage() over the measured phase, peak RSS
// process.resourceUsage().maxRSS: the client process alone. The SDK has no
// public `ping`; the ping cell calls `version()`, the lightest round trip it
// offers. select and create go through the SDK's query builders, which send
// `query` with bound variables, as the faces do.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromServer = createRequire(join(root, 'tests', 'server', 'package.json'));
const { Surreal, RecordId, Table } = requireFromServer('surrealdb');
const WebSocket = requireFromServer('ws');

function parseArgs(argv) {
  const o = {
    workload: 'ping', concurrency: 'seq', url: '', server: 'canned', user: '', pass: '',
    ns: 'bench', db: 'bench', warmup: 0.25, seconds: 1, warmupCount: Infinity, count: Infinity,
  };
  const names = {
    '--workload': 'workload', '--concurrency': 'concurrency', '--url': 'url', '--server': 'server',
    '--user': 'user', '--pass': 'pass', '--ns': 'ns', '--db': 'db',
  };
  const numbers = { '--warmup': 'warmup', '--seconds': 'seconds', '--warmup-count': 'warmupCount', '--count': 'count' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`missing value after ${arg}`);
    if (names[arg]) o[names[arg]] = value;
    else if (numbers[arg]) o[numbers[arg]] = Number(value);
    else if (arg === '--client' && value === 'js') { /* accepted for symmetry */ } else throw new Error(`unknown argument: ${arg}`);
    i += 1;
  }
  if (!o.url) throw new Error('--url is required');
  if (!['ping', 'query', 'select', 'create'].includes(o.workload)) throw new Error(`unknown workload: ${o.workload}`);
  if (!['seq', '64x1', '64x64'].includes(o.concurrency)) throw new Error(`unknown concurrency: ${o.concurrency}`);
  return o;
}

function call(db, session, workload) {
  switch (workload) {
    case 'ping': return db.version(); // the connection's; sessions have none
    case 'query': return session.query('RETURN 1');
    case 'select': return session.select(new RecordId('bench', 'one'));
    default: return session.create(new Table('bench')).content({ v: 1 });
  }
}

/** Runs calls with `window` in flight until the limits; returns latencies and failures. */
async function phase(db, sessions, o, window, seconds, count) {
  const deadline = performance.now() + seconds * 1000;
  const latencies = [];
  let issued = 0;
  let errors = 0;
  let firstError = '';
  const take = () => issued++ < count && performance.now() < deadline;
  async function worker(w) {
    const session = sessions[w % sessions.length];
    while (take()) {
      const started = performance.now();
      try {
        await call(db, session, o.workload);
      } catch (err) {
        if (errors++ === 0) firstError = String(err?.message ?? err);
      }
      latencies.push((performance.now() - started) * 1000);
    }
  }
  const start = performance.now();
  await Promise.all(Array.from({ length: window }, (_, w) => worker(w)));
  return { latencies, errors, firstError, seconds: (performance.now() - start) / 1000 };
}

function percentile(xs, q) {
  if (xs.length === 0) return 0;
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const window = o.concurrency === 'seq' ? 1 : 64;
  const db = new Surreal({ websocketImpl: WebSocket });
  await db.connect(o.url);
  let token = null;
  if (o.user) token = await db.signin({ username: o.user, password: o.pass });
  await db.use({ namespace: o.ns, database: o.db });
  const sessions = [db];
  if (o.concurrency === '64x64') {
    sessions.length = 0;
    // Authenticated with the default session's token, as the C++ clients do.
    for (let i = 0; i < 64; i += 1) {
      const s = await db.newSession();
      if (token) await s.authenticate(token.access);
      await s.use({ namespace: o.ns, database: o.db });
      sessions.push(s);
    }
  }
  await phase(db, sessions, o, window, o.warmup, o.warmupCount);
  const cpuBefore = process.cpuUsage();
  const r = await phase(db, sessions, o, window, o.seconds, o.count);
  const cpu = process.cpuUsage(cpuBefore);
  const requests = r.latencies.length;
  const line = {
    client: 'js',
    workload: o.workload,
    concurrency: o.concurrency,
    server: o.server,
    requests,
    seconds: r.seconds,
    req_per_s: r.seconds > 0 ? requests / r.seconds : 0,
    p50_us: percentile(r.latencies, 0.5),
    p99_us: percentile(r.latencies, 0.99),
    cpu_us_per_req: requests ? (cpu.user + cpu.system) / requests : 0,
    peak_rss_kib: process.resourceUsage().maxRSS,
    errors: r.errors,
  };
  if (r.errors) line.first_error = r.firstError;
  process.stdout.write(`${JSON.stringify(line)}\n`);
  // The SDK keeps timers (pings, token renewal); the cell is done.
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`js_client: ${err?.stack ?? err}\n`);
  process.exit(1);
});
