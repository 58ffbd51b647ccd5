/**
 * A connection whose start-up message went out before the command line, the configuration and
 * the project were read: the server starts its backend and authenticates while they are, instead
 * of after. It is opened from DATABASE_URL alone (cli/early-start.ts decides when), and the run's
 * first connection to the same server takes it over only if that connection begins with exactly
 * the message sent, so what reaches the server is what the run would have sent anyway. main.ts
 * hands the PresentedStartup to the run, whose context passes it to the connections it opens.
 *
 * The run's connection is a socket of bun-socket.ts. It is given the presented connection when it
 * is made, and decides on its first write, before anything the server said has been handed on:
 * - That write begins with the message sent, and the connection is still open (not refused, not
 *   closed by the server meanwhile, by idle_session_timeout say): it takes the connection over.
 *   What the server has said so far is handed on after that write, as if it had just arrived, and
 *   the rest of the write goes out.
 * - Otherwise the presented connection is closed and the socket connects as it would have without
 *   it: a refused or failing server fails the run with the error it always did. A backend closed
 *   before it was sent anything, or while it waits for a password, logs nothing.
 *
 * A presented connection nobody takes (the command failed on its configuration, or connected
 * elsewhere) is closed when the process exits.
 */
import type { BunConnect, BunSocketHandle } from "../config/runtime.ts";
import { bunAddress, sameTarget, type SocketTarget } from "./startup.ts";

/** The handlers Bun calls on a socket (Bun.connect's `socket` option), as bun-socket.ts gives them. */
export interface SocketHandlers {
  open(handle: BunSocketHandle): void;
  data(handle: BunSocketHandle, data: Buffer): void;
  drain(handle: BunSocketHandle): void;
  end(handle: BunSocketHandle): void;
  close(handle: BunSocketHandle, error?: Error): void;
  error(handle: BunSocketHandle, error: Error): void;
  connectError(handle: BunSocketHandle, error: Error): void;
}

/** A presented connection, as the socket that may take it over sees it. */
export interface PresentedConnection {
  /**
   * Takes the connection over for `handlers` when `first`, the socket's first write, begins with
   * the message sent and the connection is open, and returns what of `first` is still to be
   * written; otherwise closes it and returns undefined.
   */
  adopt(first: Uint8Array, handlers: SocketHandlers): Uint8Array | undefined;
  /** Closes it unless it was taken over. */
  abandon(): void;
}

/** A start-up message sent early, for the run's first socket to its server to take over (see the module comment). */
export interface PresentedStartup {
  /** The presented connection if `target` is its server, once: the first socket made there gets it. */
  take(target: SocketTarget): PresentedConnection | undefined;
}

/**
 * Opens a connection to `target` and sends `message` as soon as it opens. Resolves once it has
 * gone, once connecting failed, or after `waitMs`, whichever is first; the connection can then be
 * taken over whether or not it has opened yet.
 */
export async function presentStartup(connect: BunConnect, target: SocketTarget, message: Uint8Array, waitMs: number): Promise<PresentedStartup> {
  let connection: Presented | undefined = new Presented(message);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  const opened = connect({ ...bunAddress(target), socket: { binaryType: "buffer", ...connection.handlers } }).then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([opened, waited]).finally(() => clearTimeout(timer));
  return {
    take(to) {
      if (connection === undefined || !sameTarget(to, target)) return undefined;
      const taken = connection;
      connection = undefined;
      return taken;
    },
  };
}

class Presented implements PresentedConnection {
  readonly #message: Uint8Array;
  #state: "connecting" | "open" | "closed" | "taken" | "abandoned" = "connecting";
  #handle: BunSocketHandle | undefined;
  /** What the server said before the connection was taken over. */
  readonly #held: Buffer[] = [];
  /** Whoever took the connection over; Bun's events go to them from then on. */
  #taker: SocketHandlers | undefined;

  constructor(message: Uint8Array) {
    this.#message = message;
  }

  readonly handlers: SocketHandlers = {
    open: (handle) => {
      if (this.#state === "abandoned") return handle.end();
      this.#handle = handle;
      handle.write(this.#message);
      if (this.#taker) this.#taker.open(handle);
      else this.#state = "open";
    },
    data: (handle, data) => (this.#taker ? this.#taker.data(handle, data) : this.#held.push(data)),
    drain: (handle) => this.#taker?.drain(handle),
    end: (handle) => (this.#taker ? this.#taker.end(handle) : handle.end()),
    close: (handle, error) => {
      if (this.#taker) this.#taker.close(handle, error);
      else if (this.#state !== "abandoned") this.#state = "closed";
    },
    error: (handle, error) => this.#taker?.error(handle, error),
    connectError: (handle, error) => {
      if (this.#taker) this.#taker.connectError(handle, error);
      else if (this.#state !== "abandoned") this.#state = "closed";
    },
  };

  adopt(first: Uint8Array, handlers: SocketHandlers): Uint8Array | undefined {
    const open = this.#state === "open" || this.#state === "connecting";
    if (!open || !startsWith(first, this.#message)) {
      this.abandon();
      return undefined;
    }
    this.#taker = handlers;
    if (this.#state === "open") {
      handlers.open(this.#handle!);
      // Handed on after the write under way, as data that had just arrived would be.
      const held = this.#held.splice(0);
      const handle = this.#handle!;
      if (held.length > 0) queueMicrotask(() => held.forEach((data) => handlers.data(handle, data)));
    }
    this.#state = "taken";
    return first.subarray(this.#message.length);
  }

  abandon(): void {
    if (this.#state === "taken") return;
    this.#state = "abandoned";
    this.#held.length = 0;
    this.#handle?.end();
    this.#handle = undefined;
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
