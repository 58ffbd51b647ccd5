/**
 * A server connection on Bun's own sockets (`Bun.connect`), shaped as the part of node:net's
 * Socket that postgres.js uses: `data`, `error`, `close` and `drain` events, `write` (with its
 * callback), `end`, `destroy`, `pause`, `resume`, `setKeepAlive`, `readyState`.
 *
 * Under Bun, node:net's Socket is a node:stream Duplex over these same sockets. Loading node:net
 * and node:stream and making the run's first socket cost a run about 3 ms before its start-up
 * message could go out, and its first replies took the stream's path: a `current` of 300
 * revisions went from 26.3 to 21.3 ms, and a no-op `upgrade head` from 28.8 to 25.2 ms (100
 * interleaved rounds; dbmate's `status` and `up`: 22.6 and 28.4 ms). A connection that asks for
 * TLS keeps node:net's socket, which node:tls wraps.
 */
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import type { BunConnect, BunSocketHandle } from "../config/runtime.ts";
import type { PresentedConnection, SocketHandlers } from "./presented-connection.ts";
import { bunAddress, type SocketTarget } from "./startup.ts";

/** An error of a socket as node:net words it (`connect ECONNREFUSED 127.0.0.1:5432`), for messages that do not depend on the runtime. */
function nodeError(err: Error & { code?: string; syscall?: string }, target: SocketTarget): Error {
  if (err.code === undefined || err.message.includes(err.code)) return err;
  const where = "path" in target ? target.path : `${target.host}:${target.port}`;
  return Object.assign(new Error(`${err.syscall ?? "connect"} ${err.code} ${where}`, { cause: err }), { code: err.code, errno: (err as { errno?: number }).errno, syscall: err.syscall ?? "connect" });
}

/**
 * A connection to `target` on Bun's sockets, typed as the node:net Socket postgres.js takes. Given
 * a `presented` connection (presented-connection.ts), it takes that over on its first write when
 * it can, and connects only when it cannot.
 */
export function bunSocket(connect: BunConnect, target: SocketTarget, presented?: PresentedConnection): Socket {
  return new BunSocket(connect, target, presented) as unknown as Socket;
}

class BunSocket extends EventEmitter {
  /** As node:net's: postgres.js ends only an open socket, and waits for the close of one not closed. */
  readyState: "opening" | "open" | "closed" = "opening";
  readonly host: string | undefined;
  readonly port: number | undefined;
  #handle: BunSocketHandle | undefined;
  /** What `write` was given and the socket has not taken yet, each with its callback. */
  readonly #pending: { bytes: Uint8Array; done: (() => void) | undefined }[] = [];
  /** Data that arrived while paused, handed on in order on `resume`. */
  readonly #held: Buffer[] = [];
  /** The socket closed while data was held (with the error it failed with, if any): `close` follows that data, as with node:net. */
  #closeAfterHeld: Error | false | undefined;
  /** An `error` was emitted: node:net emits one at most. */
  #errored = false;
  #paused = false;
  /** `end` was called: the socket ends once what is pending has been written. */
  #ending = false;
  /** A write returned false: `drain` is due once the backlog is written, as with node:net. */
  #backlogged = false;
  #keepAlive: [enable: boolean, delayMs: number] | undefined;
  /** A presented connection not yet taken over: the first write decides. */
  #presented: PresentedConnection | undefined;
  readonly #handlers: SocketHandlers;
  readonly #connect: () => void;

  constructor(connect: BunConnect, target: SocketTarget, presented: PresentedConnection | undefined) {
    super();
    if ("host" in target) {
      this.host = target.host;
      this.port = target.port;
    }
    const handlers: SocketHandlers = {
      open: (handle: BunSocketHandle) => this.#opened(handle),
      data: (_: BunSocketHandle, data: Buffer) => this.#received(data),
      drain: () => this.#drained(),
      // The server ended its side: end ours, as node:net does without allowHalfOpen.
      end: (handle: BunSocketHandle) => handle.end(),
      // A connection that fails once open (reset by the server) comes with the close alone:
      // node:net says it with an `error` first, and postgres.js needs that to fail the query that
      // opened the connection (told only of the close, it connects again for it, for good).
      close: (_: BunSocketHandle, error?: Error) => {
        const failure = error === undefined ? undefined : nodeError(error, target);
        if (this.#held.length > 0) this.#closeAfterHeld = failure ?? false;
        else this.#closed(failure ?? false);
      },
      // A socket destroyed already emits nothing more, as node:net's does (nobody listens then).
      error: (_: BunSocketHandle, error: Error) => this.destroyed || this.#fail(nodeError(error, target)),
      // A connection refused at once (a unix socket that is not there) is refused before whoever
      // made this socket has listened for it: said on a later turn, as node:net does.
      connectError: (_: BunSocketHandle, error: Error) =>
        setImmediate(() => {
          if (this.destroyed) return;
          this.#closed(nodeError(error, target));
        }),
    };
    this.#handlers = handlers;
    // Its failures arrive through connectError; the promise's rejection says the same again.
    this.#connect = () => void connect({ ...bunAddress(target), socket: { binaryType: "buffer", ...handlers } }).catch(() => undefined);
    if (presented === undefined) this.#connect();
    else this.#presented = presented;
  }

  get destroyed(): boolean {
    return this.readyState === "closed";
  }

  write(data: Uint8Array | string, done?: () => void): boolean {
    if (this.destroyed) return false;
    let bytes = typeof data === "string" ? Buffer.from(data) : data;
    const presented = this.#presented;
    if (presented !== undefined) {
      this.#presented = undefined;
      const rest = presented.adopt(bytes, this.#handlers);
      if (rest === undefined) this.#connect();
      else bytes = rest;
    }
    this.#pending.push({ bytes, done });
    // Held until the socket opens, as node:net holds what is written before it connects.
    if (this.#handle === undefined) return true;
    const all = this.#flush();
    if (!all) this.#backlogged = true;
    return all;
  }

  end(data?: Uint8Array): this {
    if (data !== undefined) this.write(data);
    this.#ending = true;
    // Ends once what is pending is written: now, or when the socket opens or drains.
    this.#flush();
    return this;
  }

  destroy(): this {
    this.#presented?.abandon();
    this.#presented = undefined;
    this.#handle?.end();
    this.#closed(false);
    return this;
  }

  pause(): this {
    this.#paused = true;
    return this;
  }

  resume(): this {
    this.#paused = false;
    while (!this.#paused && this.#held.length > 0) this.emit("data", this.#held.shift());
    if (this.#held.length === 0 && this.#closeAfterHeld !== undefined) this.#closed(this.#closeAfterHeld);
    return this;
  }

  setKeepAlive(enable: boolean, delayMs: number): this {
    this.#keepAlive = [enable, delayMs];
    this.#handle?.setKeepAlive(enable, delayMs);
    return this;
  }

  #opened(handle: BunSocketHandle): void {
    if (this.readyState === "closed") {
      // Destroyed while connecting: nothing was written, and the server logs nothing for that.
      handle.end();
      return;
    }
    this.#handle = handle;
    this.readyState = "open";
    if (this.#keepAlive) handle.setKeepAlive(...this.#keepAlive);
    this.emit("connect");
    this.#flush();
  }

  #received(data: Buffer): void {
    if (this.destroyed) return;
    if (this.#paused) this.#held.push(data);
    else this.emit("data", data);
  }

  /**
   * Hands what is pending to the socket as far as it takes it; true when all of it went. Each
   * write's callback runs once its bytes are taken, on a later job as node:net's do.
   */
  #flush(): boolean {
    const handle = this.#handle;
    if (handle === undefined) return false;
    while (this.#pending.length > 0) {
      const first = this.#pending[0]!;
      const written = handle.write(first.bytes);
      if (written < 0) return false;
      if (written < first.bytes.length) {
        first.bytes = first.bytes.subarray(written);
        return false;
      }
      this.#pending.shift();
      if (first.done) queueMicrotask(first.done);
    }
    if (this.#ending) handle.end();
    return true;
  }

  /** The socket takes writes again: what is pending goes, and `drain` follows once a backlog is gone. */
  #drained(): void {
    if (!this.#flush() || !this.#backlogged) return;
    this.#backlogged = false;
    this.emit("drain");
  }

  /** Says `error` once, to whoever listens (with nobody listening, an `error` event would throw). */
  #fail(error: Error): void {
    if (this.#errored) return;
    this.#errored = true;
    if (this.listenerCount("error") > 0) this.emit("error", error);
  }

  /** Closes, saying `failure` first when it failed (as an `error` event, unless one was said already). */
  #closed(failure: Error | false): void {
    if (this.readyState === "closed") return;
    if (failure) this.#fail(failure);
    this.readyState = "closed";
    this.#handle = undefined;
    this.emit("close", failure !== false);
  }
}
