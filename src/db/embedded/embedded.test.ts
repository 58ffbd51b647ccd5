/**
 * pglite:memory from source under Node (the test runtime): PGlite's files are found in the
 * installed package, postgres.js reaches the engine through its socket, and one in-memory database
 * lives across commands until the process closes it.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createContext } from "../../cli/context.ts";
import { createOutput, type Stream } from "../../cli/output.ts";
import { migrate } from "../../project/migrate.ts";
import { parseDatabaseUrl } from "../../config/database-url.ts";
import { withConnection } from "../connect.ts";
import { engineVersionNum } from "./engine-files.ts";
import { EmbeddedEngines } from "./engines.ts";
import type { Context } from "../../project/context.ts";

const repo = resolve(import.meta.dirname, "../../..");
const HEAD = "e6a0b5c3f982";

function capture(): Stream & { text: string } {
  const s = { text: "", isTTY: false, write: (t: string) => (s.text += t) };
  return s;
}

const contexts: Context[] = [];

afterAll(async () => {
  for (const ctx of contexts) await ctx.embedded.close();
});

describe("pglite:memory in one process", () => {
  it("upgrades the example project to head and downgrades it to base", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retort-embedded-"));
    cpSync(join(repo, "migrations"), join(dir, "migrations"), { recursive: true });
    const stderr = capture();
    const output = createOutput({ stdout: capture(), stderr, quiet: false, color: false, secrets: () => [] });
    const ctx = await createContext({ url: "pglite:memory" }, { cwd: dir, env: { RETORT_CACHE_DIR: join(dir, "cache") }, hostname: () => "test", signal: undefined }, output, []);
    contexts.push(ctx);
    const url = parseDatabaseUrl("pglite:memory", "test");
    const tables = () =>
      withConnection(url, { applicationName: "test", embedded: ctx.embedded }, async (sql) =>
        (await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by 1`).map((r) => r.name),
      );

    const up = await migrate(ctx, { direction: "upgrade", target: "head" });
    expect(up.headsAfter).toEqual([HEAD]);
    expect(up.steps).toHaveLength(5);
    expect(stderr.text).toContain("Creating the embedded database pglite:memory ...");
    expect(await tables()).toEqual(["alembic_version", "comments", "posts", "retort_history", "users"]);
    // Still the run that created it, now that it exists.
    expect(ctx.embedded.createsDatabase(url)).toBe(true);
    // The version the lint of a new database assumed (lintNewDatabase), read from the engine's files, is the engine's.
    const running = await withConnection(url, { applicationName: "test", embedded: ctx.embedded }, async (sql) => (await sql<{ v: number }[]>`select current_setting('server_version_num')::int as v`)[0]!.v);
    expect(await engineVersionNum()).toBe(running);

    const down = await migrate(ctx, { direction: "downgrade", target: "base" });
    expect(down.headsAfter).toEqual([]);
    expect(down.steps).toHaveLength(5);
    expect(await tables()).toEqual(["alembic_version", "retort_history"]);
    // Started once: the engine served every connection above.
    expect(stderr.text.match(/Creating the embedded database/g)).toHaveLength(1);
  });
});

describe("whether a run creates its embedded database", () => {
  it("a missing or empty data directory is created, one with PG_VERSION is opened, memory always is", () => {
    const dir = mkdtempSync(join(tmpdir(), "retort-embedded-"));
    const engines = new EmbeddedEngines({ say: () => undefined, cacheDir: undefined });
    const at = (name: string) => parseDatabaseUrl(`pglite:${join(dir, name)}`, "test");
    mkdirSync(join(dir, "empty"));
    mkdirSync(join(dir, "existing"));
    writeFileSync(join(dir, "existing", "PG_VERSION"), "18\n");
    expect(engines.createsDatabase(at("missing"))).toBe(true);
    expect(engines.createsDatabase(at("empty"))).toBe(true);
    expect(engines.createsDatabase(at("existing"))).toBe(false);
    expect(engines.createsDatabase(parseDatabaseUrl("pglite:memory", "test"))).toBe(true);
  });
});
