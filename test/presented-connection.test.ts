/**
 * The start-up message sent before the command line is loaded (db/presented-connection.ts,
 * cli/early-start.ts): the message is byte for byte postgres.js's, only command lines that
 * connect first send it, and the run's first socket takes it over only when that is safe. Bun's
 * sockets exist only under Bun: those cases run in a Bun process (support/presented-probe.ts).
 */
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { programForTests } from "../src/cli/_testing.ts";
import { connectsFirst, locksAfterConnecting, PROGRAM_OPTIONS, readsWorkingDirectoryDotenv } from "../src/cli/first-connection.ts";
import { parseDatabaseUrl } from "../src/config/database-url.ts";
import { startupMessage } from "../src/db/startup.ts";
import { runBunProbe } from "./support/bun-probe.ts";

/** The first bytes postgres.js writes to a server at `url`'s host, connecting with `options` (a fake server records them). */
async function firstBytes(options: postgres.Options<{}>): Promise<Buffer> {
  let got!: (b: Buffer) => void;
  const bytes = new Promise<Buffer>((resolve) => (got = resolve));
  const server = createServer((conn) => conn.once("data", (d) => (got(d), conn.destroy())));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const sql = postgres({ ...options, host: "127.0.0.1", port: (server.address() as AddressInfo).port, max: 1, connect_timeout: 2 });
  sql`select 1`.catch(() => undefined);
  const first = await bytes;
  await sql.end({ timeout: 0 });
  server.close();
  return first;
}

describe("the start-up message", () => {
  it("is the message postgres.js writes with the options a pool is given: user, database, name and the URL's options", async () => {
    const url = parseDatabaseUrl("postgres://app%20user@db.example:5432/the_db?application_name=web&options=-c%20search_path%3Dapp", "test");
    const ours = startupMessage(url, "retort")!;
    const theirs = await firstBytes({ username: "app user", database: "the_db", connection: { application_name: "web", options: "-c search_path=app" } });
    expect(Buffer.from(ours).toString("hex")).toBe(theirs.subarray(0, ours.length).toString("hex"));
    expect(theirs.length).toBe(ours.length);
  });

  it("names the connection as asked when the URL does not, in non-ASCII too", async () => {
    const url = parseDatabaseUrl("postgres://postgres@localhost/bänk", "test");
    const ours = startupMessage(url, "retort (migration lock)")!;
    const theirs = await firstBytes({ username: "postgres", database: "bänk", connection: { application_name: "retort (migration lock)" } });
    expect(Buffer.from(ours).equals(theirs)).toBe(true);
  });
});

describe("which command lines send it before loading", () => {
  it("of those, the ones that write also present their lock's connection, unless --no-lock", () => {
    for (const argv of [["upgrade", "head"], ["-q", "downgrade", "-1"], ["stamp", "head"], ["upgrade", "head", "--migration-lock", "transaction"]]) expect(locksAfterConnecting(argv)).toBe(true);
    for (const argv of [["current"], ["upgrade", "head", "--no-lock"], ["stamp", "head", "--no-lock"], ["--json", "current", "--check-heads"]]) expect(locksAfterConnecting(argv)).toBe(false);
  });

  it("those that read the database first", () => {
    for (const argv of [["upgrade", "head"], ["current"], ["current", "--check-heads"], ["downgrade", "-1"], ["stamp", "head"], ["upgrade", "head", "-q"]]) expect(connectsFirst(argv)).toBe(true);
  });

  it("after the program's own options, with or without values", () => {
    for (const argv of [["-q", "upgrade", "head"], ["--json", "--version-table", "v", "current"], ["--migration-lock=session", "-c", "x.toml", "upgrade"]]) expect(connectsFirst(argv)).toBe(true);
    for (const argv of [["--version-table", "upgrade"], ["--frobnicate", "upgrade"], ["--url", "postgres://x/y", "upgrade"]]) expect(connectsFirst(argv)).toBe(false);
  });

  it("knows every option of the program and whether it takes a value", () => {
    const program = programForTests();
    const options = program.options.filter((o) => o.long !== "--version");
    const names = (withValue: boolean) => options.filter((o) => (o.required || o.optional) === withValue).flatMap((o) => [o.short, o.long].filter((n): n is string => n !== undefined));
    expect([...PROGRAM_OPTIONS.withValue].sort()).toEqual(names(true).sort());
    expect([...PROGRAM_OPTIONS.without].sort()).toEqual(names(false).sort());
  });

  it("not those that connect elsewhere, not at all, or print help", () => {
    for (const argv of [["upgrade", "head", "--url", "postgres://x/y"], ["upgrade", "--url=postgres://x/y"], ["upgrade", "a:b", "--sql"], ["current", "--help"], ["stamp", "-h"], ["heads"], ["history"], ["--version"], ["-q", "heads"], []]) {
      expect(connectsFirst(argv)).toBe(false);
    }
  });

  it("take DATABASE_URL from the working directory's .env only when no flag moves retort.toml or .env", () => {
    expect(readsWorkingDirectoryDotenv(["upgrade", "head", "-q"])).toBe(true);
    for (const argv of [["upgrade", "--config", "x/retort.toml"], ["upgrade", "-c", "x.toml"], ["current", "--env-file=prod.env"], ["current", "--config=x.toml"]]) expect(readsWorkingDirectoryDotenv(argv)).toBe(false);
  });
});

describe("a presented connection, on Bun's sockets", () => {
  let seen: Record<string, Record<string, unknown>>;
  beforeAll(() => {
    seen = runBunProbe("presented-probe.ts");
  });

  it("is taken over by the first socket to its server whose first write begins with the message: one connection, the rest of the write on it, and what the server said before handed on after the write", () => {
    expect(seen.taken).toEqual({ events: ["connect", "written", "data hello 0|"], connections: 1, got: "START|query|", returned: true, again: true });
  });

  it("is closed, and the socket connects itself, when the first write begins otherwise", () => {
    expect(seen.mismatch).toEqual(["START|", "OTHER|query|"]);
  });

  it("closed by the server before it was taken over: the socket connects again with all of its write, and what the closed one said is dropped", () => {
    expect(seen.closedFirst).toEqual({ got: ["START|", "START|query|"], data: [] });
  });

  it("refused: presenting it does not wait, and the socket fails as it would have, with the refusal", () => {
    expect(seen.refused).toEqual({ code: "ECONNREFUSED", waitedUnderOneSecond: true });
  });

  it("is not taken by a socket to another server, and is closed when the socket that took it is destroyed unwritten", () => {
    expect(seen.dropped).toEqual({ elsewhere: true, connections: 1, got: "START|" });
  });

  it("with a second message (the lock's), presents it once the server has answered the first, and each socket takes over the connection of its own message", () => {
    expect(seen.second).toEqual({ connections: 2, got: ["MAIN|main query|", "LOCK|lock query|"], heard: ["lock: hello 1|", "main: hello 0|"], again: true });
  });

  it("never presents the second when the server answers the first with an error: the second's socket connects itself", () => {
    expect(seen.refusedFirst).toEqual({ before: 1, got: ["MAIN|", "LOCK|lock query|"] });
  });

  it("drops the second when its socket asks before the first is answered: that socket connects itself, and nothing is presented after", () => {
    expect(seen.askedEarly).toEqual({ got: ["MAIN|", "LOCK|lock query|"] });
  });
});
