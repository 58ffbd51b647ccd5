/**
 * `stream` as postgres.js imports it, in the executable: node:stream is loaded when the driver
 * first uses it (COPY and large objects), not when the driver is loaded (see ../dependency-rewrites.ts).
 */
import type * as Stream from "node:stream";

export default new Proxy({} as typeof Stream, { get: (_, key) => Reflect.get(process.getBuiltinModule("node:stream"), key) });
