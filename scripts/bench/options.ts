/** Command-line options of `npm run bench`, and the repetition counts each mode implies. */
import { parseArgs } from "node:util";
import type { Repetitions } from "./measure.ts";
import { WORKLOAD_IDS, type WorkloadId } from "./workloads.ts";

/** What to run and how often. */
export interface BenchOptions {
  readonly mode: "full" | "quick";
  /** Selected workloads; every one when `--only` is absent. */
  readonly workloads: ReadonlySet<WorkloadId>;
  /** Whether `--only` narrowed the selection (the results file is then named for it). */
  readonly narrowed: boolean;
  /** Whether to rebuild dist/retort first. */
  readonly build: boolean;
  readonly fast: Repetitions;
  readonly fresh: Repetitions;
  /** Runs of (b), whose target ratio is the closest to its line. */
  readonly apply: Repetitions;
  readonly migrations: number;
  readonly largeProject: number;
  readonly graph: { readonly size: number; readonly runs: number; readonly warmup: number };
  /** Tables in the (g) schema diff. */
  readonly diffTables: number;
  /** The (h) watch base and number of saves. */
  readonly watchTables: number;
  readonly watchSaves: number;
  /** The (j) live-database rounds (each tool once per round) and how long its blocker stays open. */
  readonly live: { readonly rounds: number; readonly blockerMs: number };
}

/** Usage text for `--help`. */
export const USAGE = `Usage: npm run bench -- [--quick] [--only a,b,...] [--no-build]

  --quick      a smoke test in about a minute: fewer runs, 100 revisions in (b)-(d), (l) instead of
               300, a 2,000-revision project in (e) instead of 10,000, one round of (j) with
               a 6 s blocker instead of three with a 12 s one
  --only LIST  comma-separated workloads: ${WORKLOAD_IDS.join(", ")}
               a --version, b apply 300, c no-op upgrade, d downgrade all, e 10,000-revision
               project, f peak RSS of b and e (runs them), g schema diff of 1,000 tables
               against @pgkit/migra, h watch save-to-report against graphile-migrate,
               i the embedded database: the README's first command run for the very
               first time (nothing cached) and later, and current (time, peak RSS),
               j upgrade behind a 12 s blocker under pgbench load against dbmate
               (application latency, finish after the blocker, blocker named),
               k lint --all of the (b) project, and (b)'s apply with and without the lint,
               l current and heads against dbmate status on one database,
               m a deploy: upgrade head applying the last of 300 revisions onto the 299 before it,
               size binary sizes, graph pure core
  --no-build   time the existing dist/retort instead of rebuilding it first
`;

/** Thrown for a bad command line; the message is for the user. */
export class BenchUsageError extends Error {}

/** Parses `argv` (without the runtime and script) into options. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      "no-build": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return "help";
  const workloads = values.only === undefined ? new Set<WorkloadId>(WORKLOAD_IDS) : parseOnly(values.only);
  // (f) is measured as extra runs of (b) and (e), so asking for it runs them.
  if (workloads.has("f")) {
    workloads.add("b");
    workloads.add("e");
  }
  const quick = values.quick;
  return {
    mode: quick ? "quick" : "full",
    workloads,
    narrowed: values.only !== undefined,
    build: !values["no-build"],
    // On a shared 2-core machine whose speed drifts by a third within minutes, the median of 10
    // runs of a 20 ms command moved its ratio to a peer by ±10% from one full run to the next;
    // 30 runs cost the bench well under a minute more.
    fast: quick ? { runs: 3, warmup: 1 } : { runs: 30, warmup: 1 },
    fresh: quick ? { runs: 1, warmup: 0 } : { runs: 9, warmup: 1 },
    // (b)'s ratio to psql sits within a few percent of its line, and a run of 300 revisions moves
    // by a third from one run to the next as the server's disk does (its index builds sync their
    // files); 9 runs put the same two tools at 1.01 and 1.07 in two full runs. 15 cost the bench
    // about a minute more.
    apply: quick ? { runs: 1, warmup: 0 } : { runs: 15, warmup: 1 },
    // 300 applies take seconds per tool on a busy 2-core machine; 100 still exercises everything.
    migrations: quick ? 100 : 300,
    largeProject: quick ? 2_000 : 10_000,
    graph: quick ? { size: 10_000, runs: 5, warmup: 2 } : { size: 10_000, runs: 20, warmup: 5 },
    diffTables: quick ? 200 : 1_000,
    watchTables: 300,
    watchSaves: quick ? 10 : 30,
    live: quick ? { rounds: 1, blockerMs: 6_000 } : { rounds: 3, blockerMs: 12_000 },
  };
}

function parseOnly(text: string): Set<WorkloadId> {
  const ids = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const known = new Set<string>(WORKLOAD_IDS);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new BenchUsageError(`Unknown workload "${unknown[0]}": expected some of ${WORKLOAD_IDS.join(", ")}`);
  if (ids.length === 0) throw new BenchUsageError("--only needs at least one workload");
  return new Set(ids as WorkloadId[]);
}
