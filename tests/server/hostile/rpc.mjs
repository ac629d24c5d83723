// The little RPC a hostile server needs: the id of a request, and replies
// in the connection's format (CBOR binary frames or JSON text frames).

import { decode, encode } from 'cbor2';

/** The request's id, or undefined when the frame does not decode. */
export function requestId(format, data) {
  try {
    const request = format === 'json' ? JSON.parse(data.toString('utf8')) : decode(new Uint8Array(data));
    return request instanceof Map ? request.get('id') : request?.id;
  } catch {
    return undefined;
  }
}

/** `{id, result}` as one frame payload. */
export function reply(format, id, result = null) {
  return format === 'json'
    ? Buffer.from(JSON.stringify({ id, result }))
    : Buffer.from(encode({ id, result }));
}

/**
 * `{id, result: [[[...null...]]]}` nested `depth` arrays deep, built as bytes:
 * a JavaScript value that deep would overflow the encoder's stack.
 */
export function deepReply(format, id, depth, idLast = false) {
  if (format === 'json') {
    const idField = `"id":${JSON.stringify(id)}`;
    const result = `"result":${'['.repeat(depth)}null${']'.repeat(depth)}`;
    return Buffer.from(idLast ? `{${result},${idField}}` : `{${idField},${result}}`);
  }
  const idField = Buffer.concat([Buffer.from(encode('id')), Buffer.from(encode(id))]);
  const result = Buffer.concat([Buffer.from(encode('result')), Buffer.alloc(depth, 0x81), Buffer.from([0xf6])]);
  return Buffer.concat([Buffer.from([0xa2]), ...(idLast ? [result, idField] : [idField, result])]);
}

/**
 * A reply whose id comes first and whose result no decoder may accept: a
 * string that is not UTF-8 (CBOR), a broken array (JSON: its text must stay
 * UTF-8, or the WebSocket layer refuses the frame first).
 */
export function badBodyReply(format, id) {
  if (format === 'json') return Buffer.from(`{"id":${JSON.stringify(id)},"result":[1,]}`);
  return Buffer.concat([
    Buffer.from([0xa2]), Buffer.from(encode('id')), Buffer.from(encode(id)), Buffer.from(encode('result')),
    Buffer.from([0x62, 0xff, 0xfe]),
  ]);
}

/** A payload that decodes in neither format: a truncated map, or broken JSON. */
export function undecodable(format) {
  return format === 'json' ? Buffer.from('{"id":') : Buffer.from([0xa2, 0x62, 0x69]);
}
