/** Reading a real database's catalogs into the schema model. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import postgres from "postgres";
import { introspect, readSchemaModel } from "../src/db/introspect.ts";
import type { SchemaModel } from "../src/core/diff/model.ts";
import { adminUrl, createTestDatabase, type TestDatabase } from "./support/database.ts";
import { startPgBouncer, type PgBouncer } from "./support/pgbouncer.ts";

const richSchema = `
create schema app;
create schema audit;
create type app.mood as enum ('sad', 'ok', 'happy');
create type app.nothing_yet as enum ();
create domain app.positive_int as integer not null default 1 constraint positive_int_check check (value > 0);
create type app.address as (street text, city text collate "C", zip varchar(10));
create table audit.actors (id integer primary key);
create table app.users (
  id bigint generated always as identity (start with 100 increment by 5) primary key,
  email text collate "C" not null,
  mood app.mood default 'ok',
  score app.positive_int,
  email_lower text generated always as (lower(email)) stored,
  actor_id integer references audit.actors (id) on delete cascade deferrable initially deferred,
  home app.address
);
-- NOT VALID only sticks when added to an existing table.
alter table app.users add constraint users_email_check check (email like '%@%') not valid;
create sequence app.ticket_seq as integer start 7 cache 10;
create table app.tickets (id integer not null default nextval('app.ticket_seq'), title text);
alter sequence app.ticket_seq owned by app.tickets.id;
create index users_active_idx on app.users (email) where mood <> 'sad';
create index users_lower_idx on app.users using btree (lower(email)) include (score);
create table app.events (id bigserial, at date not null, primary key (id, at)) partition by range (at);
create table app.events_2024 partition of app.events for values from ('2024-01-01') to ('2025-01-01');
create table app.events_default partition of app.events default;
create table app.base (id integer, note text);
create table app.child (extra text) inherits (app.base);
comment on table app.users is 'people';
comment on column app.users.email is 'login';
grant select on app.users to public;
alter table app.users enable row level security;
create view app.happy_users as select id, email from app.users where mood = 'happy';
create materialized view app.user_counts as select mood, count(*) as n from app.users group by mood;
create unique index user_counts_mood_idx on app.user_counts (mood);
create function app.touch() returns trigger language plpgsql as $$ begin return new; end $$;
create function app.add(a integer, b integer) returns integer language sql immutable return a + b;
create function app.add(a text, b text) returns text language sql immutable return a || b;
create procedure app.noop() language sql as $$ select 1 $$;
create trigger users_touch before update on app.users for each row execute function app.touch();
create policy users_own on app.users for select to public using (email = current_user);
create unlogged table app.scratch (id integer) with (fillfactor = 70, autovacuum_enabled = false);
`;

/** Wraps a transaction so every `unsafe` call is counted. */
function counting(tx: postgres.TransactionSql, counter: { n: number }): postgres.TransactionSql {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === "unsafe") return (...args: Parameters<typeof target.unsafe>) => (counter.n++, target.unsafe(...args));
      return Reflect.get(target, prop, receiver);
    },
  });
}

let db: TestDatabase;
let model: SchemaModel;
let available: Set<string>;

beforeAll(async () => {
  db = await createTestDatabase("introspect");
  const rows = await db.sql<{ name: string }[]>`select name from pg_available_extensions where name in ('pgcrypto', 'btree_gist')`;
  available = new Set(rows.map((r) => r.name));
  await db.sql.unsafe(richSchema);
  if (available.has("pgcrypto")) await db.sql.unsafe(`create extension pgcrypto schema app`);
  if (available.has("btree_gist")) {
    await db.sql.unsafe(`create extension btree_gist;
      create table app.bookings (room integer, during tstzrange, exclude using gist (room with =, during with &&))`);
  }
  model = await introspect(db.sql);
});

afterAll(async () => {
  await db?.drop();
});

describe("introspect", () => {
  test("lists user schemas and extensions but not system schemas", () => {
    expect(Object.keys(model.schemas)).toEqual(["app", "audit", "public"]);
    expect(model.extensions.plpgsql?.schema).toBe("pg_catalog");
    if (available.has("pgcrypto")) expect(model.extensions.pgcrypto).toMatchObject({ name: "pgcrypto", schema: "app" });
  });

  test("reads enums with labels in order, domains and composite types", () => {
    expect(model.enums['"app"."mood"']).toEqual({ schema: "app", name: "mood", comment: null, acl: null, labels: ["sad", "ok", "happy"] });
    // An enum with no labels yet has an empty list, not null (json_agg over no rows is null).
    expect(model.enums['"app"."nothing_yet"']!.labels).toEqual([]);
    expect(model.domains['"app"."positive_int"']).toMatchObject({
      baseType: "integer",
      notNull: true,
      default: "1",
      constraints: [{ name: "positive_int_check", definition: "CHECK ((VALUE > 0))", notValid: false }],
    });
    expect(model.compositeTypes['"app"."address"']?.attributes).toEqual([
      { name: "street", type: "text", collation: null },
      { name: "city", type: "text", collation: 'pg_catalog."C"' },
      { name: "zip", type: "character varying(10)", collation: null },
    ]);
  });

  test("reads columns with types, collation, defaults, identity and generated expressions", () => {
    const users = model.tables['"app"."users"']!;
    expect(users.comment).toBe("people");
    expect(users.columns.map((c) => c.name)).toEqual(["id", "email", "mood", "score", "email_lower", "actor_id", "home"]);
    const [id, email, mood, score, lower] = users.columns;
    expect(id).toMatchObject({ type: "bigint", notNull: true, default: null, generated: null });
    expect(id!.identity).toEqual({
      kind: "always",
      sequence: '"app"."users_id_seq"',
      options: { type: "bigint", start: "100", increment: "5", min: "1", max: "9223372036854775807", cache: "1", cycle: false },
    });
    expect(email).toMatchObject({ type: "text", collation: 'pg_catalog."C"', notNull: true, identity: null });
    expect(mood).toMatchObject({ type: "app.mood", default: "'ok'::app.mood" });
    expect(score?.type).toBe("app.positive_int");
    expect(lower).toMatchObject({ default: null, generated: "lower(email)" });
    expect(model.tables['"app"."events"']!.columns[0]!.default).toBe("nextval('app.events_id_seq'::regclass)");
  });

  test("reads comments, privileges, storage options and row security", () => {
    const users = model.tables['"app"."users"']!;
    expect(users.columns[1]!.comment).toBe("login");
    expect(users.acl).toContainEqual(expect.stringMatching(/^=r\//));
    expect(users.rowSecurity).toEqual({ enabled: true, forced: false });
    expect(model.tables['"app"."scratch"']).toMatchObject({ unlogged: true, options: ["autovacuum_enabled=false", "fillfactor=70"], acl: null });
  });

  test("reads views, materialized views with their indexes, functions, triggers and policies", () => {
    expect(model.views['"app"."happy_users"']).toMatchObject({
      columns: [{ name: "id", type: "bigint" }, { name: "email", type: "text" }],
      definition: expect.stringContaining("FROM app.users"),
      dependsOn: ['"app"."users"'],
      indexes: {},
    });
    expect(model.functions['"app"."add"(integer, integer)']).toMatchObject({ identityArguments: "a integer, b integer", argumentTypes: "integer, integer" });
    const counts = model.materializedViews['"app"."user_counts"']!;
    expect(counts.indexes.user_counts_mood_idx?.unique).toBe(true);
    expect(model.tables['"app"."user_counts"']).toBeUndefined();
    expect(Object.keys(model.functions).filter((k) => k.startsWith('"app"'))).toEqual([
      '"app"."add"(integer, integer)',
      '"app"."add"(text, text)',
      '"app"."noop"()',
      '"app"."touch"()',
    ]);
    expect(model.functions['"app"."noop"()']).toMatchObject({ kind: "procedure", definition: expect.stringContaining("PROCEDURE app.noop()") });
    const users = model.tables['"app"."users"']!;
    expect(users.triggers.users_touch).toMatchObject({
      enabled: "O",
      definition: "CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch()",
    });
    expect(users.policies.users_own).toEqual({
      name: "users_own",
      permissive: true,
      command: "SELECT",
      roles: ["public"],
      using: "(email = CURRENT_USER)",
      withCheck: null,
    });
  });

  test("lists OWNED BY sequences and attaches identity sequences to their column", () => {
    expect(model.sequences['"app"."ticket_seq"']).toMatchObject({
      type: "integer",
      start: "7",
      cache: "10",
      max: "2147483647",
      ownedBy: { table: '"app"."tickets"', column: "id" },
    });
    expect(model.sequences['"app"."events_id_seq"']?.ownedBy).toEqual({ table: '"app"."events"', column: "id" });
    expect(model.sequences['"app"."users_id_seq"']).toBeUndefined();
  });

  test("reads constraints of every kind with their definitions", () => {
    const c = model.tables['"app"."users"']!.constraints;
    expect(c.users_pkey).toMatchObject({ kind: "primaryKey", definition: "PRIMARY KEY (id)" });
    expect(c.users_actor_id_fkey).toMatchObject({
      kind: "foreignKey",
      definition: "FOREIGN KEY (actor_id) REFERENCES audit.actors(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED",
      deferrable: true,
      initiallyDeferred: true,
      references: '"audit"."actors"',
    });
    expect(c.users_email_check).toMatchObject({ kind: "check", notValid: true, definition: "CHECK ((email ~~ '%@%'::text)) NOT VALID" });
    if (available.has("btree_gist")) {
      expect(Object.values(model.tables['"app"."bookings"']!.constraints)).toMatchObject([
        { kind: "exclusion", definition: "EXCLUDE USING gist (room WITH =, during WITH &&)" },
      ]);
    }
  });

  test("reads partial and expression indexes and marks constraint indexes", () => {
    const i = model.tables['"app"."users"']!.indexes;
    expect(i.users_pkey).toMatchObject({ constraint: "users_pkey", unique: true, method: "btree" });
    expect(i.users_active_idx).toMatchObject({
      constraint: null,
      predicate: "(mood <> 'sad'::app.mood)",
      definition: "CREATE INDEX users_active_idx ON app.users USING btree (email) WHERE (mood <> 'sad'::app.mood)",
    });
    expect(i.users_lower_idx?.definition).toBe("CREATE INDEX users_lower_idx ON app.users USING btree (lower(email)) INCLUDE (score)");
  });

  test("names the columns each index reads: keys, INCLUDE, expressions and predicate", async () => {
    // A dropped column leaves a gap in attribute numbers, so names must come from numbers, not positions.
    await db.sql.unsafe(`create table app.indexed (gone integer, b text, a text, "Mixed Case" integer, c integer);
      alter table app.indexed drop column gone;
      create index indexed_keys on app.indexed (b, a) include ("Mixed Case");
      create index indexed_twice on app.indexed (c, c);
      create index indexed_expr on app.indexed (lower(b)) where c > 0;
      create materialized view app.indexed_view as select a, b from app.indexed;
      create index indexed_view_idx on app.indexed_view (b, a)`);
    try {
      const after = await introspect(db.sql);
      const i = after.tables['"app"."indexed"']!.indexes;
      expect(i.indexed_keys?.columns).toEqual(["Mixed Case", "a", "b"]);
      expect(i.indexed_twice?.columns).toEqual(["c"]);
      expect(i.indexed_expr?.columns).toEqual(["b", "c"]);
      expect(after.materializedViews['"app"."indexed_view"']!.indexes.indexed_view_idx?.columns).toEqual(["a", "b"]);
      expect(model.tables['"app"."users"']!.indexes.users_lower_idx?.columns).toEqual(["email", "score"]);
      expect(model.tables['"app"."users"']!.indexes.users_active_idx?.columns).toEqual(["email", "mood"]);
    } finally {
      await db.sql.unsafe(`drop materialized view app.indexed_view; drop table app.indexed`);
    }
  });

  test("reads a column's storage, compression and statistics target, each null at its default", async () => {
    // EXTENDED is jsonb's own storage, and -1 the default statistics target: they read as null.
    await db.sql.unsafe(`create table app.tuned (a text, b text, c jsonb, d integer);
      alter table app.tuned alter column a set storage external, alter column a set compression lz4,
        alter column b set statistics 200, alter column c set storage extended, alter column d set statistics -1;
      create materialized view app.tuned_view as select a, b from app.tuned;
      alter materialized view app.tuned_view alter column b set storage main, alter column a set statistics 0`);
    try {
      const after = await introspect(db.sql);
      const settings = after.tables['"app"."tuned"']!.columns.map((c) => [c.name, c.storage, c.compression, c.statisticsTarget]);
      expect(settings).toEqual([
        ["a", { mode: "external", typeMode: "extended" }, "lz4", null],
        ["b", null, null, 200],
        ["c", null, null, null],
        ["d", null, null, null],
      ]);
      expect(after.materializedViews['"app"."tuned_view"']!.columnSettings).toEqual({
        a: { storage: null, compression: null, statisticsTarget: 0 },
        b: { storage: { mode: "main", typeMode: "extended" }, compression: null, statisticsTarget: null },
      });
      expect(Object.values(model.tables).flatMap((t) => t.columns).filter((c) => c.storage || c.compression || c.statisticsTarget !== null)).toEqual([]);
      expect(after.notModelled).toEqual(model.notModelled);
    } finally {
      await db.sql.unsafe(`drop materialized view app.tuned_view; drop table app.tuned`);
    }
  });

  test("reads partitioning and inheritance", () => {
    const t = model.tables;
    expect(t['"app"."events"']!.partitionKey).toBe("RANGE (at)");
    expect(t['"app"."events_2024"']!.partitionOf).toEqual({ parent: '"app"."events"', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" });
    expect(t['"app"."events_default"']!.partitionOf).toEqual({ parent: '"app"."events"', bound: "DEFAULT" });
    expect(t['"app"."events_2024"']!.inherits).toEqual([]);
    expect(t['"app"."events_2024"']!.indexes.events_2024_pkey?.partitionOf).toBe('"app"."events_pkey"');
    const child = t['"app"."child"']!;
    expect(child.inherits).toEqual(['"app"."base"']);
    expect(child.columns.map((c) => [c.name, c.local, c.inherited])).toEqual([
      ["id", false, true],
      ["note", false, true],
      ["extra", true, false],
    ]);
  });

  test("leaves out objects that belong to an extension", async () => {
    const ext = [...available][0];
    if (ext === undefined) return;
    // No stock extension creates tables or enums, so adopt some into one, as its script would.
    await db.sql.unsafe(`create schema ext_owned;
      create type app.ext_enum as enum ('a');
      create domain app.ext_domain as text;
      create type app.ext_composite as (a int);
      create sequence app.ext_seq;
      create table app.ext_table (id serial primary key);
      create view app.ext_view as select 1 as one;
      create function app.ext_fn() returns integer language sql return 1;
      alter extension ${ext} add schema ext_owned;
      alter extension ${ext} add type app.ext_enum;
      alter extension ${ext} add domain app.ext_domain;
      alter extension ${ext} add type app.ext_composite;
      alter extension ${ext} add sequence app.ext_seq;
      alter extension ${ext} add table app.ext_table;
      alter extension ${ext} add sequence app.ext_table_id_seq;
      alter extension ${ext} add view app.ext_view;
      alter extension ${ext} add function app.ext_fn()`);
    try {
      const after = await introspect(db.sql);
      expect(after).toEqual(model);
      expect(JSON.stringify(after)).not.toMatch(/gbtreekey|gbt_|ext_/);
    } finally {
      // Dropping a member needs it released from the extension first.
      await db.sql.unsafe(`alter extension ${ext} drop schema ext_owned;
        alter extension ${ext} drop type app.ext_enum; alter extension ${ext} drop domain app.ext_domain;
        alter extension ${ext} drop type app.ext_composite; alter extension ${ext} drop sequence app.ext_seq;
        alter extension ${ext} drop sequence app.ext_table_id_seq; alter extension ${ext} drop table app.ext_table;
        alter extension ${ext} drop view app.ext_view; alter extension ${ext} drop function app.ext_fn();
        drop view app.ext_view; drop function app.ext_fn();
        drop table app.ext_table; drop sequence app.ext_seq; drop type app.ext_composite;
        drop domain app.ext_domain; drop type app.ext_enum; drop schema ext_owned`);
    }
  });

  test("does not depend on the caller's search_path and leaves it as it was", async () => {
    const paths = (await db.sql.begin(async (tx) => {
      await tx.unsafe(`set local search_path = app, audit`);
      expect(await readSchemaModel(tx)).toEqual(model);
      return tx.unsafe<{ search_path: string }[]>(`show search_path`);
    })) as { search_path: string }[];
    expect(paths[0]?.search_path).toBe("app, audit");
  });

  test("introspecting twice gives equal models", async () => {
    expect(await introspect(db.sql)).toEqual(model);
  });
});

describe("catalog queries kept prepared", () => {
  interface Held {
    name: string;
    prepare_time: Date;
    generic_plans: string;
  }
  const held = (sql: postgres.Sql) =>
    sql.unsafe<Held[]>(`select name, prepare_time, generic_plans::text from pg_prepared_statements where name like 'retort\\_schema\\_%' order by name`);
  let session: postgres.Sql;
  beforeAll(() => {
    session = postgres(db.url, { max: 1, prepare: false, onnotice: () => {} });
  });
  afterAll(async () => {
    await session?.end();
  });

  test("read the model a plain read does; the session keeps them, and a later read runs each again without preparing it", async () => {
    expect(await held(session)).toEqual([]);
    expect(await introspect(session, { keepPrepared: true })).toEqual(model);
    const first = await held(session);
    expect(first.length).toBeGreaterThanOrEqual(20);
    expect(first.map((s) => s.generic_plans)).toEqual(first.map(() => "1"));
    // The next read is in a transaction that rolls back, as the watch's check of a downgrade is.
    const rollback = new Error("roll back");
    let read: SchemaModel | undefined;
    await session
      .begin(async (tx) => {
        read = await readSchemaModel(tx, { keepPrepared: true });
        throw rollback;
      })
      .catch((err: unknown) => {
        if (err !== rollback) throw err;
      });
    expect(read).toEqual(model);
    const second = await held(session);
    expect(second.map((s) => [s.name, s.prepare_time.getTime(), s.generic_plans])).toEqual(first.map((s) => [s.name, s.prepare_time.getTime(), "2"]));
  });

  test("a session that lost some or all of them (a DISCARD ALL, another server connection behind a pooler) prepares those again", async () => {
    await introspect(session, { keepPrepared: true });
    const before = await held(session);
    const lost = before[3]!.name;
    await session.unsafe(`deallocate ${lost}`);
    expect(await introspect(session, { keepPrepared: true })).toEqual(model);
    const after = await held(session);
    expect(after.map((s) => s.name)).toEqual(before.map((s) => s.name));
    for (const s of after) expect([s.name, s.generic_plans === "1"]).toEqual([s.name, s.name === lost]);
    await session.unsafe("discard all");
    expect(await introspect(session, { keepPrepared: true })).toEqual(model);
    expect((await held(session)).map((s) => [s.name, s.generic_plans])).toEqual(before.map((s) => [s.name, "1"]));
  });

  test("a plain read prepares nothing", async () => {
    const plain = postgres(db.url, { max: 1, prepare: false, onnotice: () => {} });
    try {
      expect(await introspect(plain)).toEqual(model);
      expect(await held(plain)).toEqual([]);
    } finally {
      await plain.end();
    }
  });
});

describe("catalog queries kept prepared, through PgBouncer in transaction mode", () => {
  let bouncer: PgBouncer;
  beforeAll(async () => {
    // Two server connections for three clients: consecutive reads of one client land on either.
    bouncer = await startPgBouncer({ server: adminUrl(), poolMode: "transaction", poolSize: 2 });
  });
  afterAll(async () => {
    await bouncer?.stop();
  });

  test("every read gives the model, whichever server connection it lands on and whatever that one holds", async () => {
    const clients = Array.from({ length: 3 }, () => postgres(bouncer.url(db.name), { max: 1, prepare: false, onnotice: () => {} }));
    try {
      for (let round = 0; round < 4; round++) {
        const reads = await Promise.all(clients.map((c) => introspect(c, { keepPrepared: true })));
        for (const read of reads) expect(read).toEqual(model);
      }
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});

describe("query count", () => {
  let other: TestDatabase;
  beforeAll(async () => {
    other = await createTestDatabase("introspect_count");
  });
  afterAll(async () => {
    await other?.drop();
  });

  async function countQueries(sql: postgres.Sql): Promise<{ n: number; model: SchemaModel }> {
    const counter = { n: 0 };
    const result = (await sql.begin((tx) => readSchemaModel(counting(tx, counter)))) as SchemaModel;
    return { n: counter.n, model: result };
  }

  test("does not depend on the number of tables", async () => {
    await other.sql.unsafe(`create table t0 (id serial primary key, v text check (v <> ''))`);
    const one = await countQueries(other.sql);
    expect(Object.keys(one.model.tables)).toHaveLength(1);
    const more = Array.from({ length: 49 }, (_, i) => `create table t${i + 1} (id serial primary key, v text check (v <> ''));
      create index on t${i + 1} (v)`);
    await other.sql.unsafe(more.join(";\n"));
    const fifty = await countQueries(other.sql);
    expect(Object.keys(fifty.model.tables)).toHaveLength(50);
    expect(fifty.n).toBe(one.n);
  });
});
