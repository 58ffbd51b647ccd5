/**
 * Run by Bun (test/std-streams.test.ts) with its stdout and stderr on whatever the test chose:
 * writes a line to stderr and writes to the file PROBE_REPORT names whether
 * each standard stream is a terminal as cli/std-streams.ts answers it.
 */
import { writeFileSync } from "node:fs";
import { standardStream } from "../../src/cli/std-streams.ts";

const out = standardStream(1);
const err = standardStream(2);
err.write("to stderr\n");
writeFileSync(process.env.PROBE_REPORT!, JSON.stringify({ stdout: out.isTTY, stderr: err.isTTY }));
