/**
 * What a revision id or branch label may look like. The target grammar gives `@ + - : ,` a
 * meaning, so an id containing one could never be named on the command line.
 */

/** Words the target and range grammar reserve. */
export const RESERVED_WORDS: readonly string[] = Object.freeze(["head", "heads", "base", "current"]);

/** Characters the target grammar uses, with the reason each is reserved. */
const GRAMMAR_CHARACTERS: ReadonlyMap<string, string> = new Map([
  ["@", `"@" separates a branch label from a revision in targets such as "label@head"`],
  ["+", `"+" marks relative targets such as "+1" and "rev+2"`],
  [":", `":" separates the ends of a range such as "a:b"`],
  [",", `"," separates revisions in a list`],
]);

const DASH = `"-" marks relative targets such as "-1" and "rev-2"`;

/** Ids and labels as they nearly always look; checked first because every command checks thousands. */
const PLAIN = /^[0-9A-Za-z_]+$/;

/** The problem shared by ids and labels: empty, white space, control or grammar characters, reserved words. */
function commonProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  const lower = name.toLowerCase();
  if (RESERVED_WORDS.includes(lower)) return `"${lower}" is a reserved word in targets`;
  if (PLAIN.test(name)) return undefined;
  if (/\s/u.test(name)) return "it contains white space";
  if (/\p{Cc}/u.test(name)) return "it contains a control character";
  for (const [ch, why] of GRAMMAR_CHARACTERS) if (name.includes(ch)) return why;
  return undefined;
}

/** Why `id` cannot be a revision id, or undefined when it can. */
export function revisionIdProblem(id: string): string | undefined {
  return commonProblem(id) ?? (id.includes("-") ? DASH : undefined);
}

/**
 * Why `label` cannot be a branch label, or undefined when it can. A dash is allowed (Alembic
 * projects use `my-branch`), but not a leading dash or a trailing `-N`, which would read as a
 * relative step.
 */
export function branchLabelProblem(label: string): string | undefined {
  return commonProblem(label) ?? (/^-|-\d+$/.test(label) ? "it would read as a relative step" : undefined);
}
