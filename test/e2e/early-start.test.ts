/**
 * The start-up message goes out before the command line is loaded (cli/early-start.ts), and the
 * run's first connection takes that connection over: the binary against a real server, through a
 * relay in this test that records each connection's start-up message and what it sent after.
 */
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { createConnection, createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeSqlRevision } from "../support/project.ts";

/** One connection through the relay: the client's start-up parameters, and the message types it sent after. */
interface Relayed {
  params: Record<string, string>;
  sent: string[];
  closed: boolean;
}

/** A relay to the test server that records its connections; `cut` closes the first one on the server's first reply, unrelayed. */
async function relay(target: URL, opts: { readonly cut?: boolean } = {}): Promise<{ server: Server; port: number; seen: Relayed[] }> {
  const seen: Relayed[] = [];
  const server = createServer((client) => {
    const entry: Relayed = { params: {}, sent: [], closed: false };
    const index = seen.push(entry) - 1;
    const upstream = createConnection(Number(target.port || 5432), target.hostname);
    let pending = Buffer.alloc(0);
    let started = false;
    client.on("data", (d: Buffer) => {
      upstream.write(d);
      pending = Buffer.concat([pending, d]);
      // Messages: the start-up message (length, then parameters), then type byte and length.
      for (;;) {
        if (!started) {
          if (pending.length < 4 || pending.length < pending.readInt32BE(0)) break;
          const fields = pending.subarray(8, pending.readInt32BE(0)).toString("utf8").split("\0");
          for (let i = 0; i + 1 < fields.length && fields[i] !== ""; i += 2) entry.params[fields[i]!] = fields[i + 1]!;
          pending = pending.subarray(pending.readInt32BE(0));
          started = true;
        } else {
          if (pending.length < 5 || pending.length < 1 + pending.readInt32BE(1)) break;
          entry.sent.push(String.fromCharCode(pending[0]!));
          pending = pending.subarray(1 + pending.readInt32BE(1));
        }
      }
    });
    upstream.on("data", (d: Buffer) => {
      if (opts.cut && index === 0) {
        client.destroy();
        upstream.destroy();
      } else client.write(d);
    });
    const close = (): void => {
      entry.closed = true;
      client.destroy();
      upstream.destroy();
    };
    client.on("close", close);
    upstream.on("close", close);
    client.on("error", () => undefined);
    upstream.on("error", () => undefined);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port, seen };
}

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase("early_start");
  dir = tempProject("early_start");
  writeFileSync(join(dir, "retort.toml"), 'script_location = "migrations"\n');
  writeSqlRevision(dir, { id: "a1b2c3d4e5f6", message: "first", upgrade: "create table t (id int);", downgrade: "drop table t;" });
});
afterAll(() => db?.drop());

/** The test database's URL, pointed at the relay. */
function throughRelay(port: number): string {
  const url = new URL(db.url);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return url.toString();
}

const until = async (test: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe("the start-up message, sent before the command line is loaded", () => {
  it("goes out before retort.toml is read: a broken retort.toml still fails as always, and that connection is closed having sent nothing more", async () => {
    const { server, port, seen } = await relay(new URL(db.url));
    const broken = tempProject("early_start_broken");
    writeFileSync(join(broken, "retort.toml"), "script_location = \n");
    const r = await runRetort(["current"], { cwd: broken, env: { DATABASE_URL: throughRelay(port) } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("retort.toml");
    await until(() => seen[0]?.closed === true);
    expect(seen).toEqual([{ params: expect.objectContaining({ application_name: "retort", database: db.name }), sent: [], closed: true }]);
    server.close();
  });

  it("goes to DATABASE_URL of the working directory's .env when the environment has none, and not when --env-file names another .env", async () => {
    const { server, port, seen } = await relay(new URL(db.url));
    const broken = tempProject("early_start_dotenv");
    writeFileSync(join(broken, "retort.toml"), "script_location = \n");
    writeFileSync(join(broken, ".env"), `DATABASE_URL=${throughRelay(port)}\n`);
    const r = await runRetort(["current"], { cwd: broken });
    expect(r.code).toBe(2);
    await until(() => seen[0]?.closed === true);
    expect(seen).toEqual([{ params: expect.objectContaining({ application_name: "retort", database: db.name }), sent: [], closed: true }]);
    writeFileSync(join(broken, "other.env"), `DATABASE_URL=${throughRelay(port)}\n`);
    const other = await runRetort(["current", "--env-file", "other.env"], { cwd: broken });
    expect(other.code).toBe(2);
    expect(seen.length).toBe(1);
    server.close();
  });

  it("prefers the environment's DATABASE_URL to .env's, as the configuration does, and the run answers through it", async () => {
    const fromEnv = await relay(new URL(db.url));
    const fromDotenv = await relay(new URL(db.url));
    const project = tempProject("early_start_precedence");
    writeFileSync(join(project, "retort.toml"), 'script_location = "migrations"\n');
    writeSqlRevision(project, { id: "a1b2c3d4e5f6", message: "first", upgrade: "create table t (id int);", downgrade: "drop table t;" });
    writeFileSync(join(project, ".env"), `DATABASE_URL=${throughRelay(fromDotenv.port)}\n`);
    const r = await runRetort(["current"], { cwd: project, env: { DATABASE_URL: throughRelay(fromEnv.port) } });
    expect(r.code, r.stderr).toBe(0);
    expect(fromEnv.seen.map((c) => c.params.application_name)).toEqual(["retort"]);
    expect(fromDotenv.seen).toEqual([]);
    fromEnv.server.close();
    fromDotenv.server.close();
  });

  it("is taken over by the run: `current` opens one connection, `upgrade` one more for its lock, and neither sends its start-up message twice", async () => {
    const { server, port, seen } = await relay(new URL(db.url));
    const env = { DATABASE_URL: throughRelay(port) };
    const current = await runRetort(["current"], { cwd: dir, env });
    expect(current.code, current.stderr).toBe(0);
    expect(seen.map((c) => c.params.application_name)).toEqual(["retort"]);
    expect(seen[0]!.sent).toContain("Q");
    const upgrade = await runRetort(["upgrade", "head"], { cwd: dir, env });
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(seen.map((c) => c.params.application_name).sort()).toEqual(["retort", "retort", "retort (migration lock)"]);
    expect(await db.sql`select version_num from alembic_version`).toEqual([{ version_num: "a1b2c3d4e5f6" }]);
    server.close();
  });

  it("a command that writes presents its lock's connection too, once the server has answered: a no-op upgrade leaves it unused (it sends nothing), and --no-lock presents none", async () => {
    const project = tempProject("early_start_lock");
    writeFileSync(join(project, "retort.toml"), 'script_location = "migrations"\n');
    writeSqlRevision(project, { id: "b1b2c3d4e5f6", message: "first", upgrade: "create table locked (id int);", downgrade: "drop table locked;" });
    const lab = await createTestDatabase("early_start_lock");
    const named = (seen: Relayed[], name: string) => seen.filter((c) => c.params.application_name === name);
    try {
      const { server, port, seen } = await relay(new URL(lab.url));
      const env = { DATABASE_URL: throughRelay(port).replace(db.name, lab.name) };
      const upgrade = await runRetort(["upgrade", "head"], { cwd: project, env });
      expect(upgrade.code, upgrade.stderr).toBe(0);
      // Taken over by the run: one connection each, the lock's having taken the lock on it.
      expect(named(seen, "retort")).toHaveLength(1);
      expect(named(seen, "retort (migration lock)")).toHaveLength(1);
      expect(named(seen, "retort (migration lock)")[0]!.sent).toContain("Q");
      seen.length = 0;
      const noop = await runRetort(["upgrade", "head"], { cwd: project, env });
      expect(noop.code, noop.stderr).toBe(0);
      expect(named(seen, "retort")).toHaveLength(1);
      // Presented once the first connection was answered, before the run knew it had nothing to do.
      const unused = named(seen, "retort (migration lock)");
      expect(unused).toHaveLength(1);
      await until(() => unused.every((c) => c.closed));
      expect(unused.map((c) => c.sent)).toEqual(unused.map(() => []));
      seen.length = 0;
      const noLock = await runRetort(["downgrade", "base", "--no-lock"], { cwd: project, env });
      expect(noLock.code, noLock.stderr).toBe(0);
      expect(seen.map((c) => c.params.application_name)).toEqual(["retort"]);
      expect(await lab.sql`select to_regclass('locked') as t`).toEqual([{ t: null }]);
      server.close();
    } finally {
      await lab.drop();
    }
  });

  it("closed by the server before the run got to it: the run connects again and answers", async () => {
    const { server, port, seen } = await relay(new URL(db.url), { cut: true });
    const r = await runRetort(["current"], { cwd: dir, env: { DATABASE_URL: throughRelay(port) } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("a1b2c3d4e5f6");
    expect(seen.length).toBe(2);
    expect(seen[0]!.sent).toEqual([]);
    server.close();
  });
});
