/**
 * `node:child_process` as commander requires it, in the executable: loaded when commander first
 * uses it (to run a subcommand that is an executable of its own, which retort has none of), not
 * when the command line is parsed (see ../dependency-rewrites.ts).
 */
import type * as ChildProcess from "node:child_process";
import { onFirstUse } from "./on-first-use.ts";

export default onFirstUse<typeof ChildProcess>("node:child_process");
