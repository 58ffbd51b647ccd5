/**
 * A bundler plugin for the executable: postgres.js imports `tls`, `crypto` and `perf_hooks` when
 * it loads, and loading those three of Bun's node: modules cost a run about 2 ms before it could
 * connect, though a connection without TLS or a password never uses them and `performance` is a
 * global. In the driver's connection module those imports are pointed at the modules of
 * driver-builtins/, which load the real ones on first use. Bun resolves node: modules before any
 * plugin sees them, so the import lines themselves are rewritten; a driver whose lines differ
 * fails the build rather than go unnoticed. Runs from source (Node, Deno, tests) load the driver
 * unchanged.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BunPlugin } from "bun";

/** postgres.js's import lines, and the module each is pointed at instead. */
const IMPORTS: readonly (readonly [line: string, shim: string])[] = [
  ["import tls from 'tls'", "tls.ts"],
  ["import crypto from 'crypto'", "crypto.ts"],
  ["import { performance } from 'perf_hooks'", "perf_hooks.ts"],
];

/** `text` (the driver's connection module at `path`) with those import lines pointed at the shims. */
export function redirectDriverImports(text: string, path: string): string {
  let out = text;
  for (const [line, shim] of IMPORTS) {
    if (!out.includes(line)) throw new Error(`${path} no longer has \`${line}\`: update scripts/build/driver-builtins.ts`);
    const [binding] = line.slice("import ".length).split(" from ");
    out = out.replace(line, `import ${binding} from ${JSON.stringify(join(import.meta.dirname, "driver-builtins", shim))}`);
  }
  return out;
}

export const driverBuiltins: BunPlugin = {
  name: "postgres.js builtins on first use",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]postgres[\\/]src[\\/]connection\.js$/ }, (args) => ({
      contents: redirectDriverImports(readFileSync(args.path, "utf8"), args.path),
      loader: "js",
    }));
  },
};
