/**
 * retort's history order against Alembic's own walk (Debian's python3-alembic, /usr/bin/python3)
 * on generated graphs: bases, branches, merges and depends_on, their files listed in a shuffled
 * order, for the whole history and for ranges. Alembic's `RevisionMap` is given the revisions in
 * the same order as retort's graph, so the two must list every range identically.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { RevisionGraph } from "../src/core/graph.ts";
import { walkHistory } from "../src/core/history.ts";
import type { Revision } from "../src/core/revision.ts";

const PYTHON = "/usr/bin/python3";

/** Prints, for each case, Alembic's walk order per [lower, upper] range, or the error it raised. */
const WALK = `
import json, sys
from alembic.script.revision import RevisionMap, Revision
out = []
for case in json.load(sys.stdin):
    def revisions(revs=case["revisions"]):
        for r in revs:
            down = tuple(r["down"])
            yield Revision(r["id"], None if not down else down[0] if len(down) == 1 else down, dependencies=tuple(r["deps"]) or None)
    walked = []
    for lower, upper in case["ranges"]:
        try:
            walked.append([r.revision for r in RevisionMap(revisions).iterate_revisions(upper or "heads", lower or "base", inclusive=True, assert_relative_length=False)])
        except Exception as e:
            walked.append(type(e).__name__)
    out.append(walked)
print(json.dumps(out))
`;

interface Case {
  readonly revisions: { id: string; down: string[]; deps: string[] }[];
  readonly ranges: [lower: string, upper: string][];
}

/** A deterministic pseudo-random source (an LCG), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** Graphs of 2–15 revisions; at most one depends_on each (Alembic orders several by a set). */
function generate(count: number, next: () => number): Case[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const cases: Case[] = [];
  for (let c = 0; c < count; c++) {
    const revisions: Case["revisions"] = [];
    const n = 2 + Math.floor(next() * 14);
    for (let i = 0; i < n; i++) {
      const id = `r${String(i).padStart(2, "0")}x`;
      const down: string[] = [];
      if (i > 0 && next() > 0.2) down.push(pick(revisions).id);
      const second = i > 1 && next() < 0.2 ? pick(revisions).id : undefined;
      if (second !== undefined && !down.includes(second)) down.push(second);
      const dep = i > 0 && next() < 0.15 ? pick(revisions).id : undefined;
      revisions.push({ id, down, deps: dep !== undefined && !down.includes(dep) ? [dep] : [] });
    }
    const ids = revisions.map((r) => r.id);
    for (let i = revisions.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [revisions[i], revisions[j]] = [revisions[j]!, revisions[i]!];
    }
    const bound = () => (next() < 0.3 ? "" : pick(ids));
    cases.push({ revisions, ranges: [["", ""], [bound(), bound()], [bound(), bound()], [bound(), bound()]] });
  }
  return cases;
}

const asRevision = (r: Case["revisions"][number]): Revision => ({ id: r.id, downRevisions: r.down, branchLabels: [], dependsOn: r.deps, message: r.id, source: `${r.id}.sql` });

describe("history order on generated graphs", () => {
  it("is Alembic's walk_revisions order, range by range", () => {
    const cases = generate(300, random(20261206));
    const py = spawnSync(PYTHON, ["-c", WALK], { input: JSON.stringify(cases), encoding: "utf8", maxBuffer: 64 << 20 });
    expect(py.status, py.stderr).toBe(0);
    const theirs = JSON.parse(py.stdout) as (string[] | string)[][];
    let compared = 0;
    cases.forEach((c, i) => {
      const graph = RevisionGraph.from(c.revisions.map(asRevision));
      c.ranges.forEach(([lower, upper], j) => {
        const expected = theirs[i]![j]!;
        const where = `${JSON.stringify(c.revisions)} -r ${lower}:${upper}`;
        const ours = () => walkHistory(graph, `${lower}:${upper}`, []).map((e) => e.revision.id);
        // Alembic's walk asserts when a revision of the range hangs below it only through depends_on; retort lists it.
        if (expected === "AssertionError") return;
        if (typeof expected === "string") {
          expect(ours, where).toThrow();
          return;
        }
        expect(ours(), where).toEqual(expected);
        compared++;
      });
    });
    // Most ranges list something both tools agree on (the rest are errors in both): the generator is not vacuous.
    expect(compared).toBeGreaterThan(cases.length * 2);
  }, 60_000);
});
