/**
 * Turning outcomes into the results: retort ÷ peer ratios from the same run, checked against
 * the targets, rendered as a markdown table and kept as JSON.
 */
import type { GraphResult } from "./graph.ts";
import type { Outcome } from "./measure.ts";
import type { Group } from "./workloads.ts";

/**
 * A goal for one group: retort's median at most `ratio` × the peer's, or under `maxMs` outright;
 * retort's slowest run at most `worstAtMostMs` (a safety figure, where a good median is not
 * enough); a tally that held in every run; retort's median or peak RSS at most `ratio` × retort's
 * own in another group of the same run (`relativeTo`); or its peak RSS under `maxRssMiB`.
 */
export type Target =
  | { readonly peer: string; readonly ratio: number }
  | { readonly maxMs: number }
  | { readonly worstAtMostMs: number }
  | { readonly everyRun: true }
  | { readonly relativeTo: string; readonly of: "median" | "peak RSS"; readonly ratio: number }
  | { readonly maxRssMiB: number };

/** The targets, by group key, as the README's benchmark section states them. */
export const TARGETS: Readonly<Record<string, readonly Target[]>> = {
  a: [{ peer: "dbmate", ratio: 1 }],
  b: [{ peer: "psql", ratio: 1.05 }],
  c: [{ peer: "dbmate", ratio: 1 }],
  "e.heads": [{ maxMs: 500 }],
  "e.history": [{ maxMs: 500 }],
  // The 10,000-revision no-op against the 300-revision one (c) of the same run.
  "e.upgrade": [{ maxMs: 500 }, { relativeTo: "c", of: "median", ratio: 3 }],
  g: [{ peer: "migra", ratio: 0.5 }],
  h: [{ maxMs: 100 }, { peer: "graphile-migrate", ratio: 1 / 3 }],
  // The very first run of the README's first command against a later run of the same commands.
  "i.first": [
    { relativeTo: "i.later", of: "median", ratio: 1.5 },
    { relativeTo: "i.later", of: "peak RSS", ratio: 1.2 },
  ],
  "i.current": [{ maxRssMiB: 250 }],
  // An upgrade behind a long reader never stalls the application.
  "j.latency": [{ worstAtMostMs: 2_500 }],
  "j.after": [{ worstAtMostMs: 6_000 }],
  "j.named": [{ everyRun: true }],
  "l.current": [{ peer: "dbmate status", ratio: 1 }],
  "l.heads": [{ peer: "dbmate status", ratio: 1 }],
};

/**
 * The figures that must not regress, with the targets' own rows: each is shown
 * beside the same figure (same group key, retort's outcome) in the previous results file.
 */
export const BEFORE_AND_AFTER: readonly string[] = ["a", "b", "c", "e.upgrade", "l.current", "l.heads", "i.first", "i.later", "i.current", "h", "e.history", "g"];

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
  /** The earlier results file the "before" figures come from, relative to the repository. */
  readonly previous?: string;
}

/** An earlier run's results, for the before-and-after table. */
export interface PreviousResults {
  readonly file: string;
  readonly results: BenchResults;
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

/** The results as markdown: commands, then binary sizes, then the in-process graph, then the figures beside an earlier run's. */
export function renderMarkdown(results: BenchResults, previous?: PreviousResults): string {
  const lines = [
    `# retort benchmarks, ${results.date} (${results.mode}${results.selected.length ? `, only ${results.selected.join(",")}` : ""})`,
    "",
    ...Object.entries(results.environment).map(([k, v]) => `- ${k}: ${v}`),
    "",
    "Times are wall clock (median, min–max over n runs, after a warm-up) of each command run as a subprocess,",
    "the tools interleaved round by round; set-up such as a fresh database is outside the timing.",
    "Ratio = retort's median ÷ that tool's median, from this run. psql is the real binary, not Debian's Perl wrapper.",
    "(b) gets a fresh database and a CHECKPOINT before every run of every tool.",
    "Peak RSS is /usr/bin/time's %M (largest over the runs for (b) and (i)).",
    ...(results.groups.some((g) => g.key.startsWith("i.")) ? EMBEDDED_NOTE : []),
    ...(results.groups.some((g) => g.key.startsWith("j.")) ? LIVE_NOTE : []),
    "",
    "| workload | tool | median | min – max | n | peak RSS | retort ÷ tool | target |",
    "|---|---|---:|---:|---:|---:|---:|---|",
  ];
  for (const group of results.groups) {
    for (const { name, outcome } of group.outcomes) lines.push(row(group, name, outcome, results.groups));
  }
  if (results.sizes.length > 0) {
    lines.push("", "| binary | size |", "|---|---:|");
    for (const s of results.sizes) lines.push(`| ${s.tool} (\`${s.path}\`) | ${mib(s.bytes)} |`);
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
  if (previous) lines.push("", ...beforeAndAfter(results, previous));
  return lines.join("\n") + "\n";
}

/** How to read (i). */
const EMBEDDED_NOTE = [
  "(i): each round starts in a new directory holding a copy of the example project (retort.toml, migrations/) with a new, empty",
  "HOME, RETORT_CACHE_DIR and TMPDIR (no DATABASE_URL or XDG_CACHE_HOME): the first run there is a first run on a machine that has",
  "never run retort; the later run and `current` follow in the same directory. The README's first command is two processes: their",
  "times are added up, and their peak RSS is the larger of the two.",
];

/**
 * retort's figures beside the previous results file's, for the keys in BEFORE_AND_AFTER and the
 * binary size. Another run: the machine's load then is quoted, as it moves every figure.
 */
function beforeAndAfter(results: BenchResults, previous: PreviousResults): string[] {
  const before = previous.results;
  const load = before.environment["load average (1, 5, 15 min)"];
  const lines = [
    `Before and after: retort's figures in \`${previous.file}\` (${before.date}, ${before.mode}${load ? `; load average ${load}` : ""}) and in this run.`,
    "",
    "| workload | before | now | now ÷ before | peak RSS before | peak RSS now |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const key of BEFORE_AND_AFTER) {
    const now = results.groups.find((g) => g.key === key);
    if (now === undefined) continue;
    // The title carries the sizes (revisions, tables, saves): a quick run's figures are not a full run's.
    const then = before.groups.find((g) => g.key === key);
    const was = then?.title === now.title ? retortOutcome(then) : undefined;
    const is = retortOutcome(now);
    const change = was && is ? `${(is.stats.medianMs / was.stats.medianMs).toFixed(2)}×` : "";
    const rss = (o: typeof was) => (o?.rssKiB === undefined ? "" : `${(o.rssKiB / 1024).toFixed(0)} MiB`);
    const wasText = then === undefined ? "not in that run" : then.title !== now.title ? "another size in that run" : was ? ms(was.stats.medianMs) : "failed then";
    lines.push(`| ${cell(now.title)} | ${wasText} | ${is ? ms(is.stats.medianMs) : "failed"} | ${change} | ${rss(was)} | ${rss(is)} |`);
  }
  const size = (r: BenchResults) => r.sizes.find((s) => s.tool === "retort")?.bytes;
  const [sizeWas, sizeIs] = [size(before), size(results)];
  if (sizeIs !== undefined) {
    const change = sizeWas === undefined ? "" : `${(sizeIs / sizeWas).toFixed(2)}×`;
    lines.push(`| binary size (retort) | ${sizeWas === undefined ? "not in that run" : mib(sizeWas)} | ${mib(sizeIs)} | ${change} | | |`);
  }
  return lines;
}

/** retort's timed outcome in `group`, if it has one. */
function retortOutcome(group: Group | undefined): Extract<Outcome, { kind: "ok" }> | undefined {
  const outcome = group?.outcomes.find((o) => o.name === "retort")?.outcome;
  return outcome?.kind === "ok" ? outcome : undefined;
}

/** One table row: the tool's timing, RSS, ratio and the targets that concern it. */
function row(group: Group, name: string, outcome: Outcome, groups: readonly Group[]): string {
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
  const goals = (TARGETS[group.key] ?? []).flatMap((t) => describeTarget(t, name, outcome, ratio, groups));
  return `${head} ${ms(stats.medianMs)} | ${ms(stats.minMs)} – ${ms(stats.maxMs)} | ${stats.runs} | ${rss} | ${ratio === undefined ? "" : `${ratio.toFixed(2)}×`} | ${goals.join("; ")} |`;
}

/** The target text for the row of `name`, with ✅ / ❌ when it can be judged. */
function describeTarget(target: Target, name: string, outcome: Extract<Outcome, { kind: "ok" }>, ratio: number | undefined, groups: readonly Group[]): string[] {
  const { stats, rssKiB } = outcome;
  if ("maxMs" in target) return name === "retort" ? [`< ${target.maxMs / 1000} s ${stats.medianMs < target.maxMs ? "✅" : "❌"}`] : [];
  if ("worstAtMostMs" in target) return name === "retort" ? [`≤ ${target.worstAtMostMs / 1000} s in every run ${stats.maxMs <= target.worstAtMostMs ? "✅" : "❌"}`] : [];
  if ("everyRun" in target) return [];
  if ("maxRssMiB" in target) {
    if (name !== "retort") return [];
    return [`peak RSS ≤ ${target.maxRssMiB} MiB ${rssKiB === undefined ? "(not measured)" : rssKiB / 1024 <= target.maxRssMiB ? "✅" : "❌"}`];
  }
  if ("relativeTo" in target) {
    if (name !== "retort") return [];
    const other = retortOutcome(groups.find((g) => g.key === target.relativeTo));
    const figure = (o: Extract<Outcome, { kind: "ok" }>) => (target.of === "median" ? o.stats.medianMs : o.rssKiB);
    const [mine, theirs] = [figure(outcome), other ? figure(other) : undefined];
    const text = `${target.of} ≤ ${Number(target.ratio.toFixed(2))}× (${target.relativeTo})'s`;
    if (mine === undefined || theirs === undefined || theirs === 0) return [`${text} (no figure to compare)`];
    return [`${text}: ${(mine / theirs).toFixed(2)}× ${mine / theirs <= target.ratio ? "✅" : "❌"}`];
  }
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

/** Bytes as MiB with one decimal. */
function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Text made safe for a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
