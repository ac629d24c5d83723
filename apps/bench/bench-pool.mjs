// `bench.mjs --pool`: the same workload through one connection and through a
// connection pool on two nodes, side by side in one run (docs/performance.md,
// docs/scale-out.md). The two nodes are two canned servers, each its own
// process, so a node's CPU is its own, as on a cluster; the single connection
// uses the first of them. Cells run in interleaved rounds, as in the matrix;
// the table gives medians and the pool's ratio to one connection.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastJsonLine, processCpuSeconds, runProcess, startServer } from './bench-processes.mjs';

/** The setups compared: label, how the client connects, and its connections. */
const SETUPS = [
  { name: 'one connection', client: 'async', nodes: 1, perEndpoint: 1 },
  { name: 'pool, 2 nodes x 1', client: 'pool', nodes: 2, perEndpoint: 1 },
  { name: 'pool, 2 nodes x 2', client: 'pool', nodes: 2, perEndpoint: 2 },
];

const WORKLOADS = ['ping', 'query'];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function runPoolCell(o, nodes, setup, workload, limitArgs) {
  const used = nodes.slice(0, setup.nodes);
  const args = ['--client', setup.client, '--workload', workload, '--concurrency', '64x64',
    '--url', used.map((n) => n.url).join(','), '--server', 'canned', '--user', 'root', '--pass', 'root',
    '--connections-per-endpoint', String(setup.perEndpoint), ...limitArgs];
  const cpuBefore = used.map((n) => processCpuSeconds(n.pid));
  const p = await runProcess(join(o.binDir, 'surrealcaf_bench_client'), args, 120000);
  const cpuAfter = used.map((n) => processCpuSeconds(n.pid));
  const line = p.code === 0 ? lastJsonLine(p.stdout) : null;
  if (!line) {
    return { setup: setup.name, workload, failed: true, code: p.code, stderr: p.stderr.trim().split('\n').slice(-5).join('\n') };
  }
  // Each node's busy cores over the cell (warm-up included): near 1 means
  // that node, not the client, was the limit.
  const seconds = line.seconds + (o.quick ? 0 : o.warmup);
  const nodeCores = cpuBefore.map((b, i) => (b === null || cpuAfter[i] === null ? null : (cpuAfter[i] - b) / seconds));
  return { ...line, setup: setup.name, node_cores: nodeCores };
}

function table(cells, meta) {
  const lines = [
    `Pool bench, ${meta.date}: 64 calls in flight over 64 sessions (async face), canned servers as nodes, `
      + `${meta.rounds} round(s), ${meta.cores} cores. Medians; ratio = req/s over one connection's.`,
    '',
    '| workload | setup | req/s | ratio | p50 µs | CPU µs/req (client) | node cores |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const c of cells) {
    lines.push(`| ${c.workload} | ${c.setup} | ${Math.round(c.req_per_s)} | ${c.ratio.toFixed(2)} | `
      + `${Math.round(c.p50_us)} | ${c.cpu_us_per_req.toFixed(1)} | ${c.node_cores.map((x) => (x === null ? '-' : x.toFixed(2))).join(' + ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the pool bench; writes pool.json and pool.md to `o.out`; returns the problems. */
export async function runPoolBench(o, limitArgs) {
  const started = performance.now();
  const nodes = [];
  const runs = [];
  try {
    for (let i = 0; i < 2; i += 1) nodes.push(await startServer(join(o.binDir, 'surrealcaf_bench_server'), [], `canned node ${i + 1}`));
    const plan = [];
    for (const workload of WORKLOADS) {
      for (let round = 0; round < o.rounds; round += 1) {
        for (let i = 0; i < SETUPS.length; i += 1) plan.push({ workload, round, setup: SETUPS[(i + round) % SETUPS.length] });
      }
    }
    for (const [n, cell] of plan.entries()) {
      const r = await runPoolCell(o, nodes, cell.setup, cell.workload, limitArgs);
      runs.push({ ...r, round: cell.round });
      const what = r.failed ? `FAILED (${r.code}) ${r.stderr}` : `${Math.round(r.req_per_s)} req/s${r.errors ? ` ERRORS ${r.errors}: ${r.first_error}` : ''}`;
      process.stderr.write(`[${n + 1}/${plan.length}] pool ${cell.workload} ${cell.setup.name} r${cell.round + 1}: ${what}\n`);
    }
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
  }
  const cells = [];
  for (const workload of WORKLOADS) {
    for (const setup of SETUPS) {
      const ok = runs.filter((r) => r.workload === workload && r.setup === setup.name && !r.failed);
      if (!ok.length) continue;
      const pick = (f) => median(ok.map(f));
      cells.push({
        workload, setup: setup.name, rounds: ok.length, req_per_s: pick((r) => r.req_per_s),
        p50_us: pick((r) => r.p50_us), cpu_us_per_req: pick((r) => r.cpu_us_per_req),
        node_cores: ok[0].node_cores.map((_, i) => pick((r) => r.node_cores[i] ?? 0)),
      });
    }
    const base = cells.find((c) => c.workload === workload && c.setup === SETUPS[0].name);
    for (const c of cells.filter((x) => x.workload === workload)) c.ratio = base ? c.req_per_s / base.req_per_s : NaN;
  }
  const meta = {
    date: new Date().toISOString(), quick: o.quick, rounds: o.rounds, seconds: o.seconds,
    cores: (await import('node:os')).cpus().length, total_seconds: (performance.now() - started) / 1000,
  };
  writeFileSync(join(o.out, 'pool.json'), `${JSON.stringify({ meta, cells, runs }, null, 1)}\n`);
  const md = table(cells, meta);
  writeFileSync(join(o.out, 'pool.md'), md);
  process.stdout.write(md);
  return runs.filter((r) => r.failed || r.errors || !(r.requests > 0))
    .map((r) => `${r.workload} ${r.setup}: ${r.failed ? `FAILED (${r.code}) ${r.stderr}` : `errors ${r.errors}: ${r.first_error}`}`);
}
