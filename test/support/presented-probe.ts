/**
 * Run by Bun (test/presented-connection.test.ts): db/presented-connection.ts and the socket of
 * db/bun-socket.ts that takes a presented connection over, against a server of node:net that
 * records each connection, printing what each case saw as one JSON document.
 */
import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket as ServerSide } from "node:net";
import { bunGlobal } from "../../src/config/runtime.ts";
import { bunSocket } from "../../src/db/bun-socket.ts";
import { presentStartup } from "../../src/db/presented-connection.ts";

const connect = bunGlobal()!.connect;
const results: Record<string, unknown> = {};

/** A server that records what each connection sent and when it closed, and answers each as `answer` says. */
async function recorder(answer: (conn: ServerSide, index: number) => void): Promise<{ server: Server; port: number; seen: { got: string; closed: boolean }[] }> {
  const seen: { got: string; closed: boolean }[] = [];
  const server = createServer((conn) => {
    const entry = { got: "", closed: false };
    seen.push(entry);
    conn.on("data", (d) => (entry.got += d));
    conn.on("close", () => (entry.closed = true));
    answer(conn, seen.length - 1);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port, seen };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const until = async (test: () => boolean): Promise<void> => {
  while (!test()) await new Promise((r) => setTimeout(r, 2));
};

// 1. Taken over: the server's early answer is handed on after the first write, whose rest goes out on the same connection.
{
  const { server, port, seen } = await recorder((conn, i) => conn.once("data", () => conn.write(`hello ${i}|`)));
  const presented = await presentStartup(connect, { host: "127.0.0.1", port }, bytes("START|"), 1000);
  await until(() => seen[0]?.got === "START|");
  await new Promise((r) => setTimeout(r, 20)); // the answer arrives before the connection is taken over
  const socket = bunSocket(connect, { host: "127.0.0.1", port }, presented.take({ host: "127.0.0.1", port }));
  const events: string[] = [];
  socket.on("data", (d: Buffer) => events.push(`data ${d}`));
  socket.on("connect", () => events.push("connect"));
  const returned = socket.write(bytes("START|query|"));
  events.push("written");
  await until(() => events.length >= 3 && (seen[0]?.got.endsWith("query|") ?? false));
  socket.destroy();
  await until(() => seen[0]!.closed);
  results.taken = { events, connections: seen.length, got: seen[0]!.got, returned, again: presented.take({ host: "127.0.0.1", port }) === undefined };
  server.close();
}

// 2. The first write does not begin with the message sent: that connection is closed and another carries the write.
{
  const { server, port, seen } = await recorder(() => undefined);
  const presented = await presentStartup(connect, { host: "127.0.0.1", port }, bytes("START|"), 1000);
  const socket = bunSocket(connect, { host: "127.0.0.1", port }, presented.take({ host: "127.0.0.1", port }));
  socket.write(bytes("OTHER|query|"));
  await until(() => seen.length === 2 && seen[0]!.closed && seen[1]!.got === "OTHER|query|");
  socket.destroy();
  results.mismatch = seen.map((s) => s.got);
  server.close();
}

// 3. Closed by the server before it was taken over: another connection carries the first write, all of it.
{
  const { server, port, seen } = await recorder((conn, i) => (i === 0 ? conn.once("data", () => conn.end("bye|")) : undefined));
  const presented = await presentStartup(connect, { host: "127.0.0.1", port }, bytes("START|"), 1000);
  await until(() => seen[0]?.closed === true);
  await new Promise((r) => setTimeout(r, 20));
  const socket = bunSocket(connect, { host: "127.0.0.1", port }, presented.take({ host: "127.0.0.1", port }));
  const data: string[] = [];
  socket.on("data", (d: Buffer) => data.push(String(d)));
  socket.write(bytes("START|query|"));
  await until(() => seen[1]?.got === "START|query|");
  socket.destroy();
  results.closedFirst = { got: seen.map((s) => s.got), data };
  server.close();
}

// 4. Refused: the presenting resolves; the socket then connects itself and fails as it would have.
{
  const { server, port } = await recorder(() => undefined);
  server.close();
  await once(server, "close");
  const started = performance.now();
  const presented = await presentStartup(connect, { host: "127.0.0.1", port }, bytes("START|"), 5000);
  const waited = performance.now() - started;
  const socket = bunSocket(connect, { host: "127.0.0.1", port }, presented.take({ host: "127.0.0.1", port }));
  const failure = new Promise<string>((resolve) => socket.on("error", (e: Error & { code?: string }) => resolve(String(e.code))));
  socket.write(bytes("START|query|"));
  results.refused = { code: await failure, waitedUnderOneSecond: waited < 1000 };
}

// 5. Another server, or a socket destroyed before writing: nothing taken, or the presented connection closed unsent-to further.
{
  const { server, port, seen } = await recorder(() => undefined);
  const presented = await presentStartup(connect, { host: "127.0.0.1", port }, bytes("START|"), 1000);
  const elsewhere = presented.take({ host: "127.0.0.1", port: port + 1 });
  const socket = bunSocket(connect, { host: "127.0.0.1", port }, presented.take({ host: "127.0.0.1", port }));
  socket.destroy();
  await until(() => seen[0]?.closed === true);
  results.dropped = { elsewhere: elsewhere === undefined, connections: seen.length, got: seen[0]!.got };
  server.close();
}

// 6. A second message, presented once the server has answered the first: taken by the socket whose first write begins with it, each socket with its own.
{
  const { server, port, seen } = await recorder((conn, i) => conn.once("data", () => conn.write(`hello ${i}|`)));
  const target = { host: "127.0.0.1", port };
  const presented = await presentStartup(connect, target, bytes("MAIN|"), 1000, bytes("LOCK|"));
  // Nothing of the second goes out before the first is answered.
  await until(() => seen[0]?.got === "MAIN|");
  await until(() => seen[1]?.got === "LOCK|");
  const lock = bunSocket(connect, target, presented.take(target, bytes("LOCK|")));
  const main = bunSocket(connect, target, presented.take(target, bytes("MAIN|")));
  const heard: string[] = [];
  lock.on("data", (d: Buffer) => heard.push(`lock: ${d}`));
  main.on("data", (d: Buffer) => heard.push(`main: ${d}`));
  lock.write(bytes("LOCK|lock query|"));
  main.write(bytes("MAIN|main query|"));
  await until(() => heard.length === 2 && seen[0]!.got.endsWith("main query|") && seen[1]!.got.endsWith("lock query|"));
  lock.destroy();
  main.destroy();
  results.second = { connections: seen.length, got: seen.map((s) => s.got), heard: heard.sort(), again: presented.take(target, bytes("LOCK|")) === undefined };
  server.close();
}

// 7. The first is answered with an error (too many clients): the second is never presented, and its socket connects itself.
{
  const { server, port, seen } = await recorder((conn, i) => (i === 0 ? conn.once("data", () => conn.end("E sorry|")) : undefined));
  const target = { host: "127.0.0.1", port };
  const presented = await presentStartup(connect, target, bytes("MAIN|"), 1000, bytes("LOCK|"));
  await until(() => seen[0]?.closed === true);
  await new Promise((r) => setTimeout(r, 50));
  const before = seen.length;
  const lock = bunSocket(connect, target, presented.take(target, bytes("LOCK|")));
  lock.write(bytes("LOCK|lock query|"));
  await until(() => seen[1]?.got === "LOCK|lock query|");
  lock.destroy();
  results.refusedFirst = { before, got: seen.map((s) => s.got) };
  server.close();
}

// 8. Asked for before the first is answered: the second is dropped, not presented later, and the socket connects itself.
{
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const { server, port, seen } = await recorder((conn, i) => (i === 0 ? conn.once("data", () => void answered.then(() => conn.write("hello|"))) : undefined));
  const target = { host: "127.0.0.1", port };
  const presented = await presentStartup(connect, target, bytes("MAIN|"), 1000, bytes("LOCK|"));
  await until(() => seen[0]?.got === "MAIN|");
  const lock = bunSocket(connect, target, presented.take(target, bytes("LOCK|")));
  lock.write(bytes("LOCK|lock query|"));
  await until(() => seen[1]?.got === "LOCK|lock query|");
  answer();
  await new Promise((r) => setTimeout(r, 100));
  lock.destroy();
  results.askedEarly = { got: seen.map((s) => s.got) };
  server.close();
}

console.log(JSON.stringify(results));
process.exit(0);
