/** Entry point of the retort executable (Bun), of `deno run`, and of source runs. */
import { currentRuntime, safeHostname } from "../config/runtime.ts";
import { connectsFirst } from "./first-connection.ts";
import { hostTarget, versionLine } from "./version.ts";

// build.ts bakes the commit and the release target in with --define; a run from source has neither.
const build = { commit: process.env.RETORT_BUILD_COMMIT ?? "source", runtime: `${currentRuntime()} ${process.env.RETORT_BUILD_TARGET ?? hostTarget()}` };
const argv = process.argv.slice(2);

/** The message of a write to a socket set to null (Bun's and Node's wording); see below. */
const DRIVER_WRITE_AFTER_CLOSE = /null is not an object \(evaluating '\w+\.write'\)|Cannot read properties of null \(reading 'write'\)/;

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  // Deploy scripts call this first: answer without loading the CLI, the driver and zod, or even
  // process.stdout (a Node stream Bun builds on first use, which costs more than the rest).
  console.log(versionLine(build));
} else {
  // The first SIGINT/SIGTERM cancels the running statement, rolls back and releases the lock; a
  // second one, or a command that does not stop within 10 s, exits at once.
  const interrupt = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (interrupt.signal.aborted) process.exit(130);
      interrupt.abort(signal);
      setTimeout(() => process.exit(130), 10_000).unref();
    });
  }
  // postgres.js 3.4 rolls a transaction back on a connection the server has just closed; the
  // ROLLBACK is written from a timer after the socket is gone, and that write throws where nothing
  // can catch it. The run has already failed with CONNECTION_CLOSED, which is reported; this one
  // throw is dropped, anything else still crashes as it should.
  process.on("uncaughtException", (err) => {
    if (err instanceof TypeError && DRIVER_WRITE_AFTER_CLOSE.test(err.message)) return;
    throw err;
  });
  // A command that starts by reading the database has the server start its backend while it loads.
  const presented = connectsFirst(argv) ? await import("./early-start.ts").then((early) => early.presentStartupEarly(argv, process.env, process.cwd())) : undefined;
  const [{ run }, { standardStream }] = await Promise.all([import("./run.ts"), import("./std-streams.ts")]);
  const code = await run({
    argv,
    cwd: process.cwd(),
    env: process.env,
    hostname: safeHostname,
    signal: interrupt.signal,
    stdout: standardStream(1),
    stderr: standardStream(2),
    build,
    ...(presented ? { presented } : {}),
  });
  // Exit now rather than when the event loop drains: closed connections' sockets would hold it
  // open for a server round trip. Output is written synchronously, so nothing is lost.
  process.exit(code);
}
