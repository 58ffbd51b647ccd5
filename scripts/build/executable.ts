/**
 * How retort's executable is compiled (Bun.build, as `bun build --compile`), in one place: build.ts
 * compiles retort with it, and the bench compiles its floor programs the same way, so that a
 * floor measures what retort's own code adds and not a difference in the build.
 */
import { dependencyRewrites } from "./dependency-rewrites.ts";

/** Where an executable goes, and, for another target, the runtime to build it on. */
export interface ExecutableTarget {
  readonly outfile: string;
  readonly cross?: { readonly bunTarget: string; readonly runtime: string };
}

/** Bun.build's options for compiling `entrypoint` into an executable; `define` replaces expressions at build time. */
export function executableBuild(entrypoint: string, target: ExecutableTarget, define: Record<string, string> = {}): Bun.BuildConfig {
  const { outfile, cross } = target;
  return {
    entrypoints: [entrypoint],
    compile: {
      outfile,
      ...(cross ? { target: cross.bunTarget as Bun.Build.CompileTarget, executablePath: cross.runtime } : {}),
      // JavaScriptCore's tier-up thresholds times 64. Most of a run is code that runs once or a
      // few hundred times (module set-up, the command line, the config, a statement's or a
      // revision's handling); compiling it on the JIT's threads took CPU from the run and, on a
      // small machine, from the server beside it. Applying 300 revisions (b) used 312 ms of CPU
      // at 4 times, 240 at 64, 229 at 256 and 225 at 1024 (9 interleaved runs each); the bench
      // then put (b) at 1.06 times psql against 1.15, and (m) at 114 ms against 128. Loops over
      // thousands of revisions or tables still reach the optimising tiers: 10,000 revisions, the
      // 1,000-table diff and `lint --all` were no slower. `watch`, which runs for long, goes back
      // to the normal policy (useNormalJitPolicy).
      jitPolicy: 64,
      // Bun would otherwise read .env and bunfig.toml from the working directory behind our back.
      autoloadDotenv: false,
      autoloadBunfig: false,
    },
    minify: true,
    bytecode: true,
    format: "esm",
    // One chunk per dynamically imported module group instead of one bundle: a run evaluates only
    // the chunks of its own command (`--version` loads none of the CLI), where a single bundle is
    // loaded whole at start-up.
    splitting: true,
    define,
    plugins: [dependencyRewrites],
    throw: false,
  };
}
