/**
 * `-- retort:lint-ignore <rule>[,<rule>…] [reason]` lines: before a statement they silence the
 * rules for it; in a revision's header, for the whole file.
 */

const DIRECTIVE = "retort:lint-ignore";

/** The rule ids named by ignore lines in a run of comments (a statement's leading text, or a header). */
export function ignoredRulesIn(comments: string): string[] {
  // Asked of every statement and header, nearly all without one: a single search answers for them
  // (300 revisions' lint spent 20 ms of its 100 splitting and trimming their lines).
  if (!comments.includes(DIRECTIVE)) return [];
  const ids: string[] = [];
  for (const line of comments.split("\n")) {
    const text = line.trim();
    if (!text.startsWith("--")) continue;
    const body = text.slice(2).trim();
    if (!body.startsWith(DIRECTIVE)) continue;
    const [list = ""] = body.slice(DIRECTIVE.length).trim().split(/\s+/, 1);
    for (const id of list.split(",")) if (id !== "") ids.push(id);
  }
  return ids;
}
