// The floor of `current`: a compiled Bun program that connects with postgres.js (with retort's
// connection options), reads the version table and prints its rows (see ../floor.ts).
import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL!, { max: 1, fetch_types: false, prepare: false, idle_timeout: 0, onnotice: () => {} });
const rows = await sql.unsafe<{ version_num: string }[]>("select version_num from alembic_version");
console.log(rows.map((r) => r.version_num).join("\n"));
process.exit(0);
