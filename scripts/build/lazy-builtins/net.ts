/**
 * `net` as postgres.js imports it, in the executable: node:net is loaded when the driver first
 * uses it (a TLS connection), not when the driver is loaded; the sockets retort hands it are made
 * elsewhere (src/db/early-socket.ts, and see ../dependency-rewrites.ts).
 */
import type * as Net from "node:net";

export default new Proxy({} as typeof Net, { get: (_, key) => Reflect.get(process.getBuiltinModule("node:net"), key) });
