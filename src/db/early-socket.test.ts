import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { earlySockets } from "./early-socket.ts";

/** A TCP server on a free port that keeps what each connection sent. */
async function listen(): Promise<{ server: Server; port: number; received: string[]; closed: Promise<void>[] }> {
  const received: string[] = [];
  const closed: Promise<void>[] = [];
  const server = createServer((conn) => {
    const i = received.push("") - 1;
    conn.on("data", (d) => (received[i] += d.toString()));
    closed.push(once(conn, "close").then(() => undefined));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port, received, closed };
}

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
});

describe("a pool's early socket", () => {
  it("connects before it is asked for, is handed over once, and later connections open their own", async () => {
    const { server, port, received } = await listen();
    servers.push(server);
    const early = earlySockets({ host: "127.0.0.1", port }, { tls: false });
    await once(server, "connection");
    const first = early.socket();
    sockets.push(first);
    expect(received).toHaveLength(1);
    expect(first).toMatchObject({ host: "127.0.0.1", port });
    first.write("first");
    const second = early.socket();
    sockets.push(second);
    second.write("second");
    await once(server, "connection");
    await expect.poll(() => received).toEqual(["first", "second"]);
  });

  it("replaced when it failed before it was asked for: the failure reaches the listeners of the socket handed over", async () => {
    const { server, port } = await listen();
    server.close();
    await once(server, "close");
    const early = earlySockets({ host: "127.0.0.1", port }, { tls: false });
    // The early socket is refused meanwhile; its error must not be lost, nor crash the process.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const socket = early.socket();
    sockets.push(socket);
    expect(socket.destroyed).toBe(false);
    const [error] = (await once(socket, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNREFUSED");
  });

  it("asked for, or dropped, before it opened: one socket at most, opened when asked for", async () => {
    const { server, port, received } = await listen();
    servers.push(server);
    const asked = earlySockets({ host: "127.0.0.1", port }, { tls: false });
    const socket = asked.socket();
    sockets.push(socket);
    socket.write("asked");
    earlySockets({ host: "127.0.0.1", port }, { tls: false }).dropUnused();
    await expect.poll(() => received).toEqual(["asked"]);
    // Turns enough for an early socket of either to have connected, had it been opened.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual(["asked"]);
  });

  it("closed unsent when no connection took it, and left alone when one did", async () => {
    const { server, port, received, closed } = await listen();
    servers.push(server);
    const unused = earlySockets({ host: "127.0.0.1", port }, { tls: false });
    await once(server, "connection");
    unused.dropUnused();
    await closed[0];
    expect(received).toEqual([""]);

    const taken = earlySockets({ host: "127.0.0.1", port }, { tls: false });
    await once(server, "connection");
    const socket = taken.socket();
    sockets.push(socket);
    taken.dropUnused();
    socket.write("still open");
    await expect.poll(() => received[1]).toBe("still open");
    expect(socket.destroyed).toBe(false);
  });

  it("says when the socket handed over is first written to, and writes as before", async () => {
    const { server, port, received } = await listen();
    servers.push(server);
    const early = earlySockets({ host: "127.0.0.1", port }, { tls: false });
    let written = false;
    void early.written.then(() => (written = true));
    await once(server, "connection");
    const socket = early.socket();
    sockets.push(socket);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written).toBe(false);
    socket.write("start-up");
    await early.written;
    socket.write(", then more");
    await expect.poll(() => received).toEqual(["start-up, then more"]);
    // A later connection's socket is its own business.
    const second = early.socket();
    sockets.push(second);
    expect(second.write).toBe(socket.write);
  });

  it("says so too when the pool closes before any socket was written to", async () => {
    const { server, port } = await listen();
    servers.push(server);
    const early = earlySockets({ host: "127.0.0.1", port }, { tls: false });
    early.dropUnused();
    await early.written;
  });
});
