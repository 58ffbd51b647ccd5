/**
 * Compiles src/cli/main.ts into the self-contained executable dist/retort with Bun.
 * Run with `bun build.ts` (npm run build).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";

const outfile = "dist/retort";
mkdirSync("dist", { recursive: true });

const commit = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { encoding: "utf8" }).stdout?.trim() || "unknown";

const args = [
  "build",
  "src/cli/main.ts",
  "--compile",
  "--minify",
  "--bytecode",
  "--format=esm",
  // Bun would otherwise read .env and bunfig.toml from the working directory behind our back.
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
  `--define=process.env.RETORT_BUILD_COMMIT=${JSON.stringify(commit)}`,
  `--outfile=${outfile}`,
];

const result = spawnSync(process.execPath, args, { stdio: "inherit" });
if (result.status !== 0) {
  console.error(`build failed (exit ${result.status})`);
  process.exit(result.status ?? 1);
}
const size = statSync(outfile).size;
console.error(`built ${outfile} (${(size / 1024 / 1024).toFixed(1)} MiB, commit ${commit})`);
