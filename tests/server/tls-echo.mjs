#!/usr/bin/env node
// A TLS WebSocket echo server for the transport's wss:// tests:
//
//   node tls-echo.mjs <cert.pem> <key.pem>
//
// Listens on 127.0.0.1 on a free port, path /rpc, and prints one line,
// `listening <port>`, once ready. Accepts the subprotocol `cbor` or `json`
// when offered and upgrades without a subprotocol otherwise (so clients can
// test their own check of the answer). Echoes binary messages as they came
// and answers a text message with the binary message "text:<message>", so a
// client can tell which kind it sent. Two messages are commands instead:
// "close" makes it close with 1000 "bye", "sni" answers "sni:<the server
// name the client sent in its TLS hello, or none>".
// Exits 0 on SIGTERM, SIGINT or EOF on stdin, so a dying parent takes it along.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { WebSocketServer } from 'ws';

const [certFile, keyFile] = process.argv.slice(2);
if (!certFile || !keyFile) {
  console.error('usage: node tls-echo.mjs <cert.pem> <key.pem>');
  process.exit(2);
}

const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) });
const wss = new WebSocketServer({
  server,
  path: '/rpc',
  handleProtocols: (protocols) => ['cbor', 'json'].find((p) => protocols.has(p)) ?? false,
});

wss.on('connection', (ws, req) => {
  ws.on('message', (data, isBinary) => {
    if (data.toString() === 'close') ws.close(1000, 'bye');
    else if (data.toString() === 'sni') ws.send(Buffer.from(`sni:${req.socket.servername || 'none'}`));
    else if (isBinary) ws.send(data, { binary: true });
    else ws.send(Buffer.concat([Buffer.from('text:'), data]), { binary: true });
  });
});

// A client that rejects our certificate ends the handshake; that is the
// point of some tests, not an error here.
server.on('tlsClientError', () => {});

const stop = () => {
  for (const client of wss.clients) client.terminate();
  server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();

server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
