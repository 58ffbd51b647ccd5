/**
 * Run by Bun (test/bun-socket.test.ts): db/bun-socket.ts against real sockets, printing what each
 * case saw as one JSON document. Bun's sockets exist only under Bun, and the tests run on Node.
 */
import { once } from "node:events";
import { createHash } from "node:crypto";
import { createServer, type AddressInfo, type Server, type Socket as ServerSide } from "node:net";
import { bunGlobal } from "../../src/config/runtime.ts";
import { bunSocket } from "../../src/db/bun-socket.ts";

const connect = bunGlobal()!.connect;

async function listen(onConnection: (conn: ServerSide) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port };
}

const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const results: Record<string, unknown> = {};

// 1. A write larger than the socket takes at once, to a reader that starts late.
{
  const chunks: Buffer[] = [];
  let ended!: () => void;
  const received = new Promise<void>((resolve) => (ended = resolve));
  const { server, port } = await listen((conn) => {
    conn.pause();
    setTimeout(() => conn.resume(), 100);
    conn.on("data", (d) => chunks.push(d));
    conn.on("end", () => ended());
  });
  const big = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
  const socket = bunSocket(connect, { host: "127.0.0.1", port });
  const events: string[] = [];
  socket.on("drain", () => events.push("drain"));
  await once(socket, "connect");
  let called = false;
  const returned = socket.write(big, () => (called = true));
  events.push(`returned ${returned}`);
  await once(socket, "drain");
  socket.end(Buffer.from("tail"));
  await received;
  const all = Buffer.concat(chunks);
  results.large = { events, called, length: all.length, same: sha(all) === sha(Buffer.concat([big, Buffer.from("tail")])) };
  server.close();
}

// 2. Written before it opened; data while paused, in order after resume; the server hanging up.
{
  const { server, port } = await listen((conn) => {
    conn.once("data", (d) => {
      conn.write(`echo ${d}|`);
      setTimeout(() => conn.end("second|"), 20);
    });
  });
  const socket = bunSocket(connect, { host: "127.0.0.1", port });
  const seen: string[] = [];
  const states = [socket.readyState];
  const returned = socket.write("early");
  socket.pause();
  socket.on("data", (d: Buffer) => seen.push(`${d}`));
  await new Promise((resolve) => setTimeout(resolve, 100));
  const whilePaused = seen.length;
  const closed = once(socket, "close");
  socket.resume();
  const [hadError] = (await closed) as [boolean];
  states.push(socket.readyState);
  results.paused = { returned, whilePaused, seen: seen.join(""), hadError, states, destroyed: socket.destroyed };
  server.close();
}

// 3. Refused: the error reaches listeners added after the socket was made, worded as node:net words it.
{
  const { server, port } = await listen(() => undefined);
  server.close();
  await once(server, "close");
  const failed = (socket: ReturnType<typeof bunSocket>) =>
    new Promise<{ error: NodeJS.ErrnoException; hadError: boolean }>((resolve) => {
      let error: NodeJS.ErrnoException;
      socket.on("error", (e) => (error = e));
      socket.on("close", (hadError: boolean) => resolve({ error, hadError }));
    });
  const socket = bunSocket(connect, { host: "127.0.0.1", port });
  await Promise.resolve();
  const { error, hadError } = await failed(socket);
  results.refused = { code: error.code, message: error.message, expected: `connect ECONNREFUSED 127.0.0.1:${port}`, hadError };
  const missing = bunSocket(connect, { path: "/nonexistent/.s.PGSQL.5432" });
  await Promise.resolve();
  const { error: noSocket } = await failed(missing);
  results.missing = { code: noSocket.code, message: noSocket.message };
}

// 4. Destroyed before it opened: closed, quietly, having sent nothing.
{
  let got = "";
  let closedAtServer!: () => void;
  const serverSawClose = new Promise<void>((resolve) => (closedAtServer = resolve));
  const { server, port } = await listen((conn) => {
    conn.on("data", (d) => (got += d));
    conn.on("close", () => closedAtServer());
  });
  const socket = bunSocket(connect, { host: "127.0.0.1", port });
  const errors: unknown[] = [];
  socket.on("error", (e) => errors.push(e));
  const closes: boolean[] = [];
  socket.on("close", (hadError: boolean) => closes.push(hadError));
  socket.destroy();
  await serverSawClose;
  results.destroyed = { got, errors: errors.length, closes, writeAfter: socket.write("late") };
  server.close();
}

// 5. A large reply, each chunk kept as it came (as postgres.js keeps a partial message): none is overwritten.
{
  const big = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7 + 3) & 0xff;
  const { server, port } = await listen((conn) => conn.end(big));
  const socket = bunSocket(connect, { host: "127.0.0.1", port });
  const chunks: Buffer[] = [];
  socket.on("data", (d: Buffer) => chunks.push(d));
  await once(socket, "close");
  const all = Buffer.concat(chunks);
  results.reply = { chunks: chunks.length > 1, length: all.length, same: sha(all) === sha(big) };
  server.close();
}

// 6. Reset by the server once open: an error first, then the close, as node:net says it.
{
  const { server, port } = await listen((conn) => conn.on("data", () => conn.resetAndDestroy()));
  const socket = bunSocket(connect, { host: "127.0.0.1", port });
  const events: string[] = [];
  socket.on("error", (e: Error & { code?: string }) => events.push(`error ${e.code}`));
  socket.on("connect", () => socket.write("hello"));
  // Not events.once: it rejects on the error this case expects before the close.
  await new Promise<void>((resolve) => socket.on("close", (hadError: boolean) => resolve(void events.push(`close ${hadError}`))));
  results.reset = { events };
  server.close();
}

console.log(JSON.stringify(results));
