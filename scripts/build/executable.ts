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
      // JavaScriptCore's tier-up thresholds times 4. Most of a run is code that runs once (module
      // set-up, the command line, the config); compiling it on the JIT's threads took CPU from the
      // run and, on a small machine, from the server: a no-op `upgrade head` of 300 revisions went
      // from 27.9 to 24.7 ms and applying them from 1073 to 979 ms. Loops over thousands of
      // revisions or tables still reach the optimising tiers: 10,000 revisions and the 1,000-table
      // diff were no slower.
      jitPolicy: 4,
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
