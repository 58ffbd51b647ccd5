/**
 * `tls` as postgres.js imports it, in the executable: node:tls is loaded when the driver first
 * uses it (a TLS connection), not when the driver is loaded (see ../dependency-rewrites.ts).
 */
import type * as Tls from "node:tls";
import { onFirstUse } from "./on-first-use.ts";

export default onFirstUse<typeof Tls>("node:tls");
