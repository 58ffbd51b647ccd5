/** Runs a probe of test/support/ in a Bun process (for what exists only under Bun, such as its sockets) and returns the JSON document it prints. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./binary.ts";

export function runBunProbe(file: string): Record<string, Record<string, unknown>> {
  const r = spawnSync(join(repoRoot, "node_modules", ".bin", "bun"), [join(repoRoot, "test", "support", file)], { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`the probe ${file} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}
