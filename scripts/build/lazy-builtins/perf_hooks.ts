/**
 * `perf_hooks` as postgres.js imports it, in the executable: the global `performance` it takes
 * from there, without loading node:perf_hooks (see ../dependency-rewrites.ts).
 */
export const performance = globalThis.performance;
