import { describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "./database-url.ts";
import { ScratchIsDatabaseError } from "./errors.ts";
import { defaultScratchUrl, sameDatabase } from "./scratch-url.ts";

const url = (text: string) => parseDatabaseUrl(text, "DATABASE_URL in .env");

describe("sameDatabase", () => {
  it("treats the socket and loopback spellings of a server as one", () => {
    const spellings = ["postgres:///app", "postgres://localhost/app", "postgres://127.0.0.1:5432/app", "postgres://[::1]/app", "postgres:///app?host=/tmp"];
    for (const a of spellings) for (const b of spellings) expect(sameDatabase(url(a), url(b))).toBe(true);
  });

  it("compares host names without case and tells databases, ports and servers apart", () => {
    expect(sameDatabase(url("postgres://DB.example/app"), url("postgres://db.example/app"))).toBe(true);
    expect(sameDatabase(url("postgres://h/app"), url("postgres://h/other"))).toBe(false);
    expect(sameDatabase(url("postgres://h/app"), url("postgres://h:5433/app"))).toBe(false);
    expect(sameDatabase(url("postgres://h1/app"), url("postgres://h2/app"))).toBe(false);
  });
});

describe("defaultScratchUrl", () => {
  it("puts <database>_scratch on the same server with the same credentials", () => {
    const scratch = defaultScratchUrl(url("postgres://u:pw@h:5433/app?sslmode=require"));
    expect(scratch).toMatchObject({ host: "h", port: 5433, user: "u", password: "pw", database: "app_scratch", params: { sslmode: "require" } });
    expect(scratch.source).toBe("the default scratch database for DATABASE_URL in .env");
    expect(scratch.redacted).toBe("postgres://u:***@h:5433/app_scratch?sslmode=require");
  });

  it("shortens a long name so Postgres does not truncate it onto another database", () => {
    const long = "d".repeat(60);
    expect(defaultScratchUrl(url(`postgres://h/${long}`)).database).toBe("d".repeat(55) + "_scratch");
    // Multi-byte characters are never cut in half.
    const wide = defaultScratchUrl(url(`postgres://h/${encodeURIComponent("é".repeat(40))}`)).database;
    expect(wide).toBe("é".repeat(27) + "_scratch");
    expect(new TextEncoder().encode(wide).length).toBeLessThanOrEqual(63);
  });

  it("refuses when shortening would land on the database itself", () => {
    const name = "x".repeat(55) + "_scratch";
    expect(() => defaultScratchUrl(url(`postgres://h/${name}`))).toThrow(ScratchIsDatabaseError);
  });
});

describe("scratch databases of pglite: projects", () => {
  it("default to an in-memory database of their own, never the project's", () => {
    for (const text of ["pglite:./.retort/dev", "pglite:memory"]) {
      const database = parseDatabaseUrl(text, "DATABASE_URL");
      const scratch = defaultScratchUrl(database);
      expect(scratch.embedded).toEqual({ dataDir: undefined, key: "memory:scratch" });
      expect(scratch.redacted).toBe("pglite:memory");
      expect(sameDatabase(scratch, database)).toBe(false);
    }
  });

  it("compare by data directory, and never equal a server", () => {
    const a = parseDatabaseUrl("pglite:./dev", "a");
    expect(sameDatabase(a, parseDatabaseUrl(`pglite:${process.cwd()}/dev`, "b"))).toBe(true);
    expect(sameDatabase(a, parseDatabaseUrl("pglite:./other", "b"))).toBe(false);
    expect(sameDatabase(a, parseDatabaseUrl("postgres://localhost/postgres", "b"))).toBe(false);
  });
});
