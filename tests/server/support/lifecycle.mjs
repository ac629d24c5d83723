// How the test servers live as processes: one that serves until it is told to
// stop (the CLIs), and one that runs a command beside a server of its own
// (the launchers). Shared by server.mjs, fault-proxy.mjs and hostile/server.mjs
// and the launchers with-engine.mjs, with-fault-proxy.mjs and
// hostile/with-hostile.mjs.

import { spawn } from 'node:child_process';

/**
 * Starts a server with `start()`, prints `listening <url>` and serves until
 * SIGTERM, SIGINT or (with `watchStdin`) the end of stdin, then closes it and
 * exits 0. The handlers go in before the server starts, so an early signal
 * still exits 0.
 */
export async function serveUntilStopped(start, { watchStdin = true } = {}) {
  let server = null;
  const stop = () => (server ? server.close().then(() => process.exit(0)) : process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  server = await start();
  process.stdout.write(`listening ${server.url}\n`);
  if (watchStdin) {
    // The parent going away closes our stdin: stop with it, leaving nothing behind.
    process.stdin.once('end', stop);
    process.stdin.once('error', stop);
    process.stdin.resume();
  }
}

/**
 * Runs this process's command line (`node <launcher> <command> [args...]`)
 * with `env` from `prepare()`, which may start a server and returns
 * `{env, close}`; closes it when the command exits, and exits with the
 * command's code (1 if it died by a signal, 127 if it could not be started).
 * A launcher with options of its own passes the rest of its command line as
 * `argv`, and its usage line.
 */
export async function runBeside(launcher, prepare, {
  argv = process.argv.slice(2), usage = `usage: node ${launcher} <command> [args...]`,
} = {}) {
  const [command, ...args] = argv;
  if (!command) {
    console.error(usage);
    process.exit(2);
  }
  // Handlers go in first: a signal may come as soon as the command is
  // running, even before spawn() has returned here. Before that, there is
  // nothing to forward to, and the in-process server dies with us.
  let child = null;
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => (child ? child.kill(signal) : process.exit(1)));
  }
  const { env, close } = await prepare();
  let finishing;
  const finish = (code) => (finishing ??= close().then(() => process.exit(code)));
  child = spawn(command, args, { stdio: 'inherit', env });
  child.once('error', (err) => {
    console.error(`${launcher}: cannot run ${command}: ${err.message}`);
    finish(127);
  });
  child.once('exit', (code, signal) => finish(signal ? 1 : code));
}
