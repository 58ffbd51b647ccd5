/**
 * `net` as postgres.js imports it, in the executable: node:net is loaded when the driver first
 * uses it (a TLS connection), not when the driver is loaded; the sockets retort hands it are made
 * elsewhere (src/db/early-socket.ts, and see ../dependency-rewrites.ts).
 */
import type * as Net from "node:net";
import { onFirstUse } from "./on-first-use.ts";

export default onFirstUse<typeof Net>("node:net");
