/** What `heads` and `show head` say when the project has no revision yet, instead of printing nothing. */
import { relative } from "node:path";
import type { Context } from "../../project/context.ts";

/** `No revisions yet in migrations/versions; create one with retort revision -m "…"`. */
export function noRevisionsYet(ctx: Context): string {
  const where = ctx.config.versionLocations.map((dir) => relative(ctx.config.projectDir, dir) || dir).join(", ");
  return `No revisions yet in ${where}; create one with \`retort revision -m "…"\``;
}
