/**
 * Offline `--sql` ranges. `upgrade a:b --sql` and `downgrade b:a --sql` print a script without a
 * database, so the version table's rows are taken from the start of the range, as Alembic's
 * `MigrationContext.get_current_heads` does with `starting_rev` in `as_sql` mode.
 */
import {
  OfflineRangeDirectionError,
  OfflineRangeRequiredError,
  OfflineRangeSyntaxError,
  TargetNotAllowedError,
} from "./errors.ts";
import type { RevisionGraph } from "./graph.ts";
import { planDowngrade, planUpgrade, type Plan } from "./plan.ts";
import { parseTarget, resolveDowngradeTarget, resolveTargetRevisions, resolveUpgradeTarget, type Target } from "./target.ts";

/** Which way an offline script migrates. */
export type OfflineDirection = "upgrade" | "downgrade";

/** A parsed `[from:]to` range of `upgrade` / `downgrade --sql`. */
export interface OfflineRange {
  /** The target the script starts from, as if the version table held it; undefined is base. */
  readonly from: string | undefined;
  /** The target the script migrates to, in the usual grammar. */
  readonly to: string;
}

/**
 * Parses the argument of `upgrade --sql` (`b`, `a:b`, `:b`, `base:b`) or `downgrade --sql`
 * (`b:a`, which Alembic requires: there is no database to say where a downgrade starts).
 */
export function parseOfflineRange(text: string, direction: OfflineDirection): OfflineRange {
  const parts = text.split(":");
  if (parts.length > 2) throw new OfflineRangeSyntaxError(text, 'it has more than one ":"');
  if (parts.length === 1) {
    parseTarget(text);
    if (direction === "downgrade") throw new OfflineRangeRequiredError(text);
    return checked({ from: undefined, to: text });
  }
  const [from, to] = parts as [string, string];
  if (to === "") throw new OfflineRangeSyntaxError(text, 'nothing comes after ":"');
  if (from === "" && direction === "downgrade") {
    throw new OfflineRangeSyntaxError(text, 'nothing comes before ":", and a downgrade must start from a revision');
  }
  return checked({ from: from === "" || from === "base" ? undefined : from, to });
}

/** Plans the script for `range`, starting from the rows the range's start stands for. */
export function planOffline(graph: RevisionGraph, range: string | OfflineRange, direction: OfflineDirection): Plan {
  const r = typeof range === "string" ? parseOfflineRange(range, direction) : checked(range);
  const to = parseTarget(r.to);
  const fromHeads = offlineStartRows(graph, r);
  const applied = graph.ancestors(fromHeads);
  if (direction === "upgrade") {
    // Online, a target below the current heads is an empty plan; offline it is a reversed range,
    // and an empty script would hide that.
    const rows = new Set(fromHeads);
    const targets = graph.withoutImplied(resolveUpgradeTarget(graph, fromHeads, to));
    const below = targets.find((id) => applied.has(id) && !rows.has(id));
    if (below !== undefined) throw new OfflineRangeDirectionError("upgrade", fromHeads, r.to, below);
    return planUpgrade(graph, fromHeads, r.to);
  }
  const missing = resolveDowngradeTarget(graph, fromHeads, to).revisions.find((id) => !applied.has(id));
  if (missing !== undefined) throw new OfflineRangeDirectionError("downgrade", fromHeads, r.to, missing);
  return planDowngrade(graph, fromHeads, r.to);
}

/** The version-table rows a range starts from (for `stamp --sql` too): none for base. */
export function offlineStartRows(graph: RevisionGraph, range: OfflineRange): string[] {
  return range.from === undefined ? [] : graph.withoutImplied(resolveTargetRevisions(graph, [], range.from));
}

/**
 * Checks both ends' grammar. A relative step without its own revision (`-1`, `+2`, `label@-1`)
 * counts from the current heads, so it needs a start that names a revision: `head:-1` works
 * (Flask-Migrate's default for `db downgrade --sql`), but a bare `upgrade +1 --sql` or `-1:head`
 * has nothing to count from.
 */
function checked(range: OfflineRange): OfflineRange {
  const to = parseTarget(range.to);
  if (range.from !== undefined && isUnanchored(parseTarget(range.from))) {
    throw new TargetNotAllowedError(range.from, "relative-offline");
  }
  if (range.from === undefined && isUnanchored(to)) throw new TargetNotAllowedError(range.to, "relative-offline");
  return range;
}

function isUnanchored(t: Target): boolean {
  return t.kind === "relative" && t.from === undefined;
}
