/**
 * The sockets retort hands postgres.js (its `socket` option), the first of them opened as soon as
 * the pool is rather than when postgres.js connects.
 *
 * postgres.js opens its socket from a timer it sets when the first query is asked for, and sends
 * the start-up message from the socket's connect event; a run that lists and stats its files
 * meanwhile delays both by as long as that work holds the event loop. Handed a socket of its own,
 * it writes the start-up message at once, and the server has already accepted the connection and
 * started the backend while the run went on. The socket is opened on the next turn of the event
 * loop, after the pool's first query has set that timer, which then hides the time making a
 * socket takes. (In the executable, postgres.js connects on the next turn rather than from a timer
 * (scripts/build/dependency-rewrites.ts), and takes the socket just after it was opened.)
 *
 * Connections after the first, and a first one whose early socket failed or closed before it was
 * wanted, open theirs when postgres.js asks, so a refused connection fails through postgres.js's
 * own handlers, as without this.
 *
 * `written` says when the first connection has written to the server (the start-up message), so
 * that a run reads its files while the server answers rather than before it was asked.
 */
import type { Socket } from "node:net";
import { bunGlobal } from "../config/runtime.ts";
import { bunSocket } from "./bun-socket.ts";
import type { PresentedStartup } from "./presented-connection.ts";
import type { SocketTarget } from "./startup.ts";

/** postgres.js's `socket` option for `target`, and a way to drop the early socket if no connection ever took it. */
export interface EarlySockets {
  readonly socket: () => Socket;
  /** Closes the early socket unless a connection took it; the server logs nothing for a connection that sent nothing. */
  readonly dropUnused: () => void;
  /**
   * Resolves when the first socket handed over is first written to (the start-up message, or the
   * request for TLS), or when the pool is closed before that.
   */
  readonly written: Promise<void>;
}

/**
 * Opens the first socket to `target` on the next turn of the event loop; see the module comment.
 * A connection that will ask for TLS gets node:net's sockets, which node:tls wraps; any other,
 * under Bun, Bun's own (bun-socket.ts), the first of which may take over the connection
 * `presented` to the same server with `message`, the pool's start-up message (presented-connection.ts).
 */
export function earlySockets(target: SocketTarget, opts: { readonly tls: boolean; readonly presented?: PresentedStartup; readonly message?: Uint8Array | undefined }): EarlySockets {
  const open = socketOpener(target, opts.tls, opts.presented, opts.message);
  let early: Socket | undefined;
  let taken = false;
  let failed = false;
  const onError = (): void => {
    failed = true;
  };
  setImmediate(() => {
    if (taken) return;
    early = open();
    early.on("error", onError);
  });
  const take = (): Socket | undefined => {
    taken = true;
    const socket = early;
    early = undefined;
    socket?.off("error", onError);
    return socket;
  };
  let wrote!: () => void;
  const written = new Promise<void>((resolve) => (wrote = resolve));
  let handedOver = false;
  return {
    socket: () => {
      const opened = take();
      const socket = opened !== undefined && !failed && !opened.destroyed ? opened : (opened?.destroy(), open());
      if (!handedOver) reportFirstWrite(socket, wrote);
      handedOver = true;
      return socket;
    },
    dropUnused: () => {
      take()?.destroy();
      wrote();
    },
    written,
  };
}

/** Calls `then` when `socket` is first written to; its own write method is back in place from then on. */
function reportFirstWrite(socket: Socket, then: () => void): void {
  const write = socket.write;
  socket.write = function (this: Socket, ...args: Parameters<Socket["write"]>): boolean {
    socket.write = write;
    then();
    return write.apply(this, args);
  } as Socket["write"];
}

/**
 * How sockets to `target` are made. node:net's carry the host and port postgres.js sets on the
 * sockets it opens itself: they name the TLS server (for verify-full) and connection errors. It is
 * loaded on first use: a run on Bun's sockets never loads it.
 */
function socketOpener(target: SocketTarget, tls: boolean, presented: PresentedStartup | undefined, message: Uint8Array | undefined): () => Socket {
  const connect = tls ? undefined : bunGlobal()?.connect;
  if (connect !== undefined) return () => bunSocket(connect, target, presented?.take(target, message));
  return () => {
    const net = process.getBuiltinModule("node:net");
    if ("path" in target) {
      // Connected on the next turn: under Bun, a unix socket that is not there is refused within
      // connect(), before whoever asked for the socket could listen for the error.
      const socket = new net.Socket();
      setImmediate(() => socket.connect(target.path));
      return socket;
    }
    return Object.assign(net.connect(target.port, target.host), { host: target.host, port: target.port });
  };
}
