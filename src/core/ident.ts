/**
 * What a revision id or branch label may look like. The target grammar gives `@ + - : ,` a
 * meaning, so an id containing one could never be named on the command line.
 */

/** Words the target and range grammar reserve. */
export const RESERVED_WORDS: readonly string[] = Object.freeze(["head", "heads", "base", "current"]);

/** Why `id` cannot be a revision id, or undefined when it can. */
export function revisionIdProblem(id: string): string | undefined {
  if (id === "") return "it is empty";
  if (RESERVED_WORDS.includes(id)) return `"${id}" is a reserved word`;
  const bad = /[@+\-:,\s]/.exec(id);
  if (bad) return `it contains ${bad[0].trim() === "" ? "white space" : `"${bad[0]}"`}`;
  return undefined;
}

/**
 * Why `label` cannot be a branch label, or undefined when it can. A dash is allowed (Alembic
 * projects use `my-branch`), but not a trailing `-N` / `+N`, which would read as a relative step.
 */
export function branchLabelProblem(label: string): string | undefined {
  if (label === "") return "it is empty";
  if (RESERVED_WORDS.includes(label)) return `"${label}" is a reserved word`;
  const bad = /[@+:,\s]/.exec(label);
  if (bad) return `it contains ${bad[0].trim() === "" ? "white space" : `"${bad[0]}"`}`;
  if (/^-|-\d+$/.test(label)) return "it would read as a relative step";
  return undefined;
}
