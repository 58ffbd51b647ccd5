/** Entry point of the retort executable (Bun), of `deno run`, and of source runs. */
import { run } from "./run.ts";

const runtime = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined" ? "deno" : typeof (globalThis as { Bun?: unknown }).Bun !== "undefined" ? "bun" : "node";

const code = await run({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  build: { commit: process.env.RETORT_BUILD_COMMIT ?? "source", runtime: `${runtime} ${process.platform}-${process.arch}` },
});
process.exitCode = code;
