/** retort's own version (package.json), recorded in the history table and printed by `--version`. */
import pkg from "../../package.json" with { type: "json" };

/** The package version. */
export const version: string = pkg.version;
