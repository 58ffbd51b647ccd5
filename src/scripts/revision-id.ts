/**
 * Rules for revision ids and branch labels, shared by the file parsers (which report a problem at
 * a line) and by `revision --rev-id` (which reports a usage error).
 */
import { randomBytes as nodeRandomBytes } from "node:crypto";
import { z } from "zod";
import { InvalidRevisionIdError } from "./errors.ts";

/** Words the target grammar gives a meaning to, so no revision or label may be called that. */
const RESERVED_WORDS = ["head", "heads", "base", "current"] as const;

/** Width of `alembic_version.version_num varchar(32)`: a longer id could never be stamped. */
export const MAX_REVISION_ID_LENGTH = 32;

/** Characters the target grammar uses, with the reason each is reserved. */
const GRAMMAR_CHARACTERS: ReadonlyMap<string, string> = new Map([
  ["@", `"@" separates a branch label from a revision in targets such as "label@head"`],
  ["-", `"-" marks relative targets such as "-1" and "rev-2"`],
  ["+", `"+" marks relative targets such as "+1" and "rev+2"`],
  [":", `":" separates the ends of a range such as "a:b"`],
  [",", `"," separates revisions in a list`],
]);

/** Characters that would make an id unusable as the start of a file name. */
const PATH_CHARACTERS: ReadonlyMap<string, string> = new Map([
  ["/", `"/" is a path separator and ids become file names`],
  ["\\", `"\\" is a path separator and ids become file names`],
  [".", `"." is not allowed because ids become file names`],
]);

/** Why `label` cannot name a revision or branch in a target, or undefined when it can. */
export function labelProblem(label: string): string | undefined {
  if (label === "") return "it is empty";
  if (/\s/u.test(label)) return "it contains white space";
  if (/\p{Cc}/u.test(label)) return "it contains a control character";
  for (const [ch, why] of GRAMMAR_CHARACTERS) if (label.includes(ch)) return why;
  const lower = label.toLowerCase();
  for (const word of RESERVED_WORDS) {
    if (lower === word) return `"${word}" is a reserved word in targets`;
  }
  return undefined;
}

/** Why `id` cannot be a revision id, or undefined when it can. */
export function revisionIdProblem(id: string): string | undefined {
  const asLabel = labelProblem(id);
  if (asLabel !== undefined) return asLabel;
  for (const [ch, why] of PATH_CHARACTERS) if (id.includes(ch)) return why;
  if (id.length > MAX_REVISION_ID_LENGTH) {
    return `it is longer than ${MAX_REVISION_ID_LENGTH} characters, the width of the version table's version_num column`;
  }
  return undefined;
}

/** Throws InvalidRevisionIdError, saying why, unless `id` is a usable revision id. */
export function validateRevisionId(id: string): string {
  const problem = revisionIdProblem(id);
  if (problem !== undefined) throw new InvalidRevisionIdError(id, problem);
  return id;
}

/** A new revision id: 12 random hex characters, like Alembic's `uuid4().hex[-12:]`. */
export function generateRevisionId(
  randomBytes: (n: number) => Uint8Array = nodeRandomBytes,
): string {
  const bytes = randomBytes(6);
  if (bytes.length < 6) throw new RangeError(`randomBytes returned ${bytes.length} bytes, expected 6`);
  let hex = "";
  for (const byte of bytes.subarray(0, 6)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

function refineWith(problem: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const why = problem(value);
    if (why !== undefined) ctx.addIssue({ code: "custom", message: `"${value}": ${why}` });
  });
}

/** zod schema of one revision id. */
export const revisionIdSchema = refineWith(revisionIdProblem);

/** zod schema of one branch label or dependency (an id or a label). */
export const labelSchema = refineWith(labelProblem);

/** Ensures no entry of a list appears twice, so the graph never sees a doubled edge. */
export function uniqueEntries<T extends z.ZodType<readonly string[]>>(schema: T) {
  return schema.superRefine((values, ctx) => {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value)) ctx.addIssue({ code: "custom", message: `"${value}" is listed twice` });
      seen.add(value);
    }
  });
}
