/**
 * `revision --autogenerate` on tables that already exist writes the online-safe form: concurrent
 * indexes, NOT VALID + VALIDATE, NOT NULL through a validated check, UNIQUE and PRIMARY KEY from a
 * concurrent unique index, in a `transaction: false` revision after the transactional one. Each
 * case applies the revisions to a database with rows, checks there is no drift, and downgrades.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { introspect } from "../../src/db/introspect.ts";
import { check, revision, upgrade } from "../../src/index.ts";
import { runRetort } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { freshProjects } from "../support/fresh-project.ts";

const project = freshProjects();
let scratch: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  scratch = await createTestDatabase("online_scratch");
  env = { SCRATCH_DATABASE_URL: scratch.url };
});

afterAll(async () => {
  await scratch?.drop();
});

const BASE = `
CREATE TABLE orgs (id bigint PRIMARY KEY, name text, slug text);
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, org_id bigint, org_slug text, score int);
CREATE INDEX accounts_score_idx ON accounts (score);
COMMENT ON INDEX accounts_score_idx IS 'by score';
CREATE TABLE events (id bigint, at timestamptz);
`;

const ROWS = `
INSERT INTO orgs VALUES (1, 'one', 'one'), (2, 'two', 'two');
INSERT INTO accounts VALUES (1, 'a@example.com', 1, 'one', 5), (2, 'b@example.com', 2, 'two', 7);
INSERT INTO events VALUES (1, now()), (2, now());
`;

interface WrittenDoc {
  readonly revision: string | null;
  readonly path: string | null;
  readonly steps: { readonly sql: string }[] | null;
  readonly revisions: { readonly revision: string; readonly downRevisions: string[]; readonly path: string; readonly transaction: boolean }[];
  readonly lint?: { readonly rule: string; readonly severity: string }[];
}

/** Lock findings stay errors however small the test's tables are. */
const STRICT_LINT = { RETORT_LINT_SMALL_TABLE_ROWS: "0" };

/** The database's schema without retort's own tables. */
async function schemaOf(sql: postgres.Sql) {
  const model = await introspect(sql);
  const tables = Object.fromEntries(Object.entries(model.tables).filter(([, t]) => t.name !== "alembic_version" && t.name !== "retort_history"));
  return { ...model, tables };
}

/**
 * A project at `base` (applied, with rows), then `revision --autogenerate` to `next` with `args`:
 * returns the JSON document, the written files' text, and a function that applies them, checks,
 * and downgrades back to BASE.
 */
async function autogenerate(label: string, next: string, args: readonly string[] = [], base = BASE) {
  const { db, dir } = await project(label);
  const run = async (argv: readonly string[]) => {
    const r = await runRetort(argv, { cwd: dir, env });
    expect(r.code, `${argv.join(" ")}\n${r.stderr}`).toBe(0);
    return r;
  };
  await run(["init"]);
  writeFileSync(join(dir, "schema.sql"), base);
  const start = JSON.parse((await run(["--json", "revision", "--autogenerate", "-m", "start"])).stdout) as WrittenDoc;
  await run(["upgrade", "head"]);
  await db.sql.unsafe(ROWS);
  const before = await schemaOf(db.sql);
  writeFileSync(join(dir, "schema.sql"), next);
  const gen = await runRetort(["--json", "revision", "--autogenerate", "-m", "change", ...args], { cwd: dir, env: { ...env, ...STRICT_LINT } });
  expect(gen.code, gen.stderr).toBe(0);
  const doc = JSON.parse(gen.stdout) as WrittenDoc;
  const texts = doc.revisions.map((r) => readFileSync(r.path, "utf8"));
  // What autogenerate writes is linted as it is written, and `retort lint` agrees.
  const lint = await runRetort(["lint", "--json", ...doc.revisions.map((r) => r.path)], { cwd: dir, env: { ...env, ...STRICT_LINT } });
  const lintErrors = (JSON.parse(lint.stdout) as { findings: { rule: string; severity: string }[] }).findings.filter((f) => f.severity === "error").map((f) => f.rule);
  expect(lintErrors).toEqual((doc.lint ?? []).filter((f) => f.severity === "error").map((f) => f.rule));
  // The online form passes the lint with no error finding.
  if (!args.includes("--no-online")) expect(lintErrors).toEqual([]);
  const roundTrip = async () => {
    await run(["upgrade", "head"]);
    const check = await run(["check"]);
    expect(check.stderr).toContain("agree");
    await run(["check", "--database"]);
    const diff = await run(["diff", "--from", "database", "--to", "schema"]);
    expect(diff.stderr).toContain("No differences");
    await run(["downgrade", start.revision!]);
    expect(await schemaOf(db.sql)).toEqual(before);
    // And forward again: the downgrades leave nothing in the way of the upgrades.
    await run(["upgrade", "head"]);
    await run(["check", "--database"]);
  };
  return { doc, texts, roundTrip, dir, lintErrors };
}

/** The upgrade section of a revision file. */
const upgradeOf = (text: string) => text.slice(text.indexOf("-- migrate:upgrade"), text.indexOf("-- migrate:downgrade"));
const downgradeOf = (text: string) => text.slice(text.indexOf("-- migrate:downgrade"));
/** The statements of a revision file, without its comments (the plain form's warnings mention NOT VALID). */
const statementsOf = (text: string) => text.split("\n").filter((l) => !l.startsWith("--")).join("\n");

describe("revision --autogenerate writes the online-safe form for existing tables", () => {
  it("an index added is built concurrently, in a transaction: false revision of its own", async () => {
    const { doc, texts, roundTrip } = await autogenerate("online_index_add", `${BASE}\nCREATE INDEX accounts_email_idx ON accounts (email);`);
    expect(doc.revisions).toHaveLength(1);
    expect(doc.revisions[0]!.transaction).toBe(false);
    expect(texts[0]).toContain("-- transaction: false");
    expect(upgradeOf(texts[0]!)).toContain("CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_email_idx ON public.accounts USING btree (email);");
    expect(downgradeOf(texts[0]!)).toContain('DROP INDEX CONCURRENTLY IF EXISTS "public"."accounts_email_idx";');
    await roundTrip();
  });

  it("an index dropped is dropped concurrently, and the downgrade rebuilds it concurrently", async () => {
    const { doc, texts, roundTrip } = await autogenerate("online_index_drop", BASE.replace("CREATE INDEX accounts_score_idx ON accounts (score);\nCOMMENT ON INDEX accounts_score_idx IS 'by score';", ""));
    expect(doc.revisions.map((r) => r.transaction)).toEqual([false]);
    expect(upgradeOf(texts[0]!)).toContain('DROP INDEX CONCURRENTLY IF EXISTS "public"."accounts_score_idx";');
    expect(downgradeOf(texts[0]!)).toContain("CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_score_idx ON public.accounts USING btree (score);");
    expect(downgradeOf(texts[0]!)).toContain(`COMMENT ON INDEX "public"."accounts_score_idx" IS 'by score';`);
    await roundTrip();
  });

  it("a foreign key is added NOT VALID, and validated in the transaction: false revision after it", async () => {
    const next = `${BASE}\nALTER TABLE accounts ADD CONSTRAINT accounts_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);`;
    const { doc, texts, roundTrip } = await autogenerate("online_fk", next);
    expect(doc.revisions.map((r) => r.transaction)).toEqual([true, false]);
    expect(doc.revisions[1]!.downRevisions).toEqual([doc.revisions[0]!.revision]);
    expect(doc.revision).toBe(doc.revisions[0]!.revision);
    expect(upgradeOf(texts[0]!)).toContain('ADD CONSTRAINT "accounts_org_fk" FOREIGN KEY (org_id) REFERENCES public.orgs(id) NOT VALID;');
    expect(texts[1]).toMatch(/^-- change \(online part\)$/m);
    expect(upgradeOf(texts[1]!)).toContain('ALTER TABLE "public"."accounts" VALIDATE CONSTRAINT "accounts_org_fk";');
    expect(upgradeOf(texts[0]!)).not.toContain("VALIDATE");
    await roundTrip();
  });

  it("a CHECK constraint is added NOT VALID and validated later", async () => {
    const next = `${BASE}\nALTER TABLE accounts ADD CONSTRAINT accounts_score_positive CHECK (score >= 0);`;
    const { doc, texts, roundTrip } = await autogenerate("online_check", next);
    expect(doc.revisions.map((r) => r.transaction)).toEqual([true, false]);
    expect(upgradeOf(texts[0]!)).toContain('ADD CONSTRAINT "accounts_score_positive" CHECK ((score >= 0)) NOT VALID;');
    expect(upgradeOf(texts[1]!)).toContain('VALIDATE CONSTRAINT "accounts_score_positive";');
    await roundTrip();
  });

  it("SET NOT NULL goes through a validated check, which is dropped afterwards", async () => {
    const { doc, texts, roundTrip } = await autogenerate("online_not_null", BASE.replace("email text,", "email text NOT NULL,"));
    expect(doc.revisions.map((r) => r.transaction)).toEqual([true, false]);
    expect(upgradeOf(texts[0]!)).toContain('ALTER TABLE "public"."accounts" ADD CONSTRAINT "email_not_null" CHECK ("email" IS NOT NULL) NOT VALID;');
    expect(upgradeOf(texts[0]!)).not.toContain("SET NOT NULL");
    const online = upgradeOf(texts[1]!);
    const order = ['VALIDATE CONSTRAINT "email_not_null"', 'ALTER COLUMN "email" SET NOT NULL', 'DROP CONSTRAINT "email_not_null"'].map((s) => online.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    await roundTrip();
  });

  it("a UNIQUE constraint is built from a concurrent unique index named as the constraint", async () => {
    const { doc, texts, roundTrip } = await autogenerate("online_unique", `${BASE}\nALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);`);
    expect(doc.revisions.map((r) => r.transaction)).toEqual([false]);
    const online = upgradeOf(texts[0]!);
    expect(online).toContain("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_email_key ON public.accounts USING btree (email);");
    expect(online).toContain('ALTER TABLE "public"."accounts" ADD CONSTRAINT "accounts_email_key" UNIQUE USING INDEX "accounts_email_key";');
    expect(downgradeOf(texts[0]!)).toContain('ALTER TABLE "public"."accounts" DROP CONSTRAINT "accounts_email_key";');
    await roundTrip();
  });

  it("a unique index the table already has becomes the UNIQUE constraint as it is", async () => {
    const base = `${BASE}\nCREATE UNIQUE INDEX accounts_email_key ON accounts (email);`;
    const next = `${BASE}\nALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);`;
    const { doc, texts, roundTrip } = await autogenerate("online_unique_adopt", next, [], base);
    expect(doc.revisions.map((r) => r.transaction)).toEqual([false]);
    expect(statementsOf(upgradeOf(texts[0]!)).trim()).toBe('ALTER TABLE "public"."accounts" ADD CONSTRAINT "accounts_email_key" UNIQUE USING INDEX "accounts_email_key";');
    expect(downgradeOf(texts[0]!)).toContain("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_email_key ON public.accounts USING btree (email);");
    await roundTrip();
  });

  it("a PRIMARY KEY on an existing table: NOT NULL through a check, then the key from a concurrent index", async () => {
    const { doc, texts, roundTrip } = await autogenerate("online_pk", BASE.replace("CREATE TABLE events (id bigint,", "CREATE TABLE events (id bigint PRIMARY KEY,"));
    expect(doc.revisions.map((r) => r.transaction)).toEqual([true, false]);
    expect(upgradeOf(texts[0]!)).toContain('ADD CONSTRAINT "id_not_null" CHECK ("id" IS NOT NULL) NOT VALID;');
    const online = upgradeOf(texts[1]!);
    expect(online.indexOf('ALTER COLUMN "id" SET NOT NULL')).toBeGreaterThan(-1);
    expect(online.indexOf("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS events_pkey ON public.events USING btree (id);")).toBeGreaterThan(online.indexOf("SET NOT NULL"));
    expect(online).toContain('ADD CONSTRAINT "events_pkey" PRIMARY KEY USING INDEX "events_pkey";');
    await roundTrip();
  });

  it("a foreign key to a unique constraint built online waits for it; an index on a new column is built concurrently", async () => {
    const next = `${BASE}
ALTER TABLE orgs ADD CONSTRAINT orgs_slug_key UNIQUE (slug);
ALTER TABLE accounts ADD CONSTRAINT accounts_org_slug_fk FOREIGN KEY (org_slug) REFERENCES orgs (slug);
ALTER TABLE accounts ADD COLUMN created_at timestamptz;
CREATE INDEX accounts_created_idx ON accounts (created_at);
COMMENT ON INDEX accounts_created_idx IS 'newest first';
COMMENT ON CONSTRAINT orgs_slug_key ON orgs IS 'one org per slug';
CREATE TABLE tags (id bigint PRIMARY KEY, org_slug text REFERENCES orgs (slug), name text NOT NULL);`;
    const { doc, texts, roundTrip } = await autogenerate("online_order", next);
    expect(doc.revisions.map((r) => r.transaction)).toEqual([true, false]);
    const first = upgradeOf(texts[0]!);
    expect(first).toContain('ADD COLUMN "created_at" timestamp with time zone;');
    expect(first).toContain('CREATE TABLE "public"."tags"');
    expect(first).not.toContain("REFERENCES public.orgs(slug)");
    const online = upgradeOf(texts[1]!);
    expect(online).toContain("CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_created_idx ON public.accounts USING btree (created_at);");
    const unique = online.indexOf('ADD CONSTRAINT "orgs_slug_key" UNIQUE USING INDEX');
    const fk = online.indexOf('ADD CONSTRAINT "accounts_org_slug_fk" FOREIGN KEY (org_slug) REFERENCES public.orgs(slug) NOT VALID;');
    expect(unique).toBeGreaterThan(-1);
    expect(fk).toBeGreaterThan(unique);
    expect(online.indexOf('VALIDATE CONSTRAINT "accounts_org_slug_fk"')).toBeGreaterThan(fk);
    // tags is new in the first revision, but may have rows by the time the second one runs.
    expect(online).toContain('ALTER TABLE "public"."tags" ADD CONSTRAINT "tags_org_slug_fkey" FOREIGN KEY (org_slug) REFERENCES public.orgs(slug) NOT VALID;');
    expect(online).toContain('ALTER TABLE "public"."tags" VALIDATE CONSTRAINT "tags_org_slug_fkey";');
    await roundTrip();
  });
});

describe("the plain form", () => {
  it("--no-online writes one plain revision", async () => {
    const next = `${BASE}\nCREATE INDEX accounts_email_idx ON accounts (email);\nALTER TABLE accounts ADD CONSTRAINT accounts_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);`;
    const { doc, texts, roundTrip, lintErrors } = await autogenerate("online_off", next, ["--no-online"]);
    expect(doc.revisions.map((r) => r.transaction)).toEqual([true]);
    // The plain form is what the lint exists to catch.
    expect(lintErrors).toEqual(["create-index-concurrently", "constraint-not-valid"]);
    const up = upgradeOf(texts[0]!);
    expect(up).toContain("CREATE INDEX accounts_email_idx ON public.accounts USING btree (email);");
    expect(up).toContain('ADD CONSTRAINT "accounts_org_fk" FOREIGN KEY (org_id) REFERENCES public.orgs(id);');
    expect(statementsOf(texts[0]!)).not.toMatch(/CONCURRENTLY|NOT VALID|VALIDATE/);
    await roundTrip();
  });

  it("a table created in the same revision gets the plain form", async () => {
    const next = `${BASE}
CREATE TABLE notes (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id), body text NOT NULL UNIQUE CHECK (length(body) > 0));
CREATE INDEX notes_account_idx ON notes (account_id);`;
    const { doc, texts, roundTrip } = await autogenerate("online_new_table", next);
    expect(doc.revisions.map((r) => r.transaction)).toEqual([true]);
    expect(texts[0]).toContain("CREATE INDEX notes_account_idx ON public.notes USING btree (account_id);");
    expect(statementsOf(texts[0]!)).not.toMatch(/CONCURRENTLY|NOT VALID|VALIDATE/);
    await roundTrip();
  });

  it("the text output names both files", async () => {
    const { dir } = await project("online_text");
    const run = (argv: readonly string[]) => runRetort(argv, { cwd: dir, env });
    expect((await run(["init"])).code).toBe(0);
    writeFileSync(join(dir, "schema.sql"), BASE);
    expect((await run(["revision", "--autogenerate", "-m", "start"])).code).toBe(0);
    writeFileSync(join(dir, "schema.sql"), `${BASE}\nALTER TABLE accounts ADD CONSTRAINT accounts_score_positive CHECK (score >= 0);`);
    const gen = await run(["revision", "--autogenerate", "-m", "check score"]);
    expect(gen.code, gen.stderr).toBe(0);
    const lines = gen.stderr.split("\n").filter((l) => l.startsWith("Generating "));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/_check_score\.sql \.\.\. done$/);
    expect(lines[1]).toMatch(/_check_score_online_part\.sql \.\.\. done \(transaction: false\)$/);
  });
});

describe("the library's revision", () => {
  it("writes the online form by default, and the plain form with online: false", async () => {
    const { dir } = await project("online_library");
    expect((await runRetort(["init"], { cwd: dir, env })).code).toBe(0);
    const opts = { cwd: dir, env };
    writeFileSync(join(dir, "schema.sql"), BASE);
    const start = await revision({ ...opts, message: "start", autogenerate: true });
    expect(start.revisions.map((r) => r.transaction)).toEqual([true]);
    await upgrade(opts);
    writeFileSync(join(dir, "schema.sql"), `${BASE}\nCREATE INDEX accounts_email_idx ON accounts (email);\nALTER TABLE accounts ADD CONSTRAINT accounts_score_positive CHECK (score >= 0);`);
    const plain = await revision({ ...opts, message: "plain", autogenerate: true, online: false, head: start.revision!, splice: true });
    expect(plain.revisions.map((r) => r.transaction)).toEqual([true]);
    expect(statementsOf(readFileSync(plain.path!, "utf8"))).not.toMatch(/CONCURRENTLY|NOT VALID/);
    const online = await revision({ ...opts, message: "online", autogenerate: true, head: start.revision!, splice: true });
    expect(online.revisions.map((r) => [r.transaction, r.downRevisions])).toEqual([[true, [start.revision]], [false, [online.revision]]]);
    expect(online.steps!.map((s) => s.kind)).toEqual(["add-constraint", "validate-constraint", "create-index"]);
    expect(readFileSync(online.revisions[1]!.path, "utf8")).toMatch(/^-- online \(online part\)$/m);
    // Both branches lead to the schema files; apply the online one.
    await upgrade({ ...opts, target: online.revisions[1]!.revision });
    expect((await check({ ...opts, database: true })).clean).toBe(true);
  });
});

