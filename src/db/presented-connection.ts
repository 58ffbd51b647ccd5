/**
 * A connection whose start-up message went out before the command line, the configuration and
 * the project were read: the server starts its backend and authenticates while they are, instead
 * of after. It is opened from DATABASE_URL alone (cli/early-start.ts decides when), and a run's
 * connection to the same server takes it over only if that connection begins with exactly the
 * message sent, so what reaches the server is what the run would have sent anyway. main.ts hands
 * the PresentedStartup to the run, whose context passes it to the connections it opens.
 *
 * A run that will hold the migration lock has a second message presented, its lock connection's
 * (`then`), once the server has answered the first with anything but an error: the lock's backend
 * starts while the run loads and reads the version table, instead of after, and never takes a
 * connection slot the first connection needed (a server at max_connections refuses the first
 * before the second is sent).
 *
 * A pool's first socket (bun-socket.ts) is given the presented connection whose message is its
 * own, and decides on its first write, before anything the server said has been handed on:
 * - That write begins with the message sent, and the connection is still open (not refused, not
 *   closed by the server meanwhile, by idle_session_timeout say): it takes the connection over.
 *   What the server has said so far is handed on after that write, as if it had just arrived, and
 *   the rest of the write goes out.
 * - Otherwise the presented connection is closed and the socket connects as it would have without
 *   it: a refused or failing server fails the run with the error it always did. A backend closed
 *   before it was sent anything, or while it waits for a password, logs nothing.
 *
 * A presented connection nobody takes (the command failed on its configuration, connected
 * elsewhere, or found nothing to do and so took no lock) is closed when the process exits.
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

/** Start-up messages sent early, for the run's sockets to their server to take over (see the module comment). */
export interface PresentedStartup {
  /**
   * The connection presented to `target` with `message`, once. Without a message, or when none
   * was presented with it, the first one presented, if nobody took it yet: that socket's first
   * write decides, and closes it unless it begins with its message. A message still waiting to
   * be presented is not presented any more: the socket asking for it connects itself.
   */
  take(target: SocketTarget, message?: Uint8Array): PresentedConnection | undefined;
}

/**
 * Opens a connection to `target` and sends `message` as soon as it opens; once the server has
 * answered it with anything but an error, opens another and sends `then` there. Resolves once the
 * first message has gone, once connecting failed, or after `waitMs`, whichever is first; a
 * connection can then be taken over whether or not it has opened yet.
 */
export async function presentStartup(connect: BunConnect, target: SocketTarget, message: Uint8Array, waitMs: number, then?: Uint8Array): Promise<PresentedStartup> {
  const open = (presented: Presented): Promise<void> =>
    connect({ ...bunAddress(target), socket: { binaryType: "buffer", ...presented.handlers } }).then(
      () => undefined,
      () => undefined,
    );
  const first = new Presented(message);
  const presented: Presented[] = [first];
  // The message waiting to be presented: dropped if a socket asks for it first.
  let waiting = then;
  first.onAnswer = (answer) => {
    const next = waiting;
    waiting = undefined;
    // 'E': an ErrorResponse (too many clients, no such database): the run reports it; a second connection would only fail too.
    if (next === undefined || answer[0] === ERROR_RESPONSE) return;
    const second = new Presented(next);
    presented.push(second);
    void open(second);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  await Promise.race([open(first), waited]).finally(() => clearTimeout(timer));
  return {
    take(to, wanted) {
      if (!sameTarget(to, target)) return undefined;
      if (wanted !== undefined && waiting !== undefined && sameBytes(waiting, wanted)) waiting = undefined;
      const own = wanted === undefined ? undefined : presented.find((p) => p.free && sameBytes(p.message, wanted));
      const taken = own ?? (first.free ? first : undefined);
      if (taken !== undefined) taken.free = false;
      return taken;
    },
  };
}

/** The first byte of the server's ErrorResponse message. */
const ERROR_RESPONSE = 0x45;

class Presented implements PresentedConnection {
  readonly message: Uint8Array;
  /** Not yet given to a socket (by PresentedStartup.take). */
  free = true;
  /** Called with the server's first answer, taken over or not. */
  onAnswer: ((data: Buffer) => void) | undefined;
  #state: "connecting" | "open" | "closed" | "taken" | "abandoned" = "connecting";
  #handle: BunSocketHandle | undefined;
  /** What the server said before the connection was taken over. */
  readonly #held: Buffer[] = [];
  /** Whoever took the connection over; Bun's events go to them from then on. */
  #taker: SocketHandlers | undefined;

  constructor(message: Uint8Array) {
    this.message = message;
  }

  readonly handlers: SocketHandlers = {
    open: (handle) => {
      if (this.#state === "abandoned") return handle.end();
      this.#handle = handle;
      handle.write(this.message);
      if (this.#taker) this.#taker.open(handle);
      else this.#state = "open";
    },
    data: (handle, data) => {
      const answered = this.onAnswer;
      this.onAnswer = undefined;
      answered?.(data);
      if (this.#taker) this.#taker.data(handle, data);
      else this.#held.push(data);
    },
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
    if (!open || !startsWith(first, this.message)) {
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
    return first.subarray(this.message.length);
  }

  abandon(): void {
    if (this.#state === "taken") return;
    this.#state = "abandoned";
    this.#held.length = 0;
    this.#handle?.end();
    this.#handle = undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && startsWith(a, b);
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
