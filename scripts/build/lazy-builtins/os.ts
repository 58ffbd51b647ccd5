/**
 * `os` as postgres.js imports it, in the executable: node:os is loaded when the driver first uses
 * it (the user name of a URL that gives none), not when the driver is loaded (see ../dependency-rewrites.ts).
 */
import type * as Os from "node:os";
import { onFirstUse } from "./on-first-use.ts";

export default onFirstUse<typeof Os>("node:os");
