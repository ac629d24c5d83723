#!/usr/bin/env node
// The side-by-side bench matrix (docs/performance.md). scripts/bench builds
// the Release binaries and runs this; CTest's bench.smoke runs it with
// --quick on the normal build.
//
//   node apps/bench/bench.mjs --bin-dir DIR [--out DIR] [--quick]
//     [--rounds N] [--seconds S] [--warmup S] [--servers canned,engine]
//     [--clients raw,actor,async,blocking,js] [--workloads ping,query,select,create]
//     [--concurrency seq,64x1,64x64] [--no-density]
//
// Every client process runs one cell (workload x concurrency x server) and
// prints one JSON line; cells are run in interleaved rounds (each round runs
// every client once, in a rotated order), and the report takes medians and
// min-max ranges over the rounds.
//
//   node apps/bench/bench.mjs --bin-dir DIR --soak [--quick]
//
// instead runs only the soak: 60 s (6 s with --quick) of async-face pings,
// 64 in flight, against the canned server, RSS sampled each second.
//
//   node apps/bench/bench.mjs --bin-dir DIR --pool [--quick] [--rounds N]
//
// instead runs only the pool bench (bench-pool.mjs): one connection next to a
// connection pool on two nodes, same workload.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CLIENTS, CONCURRENCIES, WORKLOADS, addRatios, aggregate, drawChart, evaluateTargets, markdownTable,
} from './bench-report.mjs';
import {
  lastJsonLine, processCpuSeconds, root, runProcess, startServer,
} from './bench-processes.mjs';
import { runPoolBench } from './bench-pool.mjs';

const USAGE = 'usage: node apps/bench/bench.mjs --bin-dir DIR [--out DIR] [--quick] [--soak | --pool] [--rounds N] '
  + '[--seconds S] [--warmup S] [--servers LIST] [--clients LIST] [--workloads LIST] [--concurrency LIST] [--no-density]';

function parseArgs(argv) {
  const o = {
    binDir: null, out: null, quick: false, soak: false, pool: false, rounds: null, seconds: null, warmup: null,
    servers: ['canned', 'engine'], clients: CLIENTS, workloads: WORKLOADS, concurrency: CONCURRENCIES, density: true,
  };
  const list = (v, allowed, what) => {
    const xs = v.split(',').filter(Boolean);
    for (const x of xs) if (!allowed.includes(x)) throw new Error(`${USAGE}\nunknown ${what}: ${x}`);
    return xs;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const next = () => {
      if (argv[i + 1] === undefined) throw new Error(`${USAGE}\nmissing value after ${arg}`);
      return argv[++i];
    };
    if (arg === '--bin-dir') o.binDir = resolve(next());
    else if (arg === '--out') o.out = resolve(next());
    else if (arg === '--quick') o.quick = true;
    else if (arg === '--soak') o.soak = true;
    else if (arg === '--pool') o.pool = true;
    else if (arg === '--rounds') o.rounds = Number(next());
    else if (arg === '--seconds') o.seconds = Number(next());
    else if (arg === '--warmup') o.warmup = Number(next());
    else if (arg === '--servers') o.servers = list(next(), ['canned', 'engine'], 'server');
    else if (arg === '--clients') o.clients = list(next(), CLIENTS, 'client');
    else if (arg === '--workloads') o.workloads = list(next(), WORKLOADS, 'workload');
    else if (arg === '--concurrency') o.concurrency = list(next(), CONCURRENCIES, 'concurrency');
    else if (arg === '--no-density') o.density = false;
    else throw new Error(`${USAGE}\nunknown argument: ${arg}`);
  }
  if (!o.binDir) throw new Error(`${USAGE}\n--bin-dir is required`);
  o.out ??= join(o.binDir, 'bench-results');
  o.rounds ??= o.quick ? 1 : 3;
  o.seconds ??= o.quick ? 5 : 0.8;
  o.warmup ??= o.quick ? 1 : 0.2;
  return o;
}

const bin = (o, name) => join(o.binDir, name);

/** The arguments that fix a cell's length: quick mode counts calls, the full run times them. */
function limitArgs(o) {
  const args = ['--warmup', String(o.warmup), '--seconds', String(o.seconds)];
  if (o.quick) args.push('--warmup-count', '10', '--count', '100');
  return args;
}

async function runCell(o, server, client, workload, concurrency) {
  const common = ['--workload', workload, '--concurrency', concurrency, '--url', server.url, '--server', server.name,
    '--user', 'root', '--pass', 'root', '--ns', server.ns, '--db', server.db, ...limitArgs(o)];
  const [command, args] = client === 'js'
    ? [process.execPath, [join(root, 'apps', 'bench', 'js_client.mjs'), ...common]]
    : [bin(o, 'surrealcaf_bench_client'), ['--client', client, ...common]];
  const serverCpuBefore = processCpuSeconds(server.pid);
  const p = await runProcess(command, args, 120000);
  const serverCpuAfter = processCpuSeconds(server.pid);
  const line = p.code === 0 ? lastJsonLine(p.stdout) : null;
  // How busy the server was while the client's calls ran (cores), over the
  // warm-up and measured phases: near 1 for the single-threaded canned
  // server means the server, not the client, was the limit.
  const serverCores = serverCpuBefore === null || serverCpuAfter === null || !line
    ? null : (serverCpuAfter - serverCpuBefore) / (line.seconds + (o.quick ? 0 : o.warmup));
  if (!line) {
    return {
      server: server.name, client, workload, concurrency, failed: true, code: p.code,
      stderr: p.stderr.trim().split('\n').slice(-5).join('\n'), wall_ms: p.ms,
    };
  }
  return { ...line, wall_ms: p.ms, server_cores: serverCores };
}

async function startServers(o) {
  const servers = {};
  if (o.servers.includes('canned') || o.density || o.soak) {
    const s = await startServer(bin(o, 'surrealcaf_bench_server'), [], 'canned server');
    servers.canned = { ...s, name: 'canned', ns: 'bench', db: 'bench' };
  }
  if (o.servers.includes('engine')) {
    const s = await startServer(process.execPath, [join(root, 'tests', 'server', 'server.mjs'), '--auth'], 'engine front');
    // A namespace of its own for this run; the record `select` reads.
    const engine = { ...s, name: 'engine', ns: `bench_${Date.now()}_${process.pid}`, db: 'bench' };
    const p = await runProcess(bin(o, 'surrealcaf_bench_client'), ['--prepare', '--url', engine.url,
      '--user', 'root', '--pass', 'root', '--ns', engine.ns, '--db', engine.db], 60000);
    if (p.code !== 0) throw new Error(`preparing the engine failed: ${p.stderr}`);
    servers.engine = engine;
  }
  return servers;
}

async function runDensity(o, canned) {
  const density = {};
  const run = async (name, args) => {
    const p = await runProcess(bin(o, 'surrealcaf_bench_density'),
      [...args, '--url', canned.url, '--user', 'root', '--pass', 'root'], 180000);
    const line = p.code === 0 ? lastJsonLine(p.stdout) : null;
    if (!line) throw new Error(`density ${name} failed (${p.code}): ${p.stderr.trim()}`);
    density[name] = line;
    process.stderr.write(`density ${name}: ${JSON.stringify(line)}\n`);
  };
  await run('sessions', ['--mode', 'sessions', '--sessions', o.quick ? '200' : '10000']);
  await run('idle', ['--mode', 'idle']);
  await run('threads', ['--mode', 'threads', '--connections', o.quick ? '10' : '100']);
  await run('threads_actor', ['--mode', 'threads', '--face', 'actor', '--connections', o.quick ? '10' : '100']);
  return density;
}

/** 60 s of async-face pings at full rate, RSS sampled each second. */
async function runSoak(o, canned) {
  const seconds = o.quick ? 6 : 60;
  const p = await runProcess(bin(o, 'surrealcaf_bench_client'), ['--client', 'async', '--workload', 'ping',
    '--concurrency', '64x1', '--url', canned.url, '--server', 'canned', '--user', 'root', '--pass', 'root',
    '--warmup', '0', '--seconds', String(seconds), '--sample-rss'], (seconds + 60) * 1000);
  const line = p.code === 0 ? lastJsonLine(p.stdout) : null;
  if (!line) throw new Error(`soak failed (${p.code}): ${p.stderr.trim()}`);
  const samples = line.rss_samples_kib;
  const base = samples[Math.min(5, samples.length - 1)];
  const later = samples.slice(Math.min(5, samples.length - 1));
  const maxDrift = Math.max(...later.map((x) => Math.abs(x - base) / base));
  return { ...line, seconds_run: seconds, rss_at_5s_kib: base, max_rss_kib: Math.max(...later), max_drift: maxDrift };
}

/** --soak: only the soak run, against its own canned server; writes soak.json. */
async function soakOnly(o, started) {
  const canned = await startServer(bin(o, 'surrealcaf_bench_server'), [], 'canned server');
  let soak;
  try {
    soak = await runSoak(o, { ...canned, name: 'canned' });
  } finally {
    await canned.stop();
  }
  const [target] = evaluateTargets({}, null, soak).filter((t) => t.name.startsWith('soak'));
  writeFileSync(join(o.out, 'soak.json'), `${JSON.stringify({ target, soak }, null, 1)}\n`);
  process.stdout.write(`| ${target.name} | ${target.limit} | ${target.measured} | ${target.met ? 'met' : '**missed**'} |\n`);
  process.stdout.write(`RSS each second (KiB): ${soak.rss_samples_kib.join(' ')}\n`);
  process.stdout.write(`bench --soak: done in ${((performance.now() - started) / 1000).toFixed(0)} s; ${join(o.out, 'soak.json')}\n`);
}

/** --pool: only the pool bench; with --quick, fails on any error (the smoke test). */
async function poolOnly(o, started) {
  const problems = await runPoolBench(o, limitArgs(o));
  process.stdout.write(`bench --pool: done in ${((performance.now() - started) / 1000).toFixed(0)} s; ${join(o.out, 'pool.json')}\n`);
  if (problems.length) {
    process.stderr.write(`bench --pool: ${problems.length} run(s) failed or had errors:\n  ${problems.join('\n  ')}\n`);
    if (o.quick) process.exit(1);
  }
}

function describeRun(r) {
  if (r.failed) return `FAILED (${r.code}) ${r.stderr}`;
  const err = r.errors ? ` ERRORS ${r.errors}: ${r.first_error}` : '';
  const srv = r.server_cores === null ? '' : `, server ${r.server_cores.toFixed(2)} cores`;
  return `${Math.round(r.req_per_s)} req/s, p50 ${r.p50_us.toFixed(0)} µs, ${r.cpu_us_per_req.toFixed(1)} µs CPU/req${srv}${err}`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const started = performance.now();
  for (const name of ['surrealcaf_bench_client', 'surrealcaf_bench_server', 'surrealcaf_bench_density']) {
    if (!existsSync(bin(o, name))) throw new Error(`${bin(o, name)} is missing: build the bench targets first`);
  }
  mkdirSync(o.out, { recursive: true });
  if (o.soak) return soakOnly(o, started);
  if (o.pool) return poolOnly(o, started);
  const servers = await startServers(o);
  const runs = [];
  let density = null;
  try {
    const plan = [];
    for (const server of o.servers) {
      for (const concurrency of o.concurrency) {
        for (const workload of o.workloads) {
          for (let round = 0; round < o.rounds; round += 1) {
            for (let i = 0; i < o.clients.length; i += 1) {
              plan.push({ server, workload, concurrency, round, client: o.clients[(i + round) % o.clients.length] });
            }
          }
        }
      }
    }
    for (const [n, cell] of plan.entries()) {
      const r = await runCell(o, servers[cell.server], cell.client, cell.workload, cell.concurrency);
      runs.push({ ...r, round: cell.round });
      process.stderr.write(`[${n + 1}/${plan.length}] ${cell.server} ${cell.concurrency} ${cell.workload} `
        + `${cell.client} r${cell.round + 1}: ${describeRun(r)} (${(r.wall_ms / 1000).toFixed(1)} s)\n`);
    }
    if (o.density) density = await runDensity(o, servers.canned);
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }

  const cells = aggregate(runs);
  addRatios(cells);
  const targets = evaluateTargets(cells, density, null);
  const totalSeconds = (performance.now() - started) / 1000;
  const meta = {
    date: new Date().toISOString(), quick: o.quick, rounds: o.rounds, seconds: o.seconds, warmup: o.warmup,
    servers: o.servers, cores: cpus().length, node: process.version, total_seconds: totalSeconds,
  };
  writeFileSync(join(o.out, 'results.json'), `${JSON.stringify({ meta, targets, density, cells: Object.values(cells), runs }, null, 1)}\n`);
  const table = markdownTable(cells, targets, meta);
  writeFileSync(join(o.out, 'table.md'), table);
  drawChart(cells, o.out, o.servers);
  process.stdout.write(`${table}\n`);
  process.stdout.write(`bench: ${runs.length} runs in ${totalSeconds.toFixed(0)} s; results in ${o.out}\n`);

  const problems = runs.filter((r) => r.failed || r.errors || !(r.requests > 0))
    .map((r) => `${r.server} ${r.concurrency} ${r.workload} ${r.client}: ${describeRun(r)}`);
  if (problems.length) process.stderr.write(`bench: ${problems.length} run(s) failed or had errors:\n  ${problems.join('\n  ')}\n`);
  if (o.quick) {
    // The smoke test: every cell ran and answered, and every output exists.
    for (const f of ['results.json', 'table.md', 'chart.png']) {
      const path = join(o.out, f);
      if (!existsSync(path) || statSync(path).size === 0) problems.push(`${path} is missing or empty`);
    }
    if (problems.length) {
      process.stderr.write('bench --quick: FAILED\n');
      process.exit(1);
    }
    process.stdout.write('bench --quick: every cell ran without errors; results.json, table.md and chart.png written\n');
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err?.stack ?? err}\n`);
  process.exit(1);
});
