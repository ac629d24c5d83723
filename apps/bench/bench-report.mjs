// Turns the runs of a bench into figures: medians and ranges per cell,
// ratios to the raw Beast client and the JS SDK, the targets, and the three
// outputs (results.json, table.md, chart.png).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLIENTS = ['raw', 'actor', 'async', 'blocking', 'js'];
export const FACES = ['actor', 'async', 'blocking'];
export const WORKLOADS = ['ping', 'query', 'select', 'create'];
export const CONCURRENCIES = ['seq', '64x1', '64x64'];
const METRICS = ['req_per_s', 'p50_us', 'p99_us', 'cpu_us_per_req', 'peak_rss_kib', 'server_cores'];

const CLIENT_NAMES = {
  raw: 'raw Beast', actor: 'actor face', async: 'async face', blocking: 'blocking face', js: 'JS SDK 2.0.8',
};
const CONCURRENCY_NAMES = {
  seq: 'sequential (1 in flight)', '64x1': '64 in flight on one session', '64x64': '64 in flight over 64 sessions',
};

export const cellKey = (server, concurrency, workload, client) => `${server}|${concurrency}|${workload}|${client}`;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Per cell: every metric's median, min and max over its rounds, and the errors. */
export function aggregate(runs) {
  const groups = new Map();
  for (const run of runs) {
    const key = cellKey(run.server, run.concurrency, run.workload, run.client);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(run);
  }
  const cells = {};
  for (const [key, group] of groups) {
    const [server, concurrency, workload, client] = key.split('|');
    const ok = group.filter((r) => !r.failed);
    const cell = {
      server, concurrency, workload, client,
      rounds: group.length,
      failed_runs: group.length - ok.length,
      errors: ok.reduce((n, r) => n + r.errors, 0),
      requests: ok.reduce((n, r) => n + r.requests, 0),
    };
    for (const m of METRICS) {
      const xs = ok.map((r) => r[m]).filter((x) => typeof x === 'number');
      cell[m] = xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : null;
    }
    cells[key] = cell;
  }
  return cells;
}

function med(cells, server, concurrency, workload, client, metric) {
  return cells[cellKey(server, concurrency, workload, client)]?.[metric]?.median;
}

/** Ratios of each cell's medians to the raw Beast and JS SDK cells beside it. */
export function addRatios(cells) {
  for (const cell of Object.values(cells)) {
    const { server, concurrency, workload } = cell;
    cell.ratios = {};
    for (const base of ['raw', 'js']) {
      cell.ratios[base] = {};
      for (const m of METRICS) {
        const ours = cell[m]?.median;
        const theirs = med(cells, server, concurrency, workload, base, m);
        cell.ratios[base][m] = ours !== undefined && theirs ? ours / theirs : null;
      }
    }
  }
}

/**
 * The worst ratio over `clients` x WORKLOADS of `metric` in one server and
 * concurrency; `better` says which direction is good ('high' or 'low').
 */
function worstRatio(cells, { server, concurrency, clients, base, metric, better }) {
  let worst = null;
  for (const client of clients) {
    for (const workload of WORKLOADS) {
      const r = cells[cellKey(server, concurrency, workload, client)]?.ratios?.[base]?.[metric];
      if (r === null || r === undefined) continue;
      if (!worst || (better === 'high' ? r < worst.value : r > worst.value)) worst = { value: r, client, workload };
    }
  }
  return worst;
}

/** Every target of the issue with its measured value and met/missed. */
export function evaluateTargets(cells, density, soak) {
  const targets = [];
  const ratioTarget = (name, spec, limit) => {
    const worst = worstRatio(cells, spec);
    const met = worst ? (spec.better === 'high' ? worst.value >= limit : worst.value <= limit) : null;
    targets.push({
      name,
      limit: `${spec.better === 'high' ? '≥' : '≤'} ${limit}×`,
      measured: worst ? `${worst.value.toFixed(2)}× (worst: ${worst.client}, ${worst.workload})` : 'not measured',
      value: worst?.value ?? null,
      met,
    });
  };
  const c64 = { server: 'canned', concurrency: '64x1' };
  ratioTarget('canned, 64 in flight: actor face req/s vs raw Beast', { ...c64, clients: ['actor'], base: 'raw', metric: 'req_per_s', better: 'high' }, 0.7);
  ratioTarget('canned, 64 in flight: async face req/s vs raw Beast', { ...c64, clients: ['async'], base: 'raw', metric: 'req_per_s', better: 'high' }, 0.5);
  ratioTarget('canned, 64 in flight: blocking face req/s vs raw Beast', { ...c64, clients: ['blocking'], base: 'raw', metric: 'req_per_s', better: 'high' }, 0.4);
  ratioTarget('canned, 64 in flight: every face req/s vs JS SDK', { ...c64, clients: FACES, base: 'js', metric: 'req_per_s', better: 'high' }, 3);
  ratioTarget('canned, 64 in flight: every face client CPU/req vs raw Beast', { ...c64, clients: FACES, base: 'raw', metric: 'cpu_us_per_req', better: 'low' }, 2.5);
  const cseq = { server: 'canned', concurrency: 'seq' };
  ratioTarget('canned, sequential: every face p50 vs raw Beast', { ...cseq, clients: FACES, base: 'raw', metric: 'p50_us', better: 'low' }, 1.5);
  // "below JS SDK": a ratio under 1.
  ratioTarget('canned, sequential: every face p50 vs JS SDK (below)', { ...cseq, clients: FACES, base: 'js', metric: 'p50_us', better: 'low' }, 0.999);
  const e64 = { server: 'engine', concurrency: '64x64' };
  ratioTarget('engine, 64 over 64 sessions: every face req/s vs raw Beast', { ...e64, clients: FACES, base: 'raw', metric: 'req_per_s', better: 'high' }, 0.95);
  ratioTarget('engine, 64 over 64 sessions: every face client CPU/req vs JS SDK', { ...e64, clients: FACES, base: 'js', metric: 'cpu_us_per_req', better: 'low' }, 0.25);

  const plain = (name, limit, measured, value, met) => targets.push({ name, limit, measured, value, met });
  const s = density?.sessions;
  plain('10,000 sessions on one socket: client memory per session', '≤ 2 KiB',
    s ? `${s.kib_per_session.toFixed(2)} KiB (${s.sessions} sessions opened in ${s.open_seconds.toFixed(2)} s)` : 'not measured',
    s?.kib_per_session ?? null, s ? s.kib_per_session <= 2 : null);
  const idle = density?.idle;
  plain('idle RSS of a process holding one connection', '≤ 8 MiB',
    idle ? `${(idle.rss_kib / 1024).toFixed(2)} MiB` : 'not measured', idle?.rss_kib ?? null, idle ? idle.rss_kib <= 8 * 1024 : null);
  let peak = null;
  for (const workload of WORKLOADS) {
    const v = med(cells, 'canned', '64x1', workload, 'async', 'peak_rss_kib');
    if (v !== undefined && (!peak || v > peak.value)) peak = { value: v, workload };
  }
  plain('async face peak RSS under 64-in-flight load (canned)', '≤ 15 MiB',
    peak ? `${(peak.value / 1024).toFixed(2)} MiB (worst: ${peak.workload})` : 'not measured',
    peak?.value ?? null, peak ? peak.value <= 15 * 1024 : null);
  const threads = density?.threads;
  plain('100 connections in one process: library threads (blocking/async faces)', '≤ 8',
    threads ? `${threads.library_threads} threads` : 'not measured',
    threads?.library_threads ?? null, threads ? threads.library_threads <= 8 : null);
  const actorThreads = density?.threads_actor;
  if (actorThreads) {
    plain('100 connections on one actor system (actor face), for comparison', '(no target)',
      `${actorThreads.library_threads} threads`, actorThreads.library_threads, null);
  }
  if (soak) {
    plain('soak: RSS within 20% of its 5 s value for 60 s (async face, canned, 64 in flight, ping)', '≤ 20%',
      `${(soak.max_drift * 100).toFixed(1)}% (at 5 s ${(soak.rss_at_5s_kib / 1024).toFixed(2)} MiB, max ${(soak.max_rss_kib / 1024).toFixed(2)} MiB, ${soak.req_per_s.toFixed(0)} req/s)`,
      soak.max_drift, soak.max_drift <= 0.2);
  }
  return targets;
}

const fmtInt = (x) => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-US'));
const fmt1 = (x) => (x === null || x === undefined ? '–' : x.toFixed(1));
const fmtRatio = (x) => (x === null || x === undefined ? '–' : `${x.toFixed(2)}×`);
const range = (m, f) => (m ? `${f(m.median)} (${f(m.min)}–${f(m.max)})` : '–');
const mib = (kib) => kib / 1024;

/** The markdown table: one section per server and concurrency. */
export function markdownTable(cells, targets, meta) {
  const out = [];
  out.push(`Medians of ${meta.rounds} interleaved round(s), min–max in brackets; ${meta.seconds} s measured per run`
    + ` after ${meta.warmup} s of warm-up. Ratios compare medians with the raw Beast client (×raw) and the JS SDK (×JS)`
    + ' in the same cell. CPU is the client process\'s user+system time per request; server cores is the'
    + ' server process\'s CPU time over the time the client\'s calls ran (warm-up and measured phase; near 1.0 on the single-threaded canned'
    + ' server: the server was the limit). The JS SDK has no public ping: its ping row calls version().\n');
  for (const server of meta.servers) {
    for (const concurrency of CONCURRENCIES) {
      const rows = [];
      for (const workload of WORKLOADS) {
        for (const client of CLIENTS) {
          const c = cells[cellKey(server, concurrency, workload, client)];
          if (!c) continue;
          const flag = c.failed_runs ? ` ⚠ ${c.failed_runs} run(s) failed` : (c.errors ? ` ⚠ ${c.errors} errors` : '');
          rows.push(`| ${workload} | ${CLIENT_NAMES[client]}${flag} | ${range(c.req_per_s, fmtInt)} | ${fmtRatio(c.ratios.raw.req_per_s)} | ${fmtRatio(c.ratios.js.req_per_s)} `
            + `| ${range(c.p50_us, fmt1)} | ${fmtRatio(c.ratios.raw.p50_us)} | ${fmt1(c.p99_us?.median)} `
            + `| ${range(c.cpu_us_per_req, fmt1)} | ${fmtRatio(c.ratios.raw.cpu_us_per_req)} | ${fmtRatio(c.ratios.js.cpu_us_per_req)} `
            + `| ${c.peak_rss_kib ? mib(c.peak_rss_kib.median).toFixed(1) : '–'} | ${c.server_cores ? c.server_cores.median.toFixed(2) : '–'} |`);
        }
      }
      if (!rows.length) continue;
      out.push(`### ${server === 'canned' ? 'Canned C++ server' : 'Real engine (tests/server)'}: ${CONCURRENCY_NAMES[concurrency]}\n`);
      out.push('| workload | client | req/s | ×raw | ×JS | p50 µs | ×raw | p99 µs | CPU µs/req | ×raw | ×JS | peak RSS MiB | server cores |');
      out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
      out.push(...rows, '');
    }
  }
  out.push('### Targets\n');
  out.push('| target | limit | measured | |');
  out.push('|---|---|---|---|');
  for (const t of targets) {
    const verdict = t.met === null ? '–' : (t.met ? 'met' : '**missed**');
    out.push(`| ${t.name} | ${t.limit} | ${t.measured} | ${verdict} |`);
  }
  out.push('');
  return out.join('\n');
}

/** chart.png: req/s (canned, 64 in flight), p50 (canned, sequential) and req/s (engine, 64 sessions). */
export function drawChart(cells, outDir, servers) {
  const panels = [
    { server: 'canned', concurrency: '64x1', metric: 'req_per_s', title: 'Canned server, 64 in flight on one session: req/s (higher is better)', file: 'chart-canned-64x1.dat' },
    { server: 'canned', concurrency: 'seq', metric: 'p50_us', title: 'Canned server, sequential: p50 latency µs (lower is better)', file: 'chart-canned-seq.dat' },
    { server: 'engine', concurrency: '64x64', metric: 'req_per_s', title: 'Real engine, 64 in flight over 64 sessions: req/s (higher is better)', file: 'chart-engine-64x64.dat' },
  ].filter((p) => servers.includes(p.server));
  for (const p of panels) {
    const lines = [`workload ${CLIENTS.map((c) => `"${CLIENT_NAMES[c]}"`).join(' ')}`];
    for (const workload of WORKLOADS) {
      const values = CLIENTS.map((client) => med(cells, p.server, p.concurrency, workload, client, p.metric) ?? 0);
      lines.push(`${workload} ${values.map((v) => v.toFixed(1)).join(' ')}`);
    }
    writeFileSync(join(outDir, p.file), `${lines.join('\n')}\n`);
  }
  const script = [
    `set terminal pngcairo size 1100,${330 * panels.length} font "sans,10"`,
    `set output "${join(outDir, 'chart.png')}"`,
    `set multiplot layout ${panels.length},1`,
    'set style data histograms',
    'set style histogram clustered gap 1',
    'set style fill solid 0.85 border -1',
    'set key outside right top vertical',
    'set grid ytics',
    'set yrange [0:*]',
    'set format y "%.0f"',
  ];
  for (const p of panels) {
    script.push(`set title "${p.title}"`);
    script.push(`plot for [i=2:${CLIENTS.length + 1}] "${join(outDir, p.file)}" using i:xtic(1) title columnheader(i)`);
  }
  script.push('unset multiplot');
  execFileSync('gnuplot', [], { input: script.join('\n') });
}
