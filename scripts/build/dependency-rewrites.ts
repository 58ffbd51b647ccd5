/**
 * A bundler plugin for the executable: lines of dependencies rewritten where what they do costs a
 * run time it does not need to spend.
 *
 * Node modules that dependencies load when they load, but that a run seldom uses, are loaded on
 * first use instead:
 * - postgres.js imports `tls`, `crypto` and `perf_hooks`, which cost a run about 2 ms before it
 *   could connect, though a connection without TLS or a password never uses them and
 *   `performance` is a global; `os` (about 0.2 ms), used only for the user name of a URL that
 *   gives none; and `net` and `stream` (about 2 ms), used only for TLS (retort hands the driver
 *   its sockets, src/db/early-socket.ts), COPY and large objects.
 * - commander requires `child_process` (about 0.5 ms), used only for subcommands that are
 *   executables of their own.
 * Those lines are pointed at the modules of lazy-builtins/, which load the real ones on first
 * use. Bun resolves node: modules before any plugin sees them, so the lines themselves are
 * rewritten.
 *
 * postgres.js opens a connection from a timer of no delay (or, after a connection closed, of its
 * back-off delay). A timer of no delay waits for the runtime's next round of timers, at least
 * 1 ms and more while the run keeps the event loop busy; the first connection is opened on the
 * next turn instead. A `current` of 300 revisions went from 19.7 to 17.8 ms, a no-op
 * `upgrade head` from 23.0 to 20.6 ms (120 and 80 interleaved rounds; dbmate's `status`: 19.1 ms).
 * Reconnections keep their timer and back-off.
 *
 * A dependency whose lines differ fails the build rather than go unnoticed. Runs from source
 * (Node, Deno, tests) load the dependencies unchanged.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BunPlugin } from "bun";

/** A dependency's file, the lines rewritten, and what each becomes. */
interface Rewrite {
  readonly file: RegExp;
  readonly lines: readonly (readonly [line: string, replacement: string])[];
}

const shim = (name: string): string => JSON.stringify(join(import.meta.dirname, "lazy-builtins", name));

export const REWRITES: readonly Rewrite[] = [
  {
    file: /[\\/]node_modules[\\/]postgres[\\/]src[\\/]connection\.js$/,
    lines: [
      ["import net from 'net'", `import net from ${shim("net.ts")}`],
      ["import tls from 'tls'", `import tls from ${shim("tls.ts")}`],
      ["import crypto from 'crypto'", `import crypto from ${shim("crypto.ts")}`],
      ["import Stream from 'stream'", `import Stream from ${shim("stream.ts")}`],
      ["import { performance } from 'perf_hooks'", `import { performance } from ${shim("perf_hooks.ts")}`],
      [
        "setTimeout(connect, closedTime ? Math.max(0, closedTime + delay - performance.now()) : 0)",
        "closedTime ? setTimeout(connect, Math.max(0, closedTime + delay - performance.now())) : setImmediate(connect)",
      ],
    ],
  },
  {
    file: /[\\/]node_modules[\\/]postgres[\\/]src[\\/]large\.js$/,
    lines: [["import Stream from 'stream'", `import Stream from ${shim("stream.ts")}`]],
  },
  {
    file: /[\\/]node_modules[\\/]postgres[\\/]src[\\/]index\.js$/,
    lines: [["import os from 'os'", `import os from ${shim("os.ts")}`]],
  },
  {
    file: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/,
    lines: [["const childProcess = require('node:child_process');", `const childProcess = require(${shim("child_process.ts")}).default;`]],
  },
];

/** `text`, the dependency file at `path`, with `rewrite`'s lines replaced; throws when one is missing. */
export function rewriteLines(text: string, path: string, rewrite: Rewrite): string {
  let out = text;
  for (const [line, replacement] of rewrite.lines) {
    if (!out.includes(line)) throw new Error(`${path} no longer has \`${line}\`: update scripts/build/dependency-rewrites.ts`);
    out = out.replace(line, replacement);
  }
  return out;
}

export const dependencyRewrites: BunPlugin = {
  name: "dependency rewrites",
  setup(build) {
    for (const rewrite of REWRITES) {
      build.onLoad({ filter: rewrite.file }, (args) => ({ contents: rewriteLines(readFileSync(args.path, "utf8"), args.path, rewrite), loader: "js" }));
    }
  },
};
