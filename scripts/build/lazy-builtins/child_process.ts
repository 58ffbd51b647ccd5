/**
 * `node:child_process` as commander requires it, in the executable: loaded when commander first
 * uses it (to run a subcommand that is an executable of its own, which retort has none of), not
 * when the command line is parsed (see ../dependency-rewrites.ts).
 */
import type * as ChildProcess from "node:child_process";

export default new Proxy({} as typeof ChildProcess, { get: (_, key) => Reflect.get(process.getBuiltinModule("node:child_process"), key) });
