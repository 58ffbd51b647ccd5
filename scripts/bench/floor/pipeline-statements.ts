// The floor of applying migrations: a compiled Bun program that connects with postgres.js (with
// retort's connection options) and sends the statements listed in the JSON file STATEMENTS in one
// transaction, each as its own query, all pipelined, as retort's runner does (see ../floor.ts). It
// keeps no version table or history and lints nothing.
import { readFileSync } from "node:fs";
import postgres from "postgres";

const statements = JSON.parse(readFileSync(process.env.STATEMENTS!, "utf8")) as string[];
const sql = postgres(process.env.DATABASE_URL!, { max: 1, fetch_types: false, prepare: false, idle_timeout: 0, onnotice: () => {} });
await sql.begin(async (tx) => {
  await Promise.all(statements.map((s) => tx.unsafe(s)));
});
process.exit(0);
