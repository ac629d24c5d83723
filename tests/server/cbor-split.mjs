// Byte-level CBOR helpers for the front: find where items start and end, and
// assemble envelopes from raw slices. User values are never decoded, so what a
// client sends reaches the engine byte for byte, and the engine's answer comes
// back the same way.

export class CborError extends Error {}

const MAJOR_BYTES = 2;
const MAJOR_TEXT = 3;
const MAJOR_ARRAY = 4;
const MAJOR_MAP = 5;
const MAJOR_TAG = 6;
const MAJOR_SIMPLE = 7;
const BREAK = 0xff;

/** NONE as SurrealDB encodes it: tag 6 wrapping null. */
export const NONE = Uint8Array.of(0xc6, 0xf6);

// Reads an item head at `pos`: {major, arg, indefinite, next}. `arg` is a
// Number; lengths too large for one are caught by the bounds checks later.
function readHead(buf, pos) {
  if (pos >= buf.length) throw new CborError('truncated item');
  const initial = buf[pos];
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (info < 24) return { major, arg: info, indefinite: false, next: pos + 1 };
  if (info === 31) {
    if (major < MAJOR_BYTES || major === MAJOR_TAG) throw new CborError('invalid indefinite length');
    return { major, arg: 0, indefinite: true, next: pos + 1 };
  }
  if (info > 27) throw new CborError('reserved additional info');
  const size = 1 << (info - 24);
  if (pos + 1 + size > buf.length) throw new CborError('truncated head');
  const view = new DataView(buf.buffer, buf.byteOffset + pos + 1, size);
  const arg = size === 1 ? view.getUint8(0)
    : size === 2 ? view.getUint16(0)
    : size === 4 ? view.getUint32(0)
    : Number(view.getBigUint64(0));
  return { major, arg, indefinite: false, next: pos + 1 + size };
}

/**
 * Returns the offset just past the well-formed CBOR item starting at `pos`.
 * Iterative (a stack of "items still expected" counters), so deeply nested
 * input cannot overflow the JS stack.
 */
export function skipItem(buf, pos) {
  const pending = [1];
  while (pending.length > 0) {
    const top = pending.length - 1;
    if (pending[top] === 0) {
      pending.pop();
      continue;
    }
    if (buf[pos] === BREAK) {
      if (pending[top] !== Infinity) throw new CborError('unexpected break');
      pending.pop();
      pos += 1;
      continue;
    }
    pending[top] -= 1;
    const head = readHead(buf, pos);
    pos = head.next;
    switch (head.major) {
      case MAJOR_BYTES:
      case MAJOR_TEXT:
        if (head.indefinite) pending.push(Infinity);
        else if ((pos += head.arg) > buf.length) throw new CborError('truncated string');
        break;
      case MAJOR_ARRAY:
        pending.push(head.indefinite ? Infinity : head.arg);
        break;
      case MAJOR_MAP:
        pending.push(head.indefinite ? Infinity : head.arg * 2);
        break;
      case MAJOR_TAG:
        pending.push(1);
        break;
      case MAJOR_SIMPLE:
        if (head.indefinite) throw new CborError('unexpected break');
        break;
      default: // unsigned and negative integers: the head is the whole item
    }
  }
  return pos;
}

/** Reads a definite text string at `pos`, or returns null if it is something else. */
function readText(buf, pos, end) {
  const head = readHead(buf, pos);
  if (head.major !== MAJOR_TEXT || head.indefinite || head.next + head.arg !== end) return null;
  return Buffer.from(buf.buffer, buf.byteOffset + head.next, head.arg).toString('utf8');
}

/**
 * Splits a CBOR map (one whole item in `buf`) into Map<key, raw value bytes>.
 * Keys must be text, as SurrealDB requires; returns null for a non-text key.
 */
export function splitMap(buf) {
  const head = readHead(buf, 0);
  if (head.major !== MAJOR_MAP) throw new CborError('not a map');
  const entries = new Map();
  let pos = head.next;
  for (let i = 0; head.indefinite ? buf[pos] !== BREAK : i < head.arg; i += 1) {
    const keyEnd = skipItem(buf, pos);
    const key = readText(buf, pos, keyEnd);
    if (key === null) return null;
    const valueEnd = skipItem(buf, keyEnd);
    entries.set(key, buf.subarray(keyEnd, valueEnd));
    pos = valueEnd;
  }
  return entries;
}

/** Splits a raw CBOR array into its raw elements, or returns null if it is not an array. */
export function splitArray(raw) {
  const head = readHead(raw, 0);
  if (head.major !== MAJOR_ARRAY) return null;
  const items = [];
  let pos = head.next;
  for (let i = 0; head.indefinite ? raw[pos] !== BREAK : i < head.arg; i += 1) {
    const end = skipItem(raw, pos);
    items.push(raw.subarray(pos, end));
    pos = end;
  }
  return items;
}

/** Returns the text of a raw definite text string, or null. */
export function rawText(raw) {
  return readText(raw, 0, raw.length);
}

/**
 * The value of a raw CBOR integer (major type 0 or 1, one whole item) when a
 * JS number holds it exactly, or null for anything else.
 */
export function rawInteger(raw) {
  if (raw.length === 0 || raw[0] >> 5 > 1) return null;
  try {
    const head = readHead(raw, 0);
    if (head.next !== raw.length) return null;
    const value = raw[0] >> 5 === 0 ? head.arg : -1 - head.arg;
    return Number.isSafeInteger(value) ? value : null;
  } catch (err) {
    if (err instanceof CborError) return null;
    throw err;
  }
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The lowercase hyphenated form of a UUID's 16 bytes. */
export function uuidFromBytes(bytes) {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Reads a UUID the way SurrealDB accepts one: tag 37 over 16 bytes, tag 9 over
 * text, or (when `allowText`) plain text. Returns the lowercase hyphenated form, or null.
 */
export function rawUuid(raw, { allowText }) {
  if (raw.length === 19 && raw[0] === 0xd8 && raw[1] === 37 && raw[2] === 0x50) {
    return uuidFromBytes(raw.subarray(3));
  }
  const text = raw[0] === 0xc9 ? readText(raw, 1, raw.length) : allowText ? rawText(raw) : null;
  return text !== null && UUID_TEXT.test(text) ? text.toLowerCase() : null;
}

function encodeHead(major, n) {
  if (n < 24) return Uint8Array.of((major << 5) | n);
  if (n < 0x100) return Uint8Array.of((major << 5) | 24, n);
  if (n < 0x10000) return Uint8Array.of((major << 5) | 25, n >> 8, n & 0xff);
  const out = Buffer.alloc(5);
  out[0] = (major << 5) | 26;
  out.writeUInt32BE(n, 1);
  return out;
}

export function encodeText(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([encodeHead(MAJOR_TEXT, bytes.length), bytes]);
}

/** Encodes a small negative integer (error codes). */
export function encodeNegative(n) {
  return encodeHead(1, -1 - n);
}

/** The 16 bytes of a hyphenated UUID string. */
export function uuidBytes(uuid) {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

/** Encodes a UUID string as SurrealDB does: tag 37 over its 16 bytes. */
export function encodeUuid(uuid) {
  return Buffer.concat([Uint8Array.of(0xd8, 37, 0x50), uuidBytes(uuid)]);
}

/** Builds an array from raw item bytes. */
export function encodeArray(items) {
  return Buffer.concat([encodeHead(MAJOR_ARRAY, items.length), ...items]);
}

/** Builds a map from [key, raw value bytes] pairs, in the order given. */
export function encodeMap(entries) {
  const parts = [encodeHead(MAJOR_MAP, entries.length)];
  for (const [key, raw] of entries) parts.push(encodeText(key), raw);
  return Buffer.concat(parts);
}
