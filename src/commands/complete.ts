/**
 * `retort __complete revisions|range`: the words a shell's completion offers where a revision, a
 * target or a history range goes. It reads the revision files only: a TAB never connects.
 */
import type { Context } from "../project/context.ts";
import { loadProject } from "../project/project.ts";

/** A word to offer, with what it stands for (shown by zsh and fish). */
export interface CompletionWord {
  readonly value: string;
  readonly description: string;
}

/**
 * The targets of the project: `head`, `heads`, `base` (and `current` in a range), each branch
 * label with `label@head` and `label@base`, then every revision id, newest first.
 */
export async function revisionWords(ctx: Context, opts: { readonly range: boolean }): Promise<readonly CompletionWord[]> {
  const { graph } = await loadProject(ctx);
  const heads = new Set(graph.heads);
  const words: CompletionWord[] = [
    { value: "head", description: graph.heads.length === 1 ? `the head (${graph.heads[0]})` : "the single head" },
    { value: "heads", description: "every head" },
    { value: "base", description: "before the first revision" },
  ];
  if (opts.range) words.push({ value: "current", description: "the revisions applied to the database" });
  const newestFirst = [...graph.revisions].reverse();
  for (const rev of newestFirst) {
    for (const label of rev.branchLabels) {
      words.push(
        { value: label, description: `branch label of ${rev.id}` },
        { value: `${label}@head`, description: `the head of branch ${label}` },
        { value: `${label}@base`, description: `the base of branch ${label}` },
      );
    }
  }
  for (const rev of newestFirst) words.push({ value: rev.id, description: `${rev.message}${heads.has(rev.id) ? " (head)" : ""}` });
  return words;
}
