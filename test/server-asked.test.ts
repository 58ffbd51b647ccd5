/**
 * serverAsked: a command reads its files once its first connection has written its start-up
 * message, and not before (which would hold the connection back), nor for ever (a connection that
 * fails first).
 */
import { createServer, type AddressInfo } from "node:net";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../src/config/database-url.ts";
import { closeConnection, openConnection, serverAsked } from "../src/db/connect.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("server_asked");
});
afterAll(() => db?.drop());

describe("serverAsked", () => {
  it("resolves once the first connection has written to the server, before its query can have been answered", async () => {
    const sql = openConnection(parseDatabaseUrl(db.url, "the test database"), { applicationName: "server-asked-test" });
    try {
      let answered = false;
      const query = sql.unsafe("select 1 as one").then((rows) => {
        answered = true;
        return rows;
      });
      await serverAsked(sql, query);
      expect(answered).toBe(false);
      expect(await query).toEqual([{ one: 1 }]);
    } finally {
      await closeConnection(sql);
    }
  });

  it("is not resolved while the connection has written nothing", async () => {
    // A server that accepts and never answers: postgres.js writes its start-up message all the same.
    const received: Buffer[] = [];
    const server = createServer((conn) => conn.on("data", (d) => received.push(d)));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const sql = openConnection(parseDatabaseUrl(`postgres://someone@127.0.0.1:${port}/nowhere`, "a silent server"), { applicationName: "server-asked-test", connectTimeout: 2 });
    try {
      let asked = false;
      const waiting = serverAsked(sql, new Promise(() => undefined)).then(() => (asked = true));
      // The early socket connects, but postgres.js writes nothing until a query is asked of it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(asked).toBe(false);
      expect(received).toEqual([]);
      sql.unsafe("select 1").catch(() => undefined);
      await waiting;
      await expect.poll(() => Buffer.concat(received).includes("user\0someone\0")).toBe(true);
    } finally {
      await closeConnection(sql);
      server.close();
    }
  });

  it("resolves for a connection that fails, and the query fails as it would have", async () => {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    server.close();
    await once(server, "close");
    const sql = openConnection(parseDatabaseUrl(`postgres://someone@127.0.0.1:${port}/nowhere`, "a closed port"), { applicationName: "server-asked-test" });
    try {
      const query = sql.unsafe("select 1");
      query.catch(() => undefined);
      await serverAsked(sql, query);
      await expect(query).rejects.toMatchObject({ code: "ECONNREFUSED" });
    } finally {
      await closeConnection(sql);
    }
  });
});
