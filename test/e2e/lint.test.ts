/**
 * `retort lint` as a user runs it: exit codes, the text, JSON and GitHub formats, ignore comments,
 * the context of earlier revisions and of a connected database, and the lint `upgrade` runs.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { freshProjects } from "../support/fresh-project.ts";
import { writeSqlRevision } from "../support/project.ts";

const newProject = freshProjects();

/** A project with no database configured, holding `files` (name → text). */
function filesProject(label: string, files: Record<string, string>): string {
  const dir = tempProject(label);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const id = (i: number): string => `1a7e${String(i).padStart(8, "0")}`;

describe("lint of files, without a database", () => {
  it("exits 1 on an error finding and prints it like a compiler: file:line:col, the line, a caret, the rule and the fix", async () => {
    const dir = filesProject("lint-text", { "add_index.sql": "-- add an index\n\n  CREATE INDEX orders_customer ON orders (customer_id);\n" });
    const r = await runRetort(["lint", "add_index.sql"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("add_index.sql:3:3: error[create-index-concurrently] (script): Building index orders_customer locks orders in SHARE mode");
    expect(r.stdout).toContain(" 3 |   CREATE INDEX orders_customer ON orders (customer_id);\n   |   ^");
    expect(r.stdout).toContain("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer ON orders");
    expect(r.stderr).toContain("1 error, 0 warnings in 1 file");
    expect(r.stderr).toContain("error: lint found 1 error");
  });

  it("exits 0 when nothing is found, and a file's own new table is exempt", async () => {
    const dir = filesProject("lint-clean", { "new.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX orders_customer ON orders (customer_id);\n" });
    const r = await runRetort(["lint", "new.sql"], { cwd: dir });
    expect(r.stderr).toContain("No findings in 1 file");
    expect(r.code).toBe(0);
  });

  it("--json prints one document with every finding's rule, severity, file, line and column", async () => {
    const dir = filesProject("lint-json", { "a.sql": "SELECT 1;\nCREATE INDEX i ON t (a);\n" });
    const r = await runRetort(["lint", "--json", "a.sql"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { command: string; findings: Record<string, unknown>[]; files: unknown[]; database: string };
    expect(doc.command).toBe("lint");
    expect(doc.findings).toEqual([
      expect.objectContaining({ rule: "create-index-concurrently", severity: "error", file: "a.sql", line: 2, column: 1, section: "script", table: "public.t", lock: "SHARE" }),
    ]);
    expect(doc.files).toEqual([{ file: "a.sql", sections: ["script"] }]);
    expect(doc.database).toBe("not configured");
  });

  it("--format github prints workflow annotations", async () => {
    const dir = filesProject("lint-github", { "a.sql": "CREATE INDEX i ON t (a);\n" });
    const r = await runRetort(["lint", "--format", "github", "a.sql"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=a\.sql,line=1,col=1,title=retort lint%3A create-index-concurrently::Building index i locks t in SHARE mode.*%0A%0AFix:%0A/m);
  });

  it("a parse error exits 3 with file:line:col, the parser's message and a caret", async () => {
    const dir = filesProject("lint-parse", { "bad.sql": "SELECT 1;\nALTER TABLE t ADD COLUMN;\n" });
    const r = await runRetort(["lint", "bad.sql"], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('error: bad.sql:2:25: syntax error at or near ";"');
    expect(r.stderr).toContain("2 | ALTER TABLE t ADD COLUMN;\n  |                         ^");
  });

  it("a missing file exits 3 naming it; files with --all are a usage error (exit 2)", async () => {
    const dir = filesProject("lint-usage", {});
    const missing = await runRetort(["lint", "nope.sql"], { cwd: dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Cannot lint "nope.sql": no such file');
    const usage = await runRetort(["lint", "--all", "nope.sql"], { cwd: dir });
    expect(usage.code).toBe(2);
  });

  it("an ignore comment before the statement silences its rule, and only that rule", async () => {
    const dir = filesProject("lint-ignore", {
      "a.sql": "-- retort:lint-ignore create-index-concurrently orders has 40 rows\nCREATE INDEX i ON orders (a);\nCREATE INDEX j ON orders (b);\n",
    });
    const r = await runRetort(["lint", "--json", "a.sql"], { cwd: dir });
    const doc = JSON.parse(r.stdout) as { findings: { line: number }[] };
    expect(doc.findings.map((f) => f.line)).toEqual([3]);
  });

  it("with no file and no database, says what it can lint without one (exit 2)", async () => {
    const dir = tempProject("lint-no-db");
    writeSqlRevision(dir, { id: id(1), upgrade: "SELECT 1;" });
    const r = await runRetort(["lint"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("No database URL is configured");
    expect(r.stderr).toContain("`retort lint --all`");
  });

  it("--rules lists every rule with its severity", async () => {
    const r = await runRetort(["lint", "--rules", "--json"], { cwd: tempProject("lint-rules") });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { rules: { id: string; severity: string }[] };
    expect(doc.rules).toContainEqual(expect.objectContaining({ id: "create-index-concurrently", severity: "error" }));
  });
});

describe("lint of revisions", () => {
  it("a revision is linted by its sections, as deployed on top of the revisions before it", async () => {
    const dir = tempProject("lint-revisions");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE INDEX users_email ON users (email);", downgrade: "DROP TABLE users;" });
    const second = writeSqlRevision(dir, { id: id(2), down: id(1), upgrade: "ALTER TABLE users ADD COLUMN name text;", downgrade: "CREATE INDEX users_email_again ON users (email);" });
    const r = await runRetort(["lint", "--json", second], { cwd: dir });
    const doc = JSON.parse(r.stdout) as { findings: { rule: string; section: string; line: number }[]; files: { sections: string[] }[] };
    // users exists once the first revision is deployed: an index on it in the second one's downgrade is flagged.
    expect(doc.findings).toEqual([expect.objectContaining({ rule: "create-index-concurrently", section: "downgrade" })]);
    expect(doc.files[0]!.sections).toEqual(["upgrade", "downgrade"]);
    expect(r.code).toBe(1);
  });

  it("--all lints each revision as deployed on its own; a header ignore line covers the whole file", async () => {
    const dir = tempProject("lint-all");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE TABLE users (id bigint PRIMARY KEY, email text);" });
    const path = writeSqlRevision(dir, { id: id(2), down: id(1), upgrade: "CREATE INDEX users_email ON users (email);" });
    const all = await runRetort(["lint", "--all", "--json"], { cwd: dir });
    expect((JSON.parse(all.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).toEqual(["create-index-concurrently"]);
    writeFileSync(path, readFileSync(path, "utf8").replace("-- revision:", "-- retort:lint-ignore create-index-concurrently users is still empty when this runs\n-- revision:"));
    const ignored = await runRetort(["lint", "--all"], { cwd: dir });
    expect(ignored.stderr).toContain("No findings in 2 files");
    expect(ignored.code).toBe(0);
  });
});

describe("lint with a database", () => {
  it("lints the revisions not yet applied as one deploy, with table sizes from the database", async () => {
    const { db, dir } = await newProject("lint-pending");
    await db.sql.unsafe("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text); INSERT INTO accounts SELECT g, 'o' FROM generate_series(1, 20000) g; ANALYZE accounts");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE TABLE notes (id bigint PRIMARY KEY, body text);\nCREATE INDEX accounts_owner ON accounts (owner);" });
    writeSqlRevision(dir, { id: id(2), down: id(1), upgrade: "CREATE INDEX notes_body ON notes (body);" });
    const r = await runRetort(["lint", "--json"], { cwd: dir });
    const doc = JSON.parse(r.stdout) as { findings: { rule: string; message: string; file: string }[]; database: string; serverVersionNum: number };
    expect(doc.database).toBe("connected");
    expect(doc.serverVersionNum).toBeGreaterThanOrEqual(110000);
    // notes is created by the same deploy: only the index on accounts is flagged, with its size.
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]!.message).toContain("accounts: about 20,000 rows");
    expect(r.code).toBe(1);
  });

  it("--trace runs the pending revisions in the scratch database and shows the SHARE lock of an index build agreeing with the rule", async () => {
    const { db, dir } = await newProject("lint-trace-cli");
    await db.sql.unsafe("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text); INSERT INTO accounts SELECT g, 'o' FROM generate_series(1, 1000) g");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE TABLE accounts (id bigint PRIMARY KEY, owner text);" });
    // The database already has the first revision's table: stamp it, as a deploy would have applied it.
    expect((await runRetort(["stamp", id(1)], { cwd: dir })).code).toBe(0);
    writeSqlRevision(dir, { id: id(2), down: id(1), upgrade: "CREATE INDEX accounts_owner ON accounts (owner);\nALTER TABLE accounts ALTER COLUMN id TYPE numeric;" });
    const r = await runRetort(["lint", "--trace", "--json"], { cwd: dir });
    const doc = JSON.parse(r.stdout) as { trace: { statements: { statement: number; locks: { table: string; mode: string }[]; rewrote: string[]; agreesWithLint: boolean }[] } };
    const [index, retype] = doc.trace.statements;
    expect(index).toMatchObject({ statement: 0, agreesWithLint: true });
    expect(index!.locks).toContainEqual({ table: "public.accounts", mode: "SHARE" });
    expect(retype).toMatchObject({ statement: 1, rewrote: ["public.accounts"], agreesWithLint: true });
    const text = await runRetort(["lint", "--trace"], { cwd: dir });
    expect(text.stdout).toMatch(/stmt 1: SHARE on accounts; built index accounts_owner on accounts/);
    expect(text.stdout).toMatch(/Traced 2 statements: 2 statements on existing tables, all as the lint says/);
  });

  it("a table below lint_small_table_rows gets a warning, not an error", async () => {
    const { db, dir } = await newProject("lint-small", "lint_small_table_rows = 100000\n");
    await db.sql.unsafe("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text); INSERT INTO accounts SELECT g, 'o' FROM generate_series(1, 500) g; ANALYZE accounts");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE INDEX accounts_owner ON accounts (owner);" });
    const r = await runRetort(["lint", "--json"], { cwd: dir });
    expect((JSON.parse(r.stdout) as { findings: { severity: string }[] }).findings).toEqual([expect.objectContaining({ severity: "warning" })]);
    expect(r.code).toBe(0);
  });

  it("[lint_rules] turns a rule off; an unknown rule id is a usage error naming the closest", async () => {
    const { dir } = await newProject("lint-config", '[lint_rules]\ncreate-index-concurrently = "off"\n');
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE INDEX i ON accounts (owner);" });
    expect((await runRetort(["lint", "--all"], { cwd: dir })).code).toBe(0);
    const { dir: typo } = await newProject("lint-config-typo", '[lint_rules]\ncreate-index-concurrent = "off"\n');
    writeSqlRevision(typo, { id: id(1), upgrade: "SELECT 1;" });
    const r = await runRetort(["lint", "--all"], { cwd: typo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown lint rule "create-index-concurrent"');
    expect(r.stderr).toContain('Did you mean "create-index-concurrently"?');
  });

  it("check --lint fails on an error finding with the check document carrying the lint; plain check passes", async () => {
    const { dir } = await newProject("lint-check");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE TABLE users (id int PRIMARY KEY, email text);" });
    writeSqlRevision(dir, { id: id(2), down: id(1), upgrade: "CREATE INDEX users_email ON users (email);" });
    writeFileSync(join(dir, "schema.sql"), "CREATE TABLE users (id int PRIMARY KEY, email text);\nCREATE INDEX users_email ON users (email);\n");
    expect((await runRetort(["check"], { cwd: dir })).code).toBe(0);
    const r = await runRetort(["check", "--lint", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { command: string; clean: boolean; steps: unknown[]; lint: { findings: { rule: string }[] } };
    expect(doc).toMatchObject({ command: "check", clean: false, steps: [] });
    expect(doc.lint.findings.map((f) => f.rule)).toEqual(["create-index-concurrently"]);
    const text = await runRetort(["check", "--lint"], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("error[create-index-concurrently]");
    expect(text.stderr).toContain("check: lint found 1 error");
  });

  it("upgrade prints the findings of what it is about to run and goes on (lint_on_upgrade = warn)", async () => {
    const { db, dir } = await newProject("lint-upgrade-warn");
    await db.sql.unsafe("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text)");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE INDEX accounts_owner ON accounts (owner);" });
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/_rev\.sql:\d+:1: error\[create-index-concurrently\] \(upgrade\)/);
    // One transaction: linted beside the statements, reported before COMMIT.
    expect(r.stderr).toContain('lint: 1 finding in the revisions just run, not yet committed (lint_on_upgrade = "warn": committing them anyway)');
    expect((await db.sql`select indexname from pg_indexes where indexname = 'accounts_owner'`).length).toBe(1);
  });

  it("with warn and one transaction, the findings come after the statements ran and before the commit; a failed run still shows them and commits nothing", async () => {
    const { db, dir } = await newProject("lint-upgrade-warn-beside");
    await db.sql.unsafe("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text)");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE TABLE notes (id int);" });
    const last = writeSqlRevision(dir, { id: id(2), down: id(1), upgrade: "CREATE INDEX accounts_owner ON accounts (owner);\nSELECT 1 / 0;" });
    const failed = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(failed.code).toBe(4);
    const finding = failed.stderr.search(/error\[create-index-concurrently\]/);
    const lastStep = failed.stderr.indexOf(`Running upgrade ${id(1)} -> ${id(2)}`);
    expect(lastStep).toBeGreaterThanOrEqual(0);
    // The lint ran beside the statements: its findings follow the step lines and precede the run's error.
    expect(finding).toBeGreaterThan(lastStep);
    expect(failed.stderr.indexOf("division by zero")).toBeGreaterThan(finding);
    expect((await db.sql`select to_regclass('notes') as t`)[0]!.t).toBeNull();
    // The version table was created in the run's transaction, rolled back with it.
    expect((await db.sql`select to_regclass('alembic_version') as t`)[0]!.t).toBeNull();
    writeFileSync(last, readFileSync(last, "utf8").replace("SELECT 1 / 0;", "SELECT pg_sleep(0.2);"));
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code).toBe(0);
    const summary = r.stderr.indexOf('lint: 1 finding in the revisions just run, not yet committed (lint_on_upgrade = "warn": committing them anyway)');
    expect(r.stderr.search(/error\[create-index-concurrently\]/)).toBeGreaterThan(r.stderr.indexOf(`Running upgrade ${id(1)} -> ${id(2)}`));
    expect(summary).toBeGreaterThan(r.stderr.search(/error\[create-index-concurrently\]/));
    expect(r.stderr.indexOf(`Upgraded to ${id(2)}`)).toBeGreaterThan(summary);
    expect((await db.sql`select version_num from alembic_version`).map((row) => row.version_num)).toEqual([id(2)]);
  });

  it("the lint beside the statements reads the tables as they were before the run, though it reads them while the run changes them", async () => {
    const { db, dir } = await newProject("lint-upgrade-beside-catalog");
    await db.sql.unsafe("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text); INSERT INTO accounts SELECT g, 'o' FROM generate_series(1, 1000) g; ANALYZE accounts");
    // The run grows accounts twentyfold and analyses it before its index, and creates notes: the
    // catalog the lint reads must show neither (notes is new, so its index is not flagged).
    writeSqlRevision(dir, {
      id: id(1),
      upgrade: "INSERT INTO accounts SELECT g, 'p' FROM generate_series(1001, 20000) g;\nANALYZE accounts;\nCREATE TABLE notes (id int, body text);\nCREATE INDEX notes_body ON notes (body);\nSELECT pg_sleep(0.2);\nCREATE INDEX accounts_owner ON accounts (owner);",
    });
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const findings = r.stderr.split("\n").filter((line) => line.includes("[create-index-concurrently]"));
    expect(findings).toHaveLength(1);
    // Below lint_small_table_rows (10,000) as it was, so a warning: at its size after the run it would be an error.
    expect(findings[0]).toContain("warning[create-index-concurrently]");
    expect(findings[0]).toContain("accounts: about 1,000 rows");
    expect(r.stderr).toContain('lint: 1 finding in the revisions just run, not yet committed (lint_on_upgrade = "warn": committing them anyway)');
    expect((await db.sql<{ n: number }[]>`select reltuples::int as n from pg_class where relname = 'accounts'`)[0]!.n).toBe(20000);
  });

  it("the lint beside the statements leaves the CPU to the server: the run goes on at a lower priority (nice 10), at its own with the lint off", async () => {
    const { db, dir } = await newProject("lint-upgrade-priority");
    // A TypeScript revision runs in retort's own process: it records the priority the run has by
    // then, and on Linux that of each of the process's threads (the runtime's compiler and
    // collector threads, started before the run lowered its priority, among them).
    mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
    writeFileSync(
      join(dir, "migrations", "versions", `${id(1)}_priority.ts`),
      `export const revision = "${id(1)}";
export const down_revision = null;
export async function upgrade({ sql }) {
  const { readdirSync, readFileSync } = process.getBuiltinModule("node:fs");
  const niceOf = (stat) => Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  const threads = process.platform === "linux" ? readdirSync("/proc/self/task").map((t) => niceOf(readFileSync("/proc/self/task/" + t + "/stat", "utf8"))) : [];
  await sql.unsafe("create table priority (nice int, threads int[])");
  await sql\`insert into priority values (\${process.getBuiltinModule("node:os").getPriority()}, \${threads})\`;
}
export async function downgrade({ sql }) {
  await sql.unsafe("drop table priority");
}
`,
    );
    const own = (await import("node:os")).getPriority();
    // The premise: the tests run at an ordinary priority, which retort's run can lower.
    expect(own).toBeLessThan(10);
    const warn = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(warn.code, warn.stderr).toBe(0);
    const lowered = (await db.sql<{ nice: number; threads: number[] }[]>`select nice, threads from priority`)[0]!;
    expect(lowered.nice).toBe(10);
    if (process.platform === "linux") {
      // The runtime runs threads of its own beside the main one, and none of them kept the old priority.
      expect(lowered.threads.length).toBeGreaterThan(1);
      expect(lowered.threads).toEqual(lowered.threads.map(() => 10));
    }
    expect((await runRetort(["downgrade", "base"], { cwd: dir })).code).toBe(0);
    const off = await runRetort(["upgrade", "head", "--lint-on-upgrade", "off"], { cwd: dir });
    expect(off.code, off.stderr).toBe(0);
    const kept = (await db.sql<{ nice: number; threads: number[] }[]>`select nice, threads from priority`)[0]!;
    expect(kept.nice).toBe(own);
    expect(kept.threads).toEqual(kept.threads.map(() => own));
  });

  it("with warn and a transaction: false revision in the run, the findings come before anything runs", async () => {
    const { db, dir } = await newProject("lint-upgrade-warn-first");
    await db.sql.unsafe("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text)");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE INDEX accounts_owner ON accounts (owner);" });
    writeSqlRevision(dir, { id: id(2), down: id(1), transactional: false, upgrade: "CREATE INDEX CONCURRENTLY accounts_id_owner ON accounts (id, owner);" });
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code).toBe(0);
    const finding = r.stderr.search(/error\[create-index-concurrently\]/);
    expect(finding).toBeGreaterThanOrEqual(0);
    expect(r.stderr.indexOf(`Running upgrade  -> ${id(1)}`)).toBeGreaterThan(finding);
    // And with transaction_per_migration, where each revision commits on its own.
    const perMigration = await newProject("lint-upgrade-warn-per-migration", "transaction_per_migration = true\n");
    await perMigration.db.sql.unsafe("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text)");
    writeSqlRevision(perMigration.dir, { id: id(1), upgrade: "CREATE INDEX accounts_owner ON accounts (owner);" });
    const each = await runRetort(["upgrade", "head"], { cwd: perMigration.dir });
    expect(each.code).toBe(0);
    const eachFinding = each.stderr.search(/error\[create-index-concurrently\]/);
    expect(eachFinding).toBeGreaterThanOrEqual(0);
    expect(each.stderr.indexOf(`Running upgrade  -> ${id(1)}`)).toBeGreaterThan(eachFinding);
  });

  it("an upgrade of revisions linted before reads their parses from the cache, not the grammar; a cache that lacks one parses it again", async () => {
    const { db, dir } = await newProject("lint-upgrade-parse-cache");
    await db.sql.unsafe("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text)");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE TABLE notes (id int);", downgrade: "DROP TABLE notes;" });
    writeSqlRevision(dir, { id: id(2), down: id(1), upgrade: "CREATE INDEX accounts_owner ON accounts (owner);", downgrade: "DROP INDEX accounts_owner;" });
    const findings = (stderr: string) => stderr.split("\n").filter((line) => line.includes("error[create-index-concurrently]"));
    const cacheDir = join(dir, ".cache", "retort");
    const packs = () => readdirSync(cacheDir).filter((name) => name.startsWith("parsed-"));
    type Pack = { format: number; madeFor: string; parses: [string, unknown][] };
    const upgradeFromBase = async () => {
      const r = await runRetort(["upgrade", "head"], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect((await runRetort(["downgrade", "base"], { cwd: dir })).code).toBe(0);
      return r;
    };

    const first = await upgradeFromBase();
    expect(findings(first.stderr)).toHaveLength(1);
    expect(packs()).toHaveLength(1);
    const packFile = join(cacheDir, packs()[0]!);
    const pack = JSON.parse(readFileSync(packFile, "utf8")) as Pack;
    // The two upgrade sections (the new database's catalog has no CHECK constraint to parse yet).
    expect(pack.parses).toHaveLength(2);

    // Linted again from the cache, it finds the same, word for word.
    const second = await upgradeFromBase();
    expect(findings(second.stderr)).toEqual(findings(first.stderr));

    // What the run uses is the cached parse: one that says the grammar rejects the text is believed.
    const index = pack.parses.findIndex(([, parse]) => JSON.stringify(parse).includes("accounts_owner"));
    const told: Pack = { ...pack, parses: pack.parses.map((entry, i) => (i === index ? [entry[0], { error: "rejected, says the cache", position: 0 }] : entry)) };
    writeFileSync(packFile, JSON.stringify(told));
    const believed = await upgradeFromBase();
    expect(believed.stderr).toMatch(/_rev\.sql not linted: PostgreSQL's grammar rejects it at \d+:\d+: rejected, says the cache/);
    expect(findings(believed.stderr)).toEqual([]);

    // A pack without that parse: the grammar is loaded, finds it again, and the pack is whole again.
    writeFileSync(packFile, JSON.stringify({ ...pack, parses: pack.parses.filter((_, i) => i !== index) }));
    const reparsed = await upgradeFromBase();
    expect(findings(reparsed.stderr)).toEqual(findings(first.stderr));
    expect((JSON.parse(readFileSync(packFile, "utf8")) as Pack).parses).toContainEqual(pack.parses[index]);
  });

  it("a revision the grammar rejects is listed as not linted, and the server's own error decides the upgrade (exit 4)", async () => {
    const { dir } = await newProject("lint-upgrade-unparsable");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE TABLE notes (id int);\nSELECT FROM WHERE;" });
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.stderr).toMatch(/lint: .*_rev\.sql not linted: PostgreSQL's grammar rejects it at \d+:\d+: syntax error at or near "WHERE"/);
    expect(r.code).toBe(4);
  });

  it("with lint_on_upgrade = error, an error finding stops the upgrade before anything runs (exit 1)", async () => {
    const { db, dir } = await newProject("lint-upgrade-error", 'lint_on_upgrade = "error"\n');
    await db.sql.unsafe("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text)");
    writeSqlRevision(dir, { id: id(1), upgrade: "CREATE TABLE notes (id int);" });
    writeSqlRevision(dir, { id: id(2), down: id(1), upgrade: "CREATE INDEX accounts_owner ON accounts (owner);" });
    const r = await runRetort(["upgrade", "head", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { error: { code: string } }).error.code).toBe("lint-findings");
    expect(r.stderr).toContain("upgrade: lint found 1 error");
    expect((await db.sql`select to_regclass('notes') as t`)[0]!.t).toBeNull();
    // A no-op upgrade does not lint (nor load the parser): nothing to run, nothing to say.
    const off = await runRetort(["upgrade", "head"], { cwd: dir, env: { RETORT_LINT_ON_UPGRADE: "off" } });
    expect(off.code).toBe(0);
    const again = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("lint");
  });
});

describe("lint of a deploy whose revisions share one transaction (no transaction_per_migration)", () => {
  it("an enum value added by one revision and used by the next is an error; with transaction_per_migration it is not", async () => {
    const { db, dir } = await newProject("lint-shared-transaction");
    await db.sql.unsafe("CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE people (id int PRIMARY KEY, m mood)");
    const first = writeSqlRevision(dir, { id: id(1), upgrade: "ALTER TYPE mood ADD VALUE 'meh';" });
    const second = writeSqlRevision(dir, { id: id(2), down: id(1), upgrade: "UPDATE people SET m = 'meh' WHERE id = 1;" });
    const r = await runRetort(["lint", "--json"], { cwd: dir });
    const doc = JSON.parse(r.stdout) as { findings: { rule: string; file: string; line: number; message: string }[] };
    const finding = doc.findings.find((f) => f.rule === "enum-value-used-in-same-transaction");
    // Placed in the revision that uses the value, naming the one that added it.
    expect(finding?.file).toBe(second.slice(dir.length + 1));
    expect(finding?.message).toContain(`statement 1 of ${first.slice(dir.length + 1)}`);
    expect(r.code).toBe(1);
    const separate = await runRetort(["lint", "--json"], { cwd: dir, env: { RETORT_TRANSACTION_PER_MIGRATION: "true" } });
    expect((JSON.parse(separate.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).not.toContain("enum-value-used-in-same-transaction");
    // And PostgreSQL agrees: the shared transaction fails, separate ones apply.
    expect((await runRetort(["upgrade", "head"], { cwd: dir, env: { RETORT_LINT_ON_UPGRADE: "off" } })).code).toBe(4);
    expect((await runRetort(["upgrade", "head"], { cwd: dir, env: { RETORT_TRANSACTION_PER_MIGRATION: "true" } })).code).toBe(0);
  });
});
