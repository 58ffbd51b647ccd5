/** The tool's version, for `--version` and the history table. */
import pkg from "../../package.json" with { type: "json" };

/** The package version. */
export const version: string = pkg.version;
