// Raw WebSocket frames a well-behaved server never sends, written straight
// onto the TCP socket after the handshake. Each function returns a Buffer.

/** One unmasked server frame: FIN set, `opcode`, `payload` (<= 125 bytes). */
export function frame(opcode, payload = Buffer.alloc(0)) {
  return Buffer.concat([Buffer.from([0x80 | opcode, payload.length]), payload]);
}

/** Opcode 0x3 is reserved for future non-control frames (RFC 6455 5.2). */
export const reservedOpcode = () => frame(0x3, Buffer.from('x'));

/** A server frame with the mask bit set: clients must fail on it (RFC 6455 5.1). */
export function maskedFrame() {
  const key = Buffer.from([1, 2, 3, 4]);
  const payload = Buffer.from('hi').map((b, i) => b ^ key[i % 4]);
  return Buffer.concat([Buffer.from([0x82, 0x80 | payload.length]), key, payload]);
}

/** A binary frame header announcing 2^62 payload bytes, and none following. */
export function hugeLength() {
  const header = Buffer.alloc(10);
  header[0] = 0x82;
  header[1] = 127;
  header.writeBigUInt64BE(1n << 62n, 2);
  return header;
}

/** Bytes that are no frame at all: all reserved bits set, opcode 0xF. */
export const garbage = () => Buffer.alloc(16, 0xff);

/** A close frame with any code, even one the RFC reserves (1005, 1006). */
export function closeFrame(code, reason = '') {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return frame(0x8, payload.subarray(0, 125));
}
