// The floor of applying migrations: a compiled Bun program that connects with postgres.js (with
// retort's connection options) and sends the statements listed in the JSON file STATEMENTS in one
// transaction, pipelined and sharing Query messages as retort's runner does (its own
// `runPipelined`; see ../floor.ts). It keeps no version table or history and lints nothing.
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { runPipelined } from "../../../src/db/pipeline.ts";

const statements = JSON.parse(readFileSync(process.env.STATEMENTS!, "utf8")) as string[];
const sql = postgres(process.env.DATABASE_URL!, { max: 1, fetch_types: false, prepare: false, idle_timeout: 0, onnotice: () => {} });
await sql.begin(async (tx) => {
  const failure = await runPipelined(tx, [statements], (all) => all.map((text) => ({ text })), { shareQueries: true });
  if (failure) throw failure.error;
});
process.exit(0);
