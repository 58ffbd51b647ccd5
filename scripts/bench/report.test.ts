import { describe, expect, it } from "vitest";
import { summarize, type Outcome } from "./measure.ts";
import { renderMarkdown, type BenchResults } from "./report.ts";
import type { Group } from "./workloads.ts";

const timed = (ms: number[], rssMiB?: number): Outcome => ({ kind: "ok", stats: summarize(ms), ...(rssMiB === undefined ? {} : { rssKiB: rssMiB * 1024 }) });
const retortOnly = (key: string, title: string, outcome: Outcome): Group => ({ key, title, outcomes: [{ name: "retort", outcome }] });

function results(groups: Group[], extra: Partial<BenchResults> = {}): BenchResults {
  return { date: "2026-12-06", mode: "full", selected: [], environment: {}, groups, sizes: [], ...extra };
}

/** The table row of `title` for `tool`. */
function rowOf(markdown: string, title: string, tool = "retort"): string {
  const row = markdown.split("\n").find((line) => line.startsWith(`| ${title} | ${tool} |`));
  if (row === undefined) throw new Error(`no row for ${title} / ${tool} in:\n${markdown}`);
  return row;
}

describe("renderMarkdown", () => {
  it("judges a figure against retort's own in another group: the 10,000-revision no-op against the 300-revision one", () => {
    const c = { key: "c", title: "(c) no-op", outcomes: [{ name: "retort", outcome: timed([20, 22, 24]) }, { name: "dbmate", outcome: timed([20, 21, 22]) }] };
    const within = renderMarkdown(results([c, retortOnly("e.upgrade", "(e) no-op 10k", timed([60, 66, 70]))]));
    expect(rowOf(within, "(e) no-op 10k")).toContain("median ≤ 3× (c)'s: 3.00× ✅");
    expect(rowOf(within, "(c) no-op", "dbmate")).toContain("≤ 1× ❌");
    const beyond = renderMarkdown(results([c, retortOnly("e.upgrade", "(e) no-op 10k", timed([70, 80, 90]))]));
    expect(rowOf(beyond, "(e) no-op 10k")).toContain("median ≤ 3× (c)'s: 3.64× ❌");
    const alone = renderMarkdown(results([retortOnly("e.upgrade", "(e) no-op 10k", timed([70]))]));
    expect(rowOf(alone, "(e) no-op 10k")).toContain("(no figure to compare)");
  });

  it("judges the embedded first run's time and peak RSS against the later run, and current's peak RSS against 250 MiB", () => {
    const markdown = renderMarkdown(
      results([
        retortOnly("i.first", "(i) first", timed([2000], 500)),
        retortOnly("i.later", "(i) later", timed([1000], 400)),
        retortOnly("i.current", "(i) current", timed([300], 260)),
      ]),
    );
    expect(rowOf(markdown, "(i) first")).toContain("median ≤ 1.5× (i.later)'s: 2.00× ❌; peak RSS ≤ 1.2× (i.later)'s: 1.25× ❌");
    expect(rowOf(markdown, "(i) current")).toContain("peak RSS ≤ 250 MiB ❌");
  });

  it("puts retort's figures beside the previous file's, only where the workload is the same size", () => {
    const previous = results(
      [retortOnly("h", "(h) watch, 30 saves", timed([100])), retortOnly("e.history", "(e) history, 2,000 revisions", timed([50]))],
      { date: "2026-12-01", sizes: [{ tool: "retort", path: "dist/retort", bytes: 100 * 2 ** 20 }] },
    );
    const now = results(
      [retortOnly("h", "(h) watch, 30 saves", timed([90])), retortOnly("e.history", "(e) history, 10,000 revisions", timed([400])), retortOnly("g", "(g) diff", timed([1000]))],
      { sizes: [{ tool: "retort", path: "dist/retort", bytes: 110 * 2 ** 20 }] },
    );
    const markdown = renderMarkdown(now, { file: "scripts/bench/results/2026-12-01.json", results: previous });
    expect(markdown).toContain("| (h) watch, 30 saves | 100 ms | 90.0 ms | 0.90× |");
    expect(markdown).toContain("| (e) history, 10,000 revisions | another size in that run | 400 ms |");
    expect(markdown).toContain("| (g) diff | not in that run | 1000 ms |");
    expect(markdown).toContain("| binary size (retort) | 100.0 MiB | 110.0 MiB | 1.10× |");
  });
});
