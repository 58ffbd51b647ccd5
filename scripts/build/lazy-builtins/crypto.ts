/**
 * `crypto` as postgres.js imports it, in the executable: node:crypto is loaded when the driver
 * first uses it (a password exchange), not when the driver is loaded (see ../dependency-rewrites.ts).
 */
import type * as Crypto from "node:crypto";

export default new Proxy({} as typeof Crypto, { get: (_, key) => Reflect.get(process.getBuiltinModule("node:crypto"), key) });
