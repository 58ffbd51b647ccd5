/**
 * `crypto` as postgres.js imports it, in the executable: node:crypto is loaded when the driver
 * first uses it (a password exchange), not when the driver is loaded (see ../dependency-rewrites.ts).
 */
import type * as Crypto from "node:crypto";
import { onFirstUse } from "./on-first-use.ts";

export default onFirstUse<typeof Crypto>("node:crypto");
