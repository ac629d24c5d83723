// What the hostile server does on each path. A scenario is an object with
// optional hooks, called with the connection (see server.mjs):
//   open(conn)           once the WebSocket handshake is done;
//   request(conn, id)    for each request frame (id undefined if undecodable);
//   autoPong: false      to leave WebSocket pings unanswered.
// To add one, add an entry here and a line to README.md.

import * as frames from './frames.mjs';
import { badBodyReply, deepReply, reply, undecodable } from './rpc.mjs';

/** Writes `bytes` raw at the first request, then `then=hold` (default: go mute, keep TCP open) or `then=end`. */
function violation(bytes) {
  return {
    request(conn) {
      if (conn.requests > 1) return;
      conn.raw(bytes());
      conn.after(conn.params.get('then') ?? 'hold');
    },
  };
}

/** Answers every request `{id, result: null}`. */
// `?depth=N` of the deep frames (default 100000).
function depthOf(conn) {
  return Number(conn.params.get('depth') ?? 100000);
}

const echoOk = {
  request(conn, id) {
    conn.send(reply(conn.format, id ?? null));
  },
};

export const scenarios = {
  'reserved-opcode': violation(frames.reservedOpcode),
  'masked-frame': violation(frames.maskedFrame),
  'huge-length': violation(frames.hugeLength),
  garbage: violation(frames.garbage),

  // `?code=4000&reason=text`: a close frame at the first request, then
  // `then=end` (default: close TCP) or `then=hold`.
  close: {
    request(conn) {
      if (conn.requests > 1) return;
      const code = Number(conn.params.get('code') ?? 1000);
      conn.raw(frames.closeFrame(code, conn.params.get('reason') ?? ''));
      conn.after(conn.params.get('then') ?? 'end');
    },
  },
  // A TCP reset (RST) at the first request.
  reset: { request: (conn) => conn.after('reset') },
  // The socket ends without a close frame at the first request, as when the
  // server process is killed.
  abrupt: { request: (conn) => conn.after('end') },
  // Never answers anything, not even pings.
  idle: { autoPong: false },
  // At the first request, one message of `?bytes=N` (default 1 MiB) bytes.
  oversized: {
    request(conn) {
      if (conn.requests > 1) return;
      conn.send(Buffer.alloc(Number(conn.params.get('bytes') ?? 1 << 20), 0x61));
    },
  },
  // Answers nothing at RPC level, but pongs: the socket stays alive.
  silent: {},
  'echo-ok': echoOk,
  // Answers each request with its id and `?body=`: `null` (default),
  // `deep` (`depth=N` nested arrays, default 100000; `id=last` puts the id
  // after them), `bad-body` (a result no decoder accepts) or `undecodable`.
  'reply-with': {
    request(conn, id) {
      const body = conn.params.get('body') ?? 'null';
      if (body === 'deep') conn.send(deepReply(conn.format, id ?? null, depthOf(conn), conn.params.get('id') === 'last'));
      else if (body === 'bad-body') conn.send(badBodyReply(conn.format, id ?? null));
      else if (body === 'undecodable') conn.send(undecodable(conn.format));
      else conn.send(reply(conn.format, id ?? null));
    },
  },
  // Before answering like echo-ok, sends `?frame=`: `garbage` (an
  // undecodable message), `unknown-id` (a reply to no request), `deep` (a
  // reply to no request nested `depth=N` arrays deep) or `text` (a text
  // frame on a CBOR connection, a binary one on JSON).
  unsolicited: {
    request(conn, id) {
      const kind = conn.params.get('frame') ?? 'unknown-id';
      if (kind === 'garbage') conn.send(undecodable(conn.format));
      else if (kind === 'deep') conn.send(deepReply(conn.format, 987654321, depthOf(conn)));
      else if (kind === 'text') conn.send(reply(conn.format, 'nobody'), { binary: conn.format === 'json' });
      else conn.send(reply(conn.format, 987654321));
      echoOk.request(conn, id);
    },
  },
};
