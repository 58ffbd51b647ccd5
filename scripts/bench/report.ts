/**
 * Turning outcomes into the results: retort ÷ peer ratios from the same run, checked against
 * the targets, rendered as a markdown table and kept as JSON.
 */
import type { GraphResult } from "./graph.ts";
import type { Outcome, Stats } from "./measure.ts";
import type { Group } from "./workloads.ts";

/**
 * A goal for one group: retort's median at most `ratio` × the peer's, or under `maxMs` outright;
 * retort's slowest run at most `worstAtMostMs` (a safety figure, where a good median is not
 * enough); or a tally that held in every run.
 */
export type Target =
  | { readonly peer: string; readonly ratio: number }
  | { readonly maxMs: number }
  | { readonly worstAtMostMs: number }
  | { readonly everyRun: true };

/** The targets from the bench's brief, by group key. */
export const TARGETS: Readonly<Record<string, readonly Target[]>> = {
  a: [{ peer: "dbmate", ratio: 1.5 }],
  b: [
    { peer: "psql", ratio: 1.2 },
    { peer: "dbmate", ratio: 0.6 },
  ],
  c: [{ peer: "dbmate", ratio: 0.8 }],
  "e.heads": [{ maxMs: 500 }],
  "e.history": [{ maxMs: 500 }],
  "e.upgrade": [{ maxMs: 500 }],
  g: [{ peer: "migra", ratio: 0.5 }],
  h: [{ maxMs: 100 }, { peer: "graphile-migrate", ratio: 1 / 3 }],
  // Issue 13: an upgrade behind a long reader never stalls the application.
  "j.latency": [{ worstAtMostMs: 2_500 }],
  "j.after": [{ worstAtMostMs: 6_000 }],
  "j.named": [{ everyRun: true }],
};

/** A binary's size on disk. */
export interface BinarySize {
  readonly tool: string;
  readonly path: string;
  readonly bytes: number;
}

/** Everything one bench run produced, as written to the JSON file. */
export interface BenchResults {
  readonly date: string;
  readonly mode: "full" | "quick";
  readonly selected: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly groups: readonly Group[];
  readonly sizes: readonly BinarySize[];
  readonly graph?: GraphResult;
}

/** How to read (j), whose figures are not command timings. */
const LIVE_NOTE = [
  "(j): one run per tool per round, each on a freshly initialised pgbench database. Worst latency: the slowest",
  "pgbench transaction that began between the tool's start and its exit (from pgbench's per-transaction log).",
  "After the blocker: the tool's exit minus the moment the blocker sent its COMMIT. Named: the blocker's pid in its output.",
];

/** retort's median over `name`'s median within `group`, when both ran. */
export function ratioTo(group: Group, name: string): number | undefined {
  const retort = medianOf(group, "retort");
  const peer = medianOf(group, name);
  return retort === undefined || peer === undefined || peer === 0 ? undefined : retort / peer;
}

/** The results as markdown: commands, then binary sizes, then the in-process graph. */
export function renderMarkdown(results: BenchResults): string {
  const lines = [
    `# retort benchmarks, ${results.date} (${results.mode}${results.selected.length ? `, only ${results.selected.join(",")}` : ""})`,
    "",
    ...Object.entries(results.environment).map(([k, v]) => `- ${k}: ${v}`),
    "",
    "Times are wall clock (median, min–max over n runs, after a warm-up) of each command run as a subprocess,",
    "the tools interleaved round by round; set-up such as a fresh database is outside the timing.",
    "Ratio = retort's median ÷ that tool's median, from this run. psql is the real binary, not Debian's Perl wrapper.",
    "Peak RSS is /usr/bin/time's %M (largest over the runs for (b)).",
    ...(results.groups.some((g) => g.key.startsWith("j.")) ? LIVE_NOTE : []),
    "",
    "| workload | tool | median | min – max | n | peak RSS | retort ÷ tool | target |",
    "|---|---|---:|---:|---:|---:|---:|---|",
  ];
  for (const group of results.groups) {
    for (const { name, outcome } of group.outcomes) lines.push(row(group, name, outcome));
  }
  if (results.sizes.length > 0) {
    lines.push("", "| binary | size |", "|---|---:|");
    for (const s of results.sizes) lines.push(`| ${s.tool} (\`${s.path}\`) | ${(s.bytes / 1024 / 1024).toFixed(1)} MiB |`);
  }
  const graph = results.graph;
  if (graph) {
    const n = graph.revisions.toLocaleString("en-US");
    lines.push("", `| pure graph, ${n}-revision chain, in-process | first call (cold) | warm median | min – max | n |`, "|---|---:|---:|---:|---:|");
    if (graph.kind === "failed") lines.push(`| **failed**: ${cell(graph.error)} | | | | |`);
    else {
      for (const op of graph.operations) {
        lines.push(`| \`${op.name}\` | ${ms(op.firstMs)} | ${ms(op.stats.medianMs)} | ${ms(op.stats.minMs)} – ${ms(op.stats.maxMs)} | ${op.stats.runs} |`);
      }
    }
  }
  return lines.join("\n") + "\n";
}

/** One table row: the tool's timing, RSS, ratio and the targets that concern it. */
function row(group: Group, name: string, outcome: Outcome): string {
  const head = `| ${cell(group.title)} | ${name} |`;
  if (outcome.kind === "n/a") return `${head} n/a | | | | | ${cell(outcome.reason)} |`;
  if (outcome.kind === "failed") return `${head} **failed** | | | | | ${cell(outcome.error)} |`;
  if (outcome.kind === "tally") {
    const goals = (TARGETS[group.key] ?? []).flatMap((t) => ("everyRun" in t && name === "retort" ? [`every run ${outcome.count === outcome.runs ? "✅" : "❌"}`] : []));
    return `${head} ${outcome.count} of ${outcome.runs} runs | | ${outcome.runs} | | | ${goals.join("; ")} |`;
  }
  const { stats, rssKiB } = outcome;
  const ratio = name === "retort" ? undefined : ratioTo(group, name);
  const rss = rssKiB === undefined ? "" : `${(rssKiB / 1024).toFixed(0)} MiB`;
  const goals = (TARGETS[group.key] ?? []).flatMap((t) => describeTarget(t, name, stats, ratio));
  return `${head} ${ms(stats.medianMs)} | ${ms(stats.minMs)} – ${ms(stats.maxMs)} | ${stats.runs} | ${rss} | ${ratio === undefined ? "" : `${ratio.toFixed(2)}×`} | ${goals.join("; ")} |`;
}

/** The target text for the row of `name`, with ✅ / ❌ when it can be judged. */
function describeTarget(target: Target, name: string, stats: Stats, ratio: number | undefined): string[] {
  if ("maxMs" in target) return name === "retort" ? [`< ${target.maxMs / 1000} s ${stats.medianMs < target.maxMs ? "✅" : "❌"}`] : [];
  if ("worstAtMostMs" in target) return name === "retort" ? [`≤ ${target.worstAtMostMs / 1000} s in every run ${stats.maxMs <= target.worstAtMostMs ? "✅" : "❌"}`] : [];
  if ("everyRun" in target) return [];
  if (target.peer !== name) return [];
  const mark = ratio === undefined ? "(no retort time)" : ratio <= target.ratio ? "✅" : "❌";
  return [`≤ ${Number(target.ratio.toFixed(2))}× ${mark}`];
}

function medianOf(group: Group, name: string): number | undefined {
  const outcome = group.outcomes.find((o) => o.name === name)?.outcome;
  return outcome?.kind === "ok" ? outcome.stats.medianMs : undefined;
}

/** Milliseconds for a table: 3 significant figures, seconds above 10 s. */
function ms(value: number): string {
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 1) return `${value.toPrecision(3)} ms`;
  return `${(value * 1000).toPrecision(3)} µs`;
}

/** Text made safe for a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
