/**
 * `stream` as postgres.js imports it, in the executable: node:stream is loaded when the driver
 * first uses it (COPY and large objects), not when the driver is loaded (see ../dependency-rewrites.ts).
 */
import type * as Stream from "node:stream";
import { onFirstUse } from "./on-first-use.ts";

export default onFirstUse<typeof Stream>("node:stream");
