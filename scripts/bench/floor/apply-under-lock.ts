// The floor of applying migrations as retort promises to (README, "Running on every deploy"):
// a compiled Bun program that connects with postgres.js (with retort's connection options), reads
// whether the version table exists, and only then, knowing it will write, opens a second connection
// and takes a session advisory lock there; reads the version table's presence again under the
// lock, then sends the statements listed in the JSON file STATEMENTS in one transaction as
// pipeline-statements.ts does, with the version table's creation before them and its row after
// them, commits, and unlocks. It keeps no history, reads no files or configuration and lints
// nothing: what is left is the round trips and the second backend the contract costs.
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { runPipelined } from "../../../src/db/pipeline.ts";

const statements = JSON.parse(readFileSync(process.env.STATEMENTS!, "utf8")) as string[];
const options = { max: 1, fetch_types: false, prepare: false, idle_timeout: 0, onnotice: () => {} };
const present = "select to_regclass('alembic_version') is not null as present";
const sql = postgres(process.env.DATABASE_URL!, options);
await sql.unsafe(present);
const lock = postgres(process.env.DATABASE_URL!, options);
const [taken] = await lock.unsafe<{ ok: boolean }[]>("select pg_try_advisory_lock(hashtextextended('floor', 0)) as ok");
if (!taken?.ok) throw new Error("the lock is held elsewhere");
await sql.unsafe(present);
await sql.begin(async (tx) => {
  void tx.unsafe("create table if not exists alembic_version (version_num varchar(32) not null primary key)").execute();
  const failure = await runPipelined(tx, [statements], (all) => all.map((text) => ({ text })), { shareQueries: true });
  if (failure) throw failure.error;
  await tx.unsafe("insert into alembic_version (version_num) values ('head')");
});
await lock.unsafe("select pg_advisory_unlock(hashtextextended('floor', 0))");
process.exit(0);
