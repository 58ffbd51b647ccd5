/**
 * Rules for revision ids and branch labels, shared by the file parsers (which report a problem at
 * a line) and by `revision --rev-id` (which reports a usage error).
 */
import { branchLabelProblem, revisionIdProblem as grammarIdProblem } from "../core/ident.ts";
import { InvalidRevIdOptionError } from "./errors.ts";

/** Width of `alembic_version.version_num varchar(32)`: a longer id could never be stamped. */
export const MAX_REVISION_ID_LENGTH = 32;

/** Characters that would make an id unusable as the start of a file name. */
const PATH_CHARACTERS: ReadonlyMap<string, string> = new Map([
  ["/", `"/" is a path separator and ids become file names`],
  ["\\", `"\\" is a path separator and ids become file names`],
  [".", `"." is not allowed because ids become file names`],
]);

/** Why `label` cannot name a revision or branch in a target, or undefined when it can. */
export const labelProblem = branchLabelProblem;

/** Why `id` cannot be a revision id (the grammar's rules plus file-name and column limits). */
export function revisionIdProblem(id: string): string | undefined {
  const problem = grammarIdProblem(id);
  if (problem !== undefined) return problem;
  for (const [ch, why] of PATH_CHARACTERS) if (id.includes(ch)) return why;
  if (id.length > MAX_REVISION_ID_LENGTH) {
    return `it is longer than ${MAX_REVISION_ID_LENGTH} characters, the width of the version table's version_num column`;
  }
  return undefined;
}

/** Throws InvalidRevIdOptionError, saying why, unless `id` (from `--rev-id`) is a usable revision id. */
export function validateRevisionId(id: string): string {
  const problem = revisionIdProblem(id);
  if (problem !== undefined) throw new InvalidRevIdOptionError(id, problem);
  return id;
}

/** A new revision id: 12 random hex characters, like Alembic's `uuid4().hex[-12:]`. */
export function generateRevisionId(
  randomBytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): string {
  const bytes = randomBytes(6);
  if (bytes.length < 6) throw new RangeError(`randomBytes returned ${bytes.length} bytes, expected 6`);
  let hex = "";
  for (const byte of bytes.subarray(0, 6)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
