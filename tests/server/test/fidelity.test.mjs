import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeMap, encodeText } from '../cbor-split.mjs';
import { cbor, withServer } from '../support/rpc-client.mjs';

const bytes = (hex) => Buffer.from(hex.replaceAll(' ', ''), 'hex');

// Values in the engine's own canonical CBOR, written out by hand (the engine
// re-encodes what it stores: it normalises decimals, "12.50" → "12.5", and
// shortens floats that fit a half, so only canonical input can round-trip).
// A front that decoded and re-encoded in JS would break several of these: the
// big integers lose precision as Numbers, unknown tags change shape.
const VALUES = {
  decimal: bytes('ca 78 1d 313233343536373839302e313233343536373839303132333435363738'), // 10("1234567890.123456789012345678"), 28 digits, beyond any double
  recordId: bytes('c8 82 66 706572736f6e 65 746f626965'), // 8(["person", "tobie"])
  datetime: bytes('cc 82 1a 6553f100 1a 075bcd15'), // 12([1700000000, 123456789])
  duration: bytes('ce 82 18 5a 05'), // 14([90, 5])
  uuid: bytes('d8 25 50 0190f0c1d2e37a4b8c9d0e1f20314253'), // 37(h'...')
  bigInt: bytes('1b 0020000000000001'), // 2^53 + 1
  negative: bytes('3b 7ffffffffffffffe'), // -(2^63 - 1)
  float: bytes('fb 3fb999999999999a'), // 0.1 (the engine itself shortens floats that fit a half)
  none: bytes('c6 f6'),
  bytes: bytes('43 010203'),
  set: bytes('d8 38 82 01 02'), // 56([1, 2])
  text: bytes('66 c3bc6e69636f'), // "ünico"
};

function request(id, method, params) {
  return encodeMap([['id', id], ['method', encodeText(method)], ['params', params]]);
}

describe('values are forwarded byte for byte', { timeout: 20000 }, () => {
  const fixture = withServer(1);

  /** Sends a hand-built frame whose id decodes to `id`; resolves to the raw reply. */
  async function send(id, frame) {
    const { clients: [client] } = fixture;
    return (await client.sendFrame(id, frame)).raw;
  }

  for (const [name, value] of Object.entries(VALUES)) {
    test(`${name} comes back unchanged through query bindings`, async () => {
      const id = cbor.encode(1000 + Object.keys(VALUES).indexOf(name));
      const params = Buffer.concat([bytes('82'), encodeText('RETURN $v'), bytes('a1 61 76'), value]);
      const raw = await send(cbor.decode(id), request(id, 'query', params));
      // {"id": <id>, "result": [{"result": <value>, "status": "OK", ...}]}
      const prefix = Buffer.concat([bytes('a2 62 6964'), id, bytes('66 726573756c74 81 a4 66 726573756c74'), value]);
      assert.equal(raw.subarray(0, prefix.length).toString('hex'), prefix.toString('hex'));
    });
  }

  test('a session variable set with let keeps its exact bytes', async () => {
    const all = Buffer.concat([bytes(`8${Object.keys(VALUES).length.toString(16)}`), ...Object.values(VALUES)]);
    const set = await send(1, request(bytes('01'), 'let', Buffer.concat([bytes('82 61 76'), all])));
    // The engine answers `let` with NULL (f6), not NONE.
    assert.equal(set.toString('hex'), bytes('a2 62 6964 01 66 726573756c74 f6').toString('hex'));
    const raw = await send(2, request(bytes('02'), 'query', Buffer.concat([bytes('81'), encodeText('RETURN $v')])));
    assert.ok(raw.includes(all), 'the reply contains the array exactly as sent');
  });

  test('a tag-37 request id is echoed exactly', async () => {
    const { clients: [client] } = fixture;
    const id = VALUES.uuid;
    const frame = encodeMap([['id', id], ['method', encodeText('ping')]]);
    client.send(frame); // a Tag id cannot key the client's pending map: take the reply as unmatched
    const { raw } = await client.nextUnsolicited();
    assert.equal(raw.toString('hex'), Buffer.concat([bytes('a2 62 6964'), id, bytes('66 726573756c74 c6f6')]).toString('hex'));
  });
});
