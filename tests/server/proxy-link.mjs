// One client socket of the fault proxy and the upstream socket it opened: two
// ordered pipes that forward frames, pings and the end of each side, and obey
// the proxy's faults (stall, delay, cut) as a network between them would.

import WebSocket from 'ws';

export const SUBPROTOCOL = 'cbor';

/**
 * The faults every link obeys, set by the control API: `stalled` holds all
 * traffic, `delayMs` delays each item from its arrival, `cutNext` cuts the
 * next server→client frame in half.
 */
export function makeFaults() {
  return { stalled: false, delayMs: 0, cutNext: false };
}

/** Items one way, delivered in arrival order once due and while the proxy is not stalled. */
class Pipe {
  #faults;
  #deliver;
  #ready;
  #queue = [];
  #timer = null;

  /** `deliver(item)` sends one item on; `ready()` says whether the far side can take it now. */
  constructor(faults, deliver, ready) {
    this.#faults = faults;
    this.#deliver = deliver;
    this.#ready = ready;
  }

  push(item) {
    this.#queue.push({ ...item, due: Date.now() + this.#faults.delayMs });
    this.pump();
  }

  /** Delivers what is due; a timer comes back for an item that is not yet. */
  pump() {
    if (this.#timer) return;
    while (this.#queue.length > 0 && !this.#faults.stalled && this.#ready()) {
      const wait = this.#queue[0].due - Date.now();
      if (wait > 0) {
        this.#timer = setTimeout(() => {
          this.#timer = null;
          this.pump();
        }, wait);
        return;
      }
      this.#deliver(this.#queue.shift());
    }
  }

  clear() {
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#queue = [];
  }
}

/** The header of an unmasked binary frame (FIN set) announcing `length` payload bytes. */
function binaryFrameHeader(length) {
  if (length < 126) return Buffer.from([0x82, length]);
  if (length < 0x10000) {
    const header = Buffer.from([0x82, 126, 0, 0]);
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = 0x82;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

export class ProxyLink {
  #client;
  #socket;
  #upstream;
  #faults;
  #toServer;
  #toClient;
  #onDone;
  clientOpen = true;
  #upstreamDone = false;

  /**
   * `client` is the accepted WebSocket and `socket` its TCP socket; `upstream`
   * the URL to open for it. `onClientFrame(data)` sees every frame the client
   * sends, on arrival; `onDone()` runs once both sides have closed.
   */
  constructor({ conn, client, socket, upstream, faults, onClientFrame, onDone }) {
    this.conn = conn;
    this.#client = client;
    this.#socket = socket;
    this.#faults = faults;
    this.#onDone = onDone;
    // Pings go through the pipes like frames, so a stalled link answers none.
    this.#upstream = new WebSocket(upstream, SUBPROTOCOL, { autoPong: false });
    this.upstreamClosed = new Promise((resolve) => this.#upstream.once('close', resolve));
    this.#toServer = new Pipe(faults, (item) => this.#sendUpstream(item),
      () => this.#upstream.readyState === WebSocket.OPEN);
    this.#toClient = new Pipe(faults, (item) => this.#sendClient(item), () => this.clientOpen);

    client.on('message', (data, isBinary) => {
      onClientFrame(data);
      this.#toServer.push({ kind: 'frame', data, isBinary });
    });
    client.on('ping', (data) => this.#toServer.push({ kind: 'ping', data }));
    client.on('pong', (data) => this.#toServer.push({ kind: 'pong', data }));
    client.on('close', () => {
      this.#clientGone();
      this.#toServer.push({ kind: 'end' });
    });
    // A broken client socket is reported again by 'close'.
    client.on('error', () => {});

    const up = this.#upstream;
    up.on('open', () => this.#toServer.pump());
    up.on('message', (data, isBinary) => this.#toClient.push({ kind: 'frame', data, isBinary }));
    up.on('ping', (data) => this.#toClient.push({ kind: 'ping', data }));
    up.on('pong', (data) => this.#toClient.push({ kind: 'pong', data }));
    // Refused, failed or closed: the client learns it after what came before, as a dead server looks.
    up.on('close', () => {
      this.#upstreamDone = true;
      this.#toServer.clear();
      this.#toClient.push({ kind: 'end' });
      this.#doneIfBothClosed();
    });
    up.on('error', () => {});
  }

  /** Forwards what was held after a stall. */
  pump() {
    this.#toServer.pump();
    this.#toClient.pump();
  }

  /** Cuts the client's TCP connection (no close frame) and the upstream, at once. */
  drop() {
    this.#socket.destroy();
    this.#clientGone();
    this.#upstream.terminate();
  }

  /** A close frame with `code` to the client; the upstream closes once the client answers. */
  closeClient(code) {
    if (this.clientOpen) this.#client.close(code);
  }

  #sendUpstream(item) {
    const up = this.#upstream;
    if (item.kind === 'frame') up.send(item.data, { binary: item.isBinary });
    else if (item.kind === 'ping') up.ping(item.data);
    else if (item.kind === 'pong') up.pong(item.data);
    else up.close();
  }

  #sendClient(item) {
    if (item.kind === 'end') return this.drop();
    if (item.kind === 'frame' && this.#faults.cutNext) {
      this.#faults.cutNext = false;
      return this.#cut(item.data);
    }
    const client = this.#client;
    if (client.readyState !== WebSocket.OPEN) return undefined;
    if (item.kind === 'frame') client.send(item.data, { binary: item.isBinary });
    else if (item.kind === 'ping') client.ping(item.data);
    else client.pong(item.data);
    return undefined;
  }

  /** The frame's full-length header and half its payload straight onto TCP, then the end of TCP. */
  #cut(data) {
    const half = data.subarray(0, Math.floor(data.length / 2));
    const socket = this.#socket;
    this.#clientGone();
    this.#upstream.terminate();
    // Destroying only once the bytes are written, so they are not thrown away.
    socket.write(Buffer.concat([binaryFrameHeader(data.length), half]), () => socket.destroy());
  }

  #clientGone() {
    if (!this.clientOpen) return;
    this.clientOpen = false;
    this.#toClient.clear();
    this.#doneIfBothClosed();
  }

  #doneIfBothClosed() {
    if (!this.clientOpen && this.#upstreamDone) {
      this.#toServer.clear();
      this.#onDone();
    }
  }
}
