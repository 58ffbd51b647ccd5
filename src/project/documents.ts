/**
 * The documented result documents (README "JSON output"): what `--json` prints and what the
 * library API returns. Every document is parsed with its schema before it leaves retort, so the
 * output cannot drift from the documentation silently.
 */
import { z } from "zod";

/** `make`'s result, made on the first call and the same one after. */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/** An object of the schemas `makers` make, each made when first read. */
function madeOnUse<M extends Record<string, () => z.ZodType>>(makers: M): { readonly [K in keyof M]: ReturnType<M[K]> } {
  const schemas = {} as { [K in keyof M]: ReturnType<M[K]> };
  for (const key of Object.keys(makers) as (keyof M)[]) {
    const make = once(makers[key]!);
    Object.defineProperty(schemas, key, { enumerable: true, get: make });
  }
  return schemas;
}

const ids = once(() => z.array(z.string()));

const appliedSchema = once(() => z.object({
  appliedAt: z.string(),
  user: z.string(),
  clientHost: z.string().nullable(),
  durationMs: z.number(),
  toolVersion: z.string(),
}));

/** One revision, as current, history, heads, branches and show report it. */
export const revisionSchema = once(() => z.object({
  revision: z.string(),
  downRevisions: ids(),
  branchLabels: ids(),
  dependsOn: ids(),
  message: z.string(),
  path: z.string(),
  createDate: z.string().nullable(),
  isHead: z.boolean(),
  isEffectiveHead: z.boolean(),
  isBase: z.boolean(),
  isBranchPoint: z.boolean(),
  isMergePoint: z.boolean(),
  children: ids(),
  isCurrent: z.boolean().nullable(),
  applied: appliedSchema().nullable(),
}));

const stepSchema = once(() => z.object({
  revision: z.string(),
  downRevisions: ids(),
  message: z.string(),
  direction: z.enum(["upgrade", "downgrade"]),
  file: z.string(),
  ms: z.number(),
  skippedStatements: z.number().optional(),
}));

/** A session in the way of a statement waiting for a lock. */
const blockerSchema = once(() => z.object({
  pid: z.number().int(),
  user: z.string().nullable(),
  applicationName: z.string().nullable(),
  clientAddr: z.string(),
  state: z.string().nullable(),
  transactionSeconds: z.number().nullable(),
  query: z.string().nullable(),
}));

/** A lock timeout or deadlock that a unit of revision SQL met, and what came next. */
const lockWaitSchema = once(() => z.object({
  unit: z.string(),
  attempt: z.number().int(),
  sqlstate: z.string(),
  waitingFor: z.string().nullable(),
  blockers: z.array(blockerSchema()),
  elapsedMs: z.number(),
  pauseMs: z.number().nullable(),
}));

/** One statement of a generated diff. */
const diffStepSchema = once(() => z.object({
  sql: z.string(),
  kind: z.string(),
  object: z.string(),
  destructive: z.boolean(),
  warning: z.string().optional(),
}));

/** One lint finding (README "Lint"). */
const lintFindingSchema = once(() => z.object({
  rule: z.string(),
  severity: z.enum(["error", "warning"]),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  section: z.enum(["upgrade", "downgrade", "script"]),
  message: z.string(),
  fix: z.string().optional(),
  table: z.string().optional(),
  lock: z.string().optional(),
  rewrites: z.boolean().optional(),
  statement: z.number().int(),
}));

/** What a lint reports: the `lint` document, and `check --lint`'s `lint` field. */
const lintDocumentFields = once(() => ({
  findings: z.array(lintFindingSchema()),
  files: z.array(z.object({ file: z.string(), sections: z.array(z.string()) })),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  database: z.enum(["connected", "not configured", "unreachable"]),
  serverVersionNum: z.number().int().nullable(),
}));
const lintDocumentBody = once(() => z.object(lintDocumentFields()));

/** A table-level lock `lint --trace` saw (on one of the table's indexes when `index` is set). */
const tracedLockSchema = once(() => z.object({ table: z.string(), mode: z.string(), index: z.string().optional() }));

/** What `lint --trace` saw one statement do, and whether the lint's claims hold. */
const tracedStatementSchema = once(() => z.object({
  file: z.string(),
  section: z.enum(["upgrade", "downgrade", "script"]),
  statement: z.number().int(),
  text: z.string(),
  kind: z.string(),
  locks: z.array(tracedLockSchema()),
  heldBefore: z.array(tracedLockSchema()),
  rewrote: z.array(z.string()),
  builtIndexes: z.array(z.object({ index: z.string(), table: z.string() })),
  sampled: z.boolean(),
  locksSeen: z.boolean(),
  agreesWithLint: z.boolean(),
  disagreements: z.array(z.string()),
}));

/** How to make each JSON document's schema, by command. */
const documentMakers = {
  upgrade: () => z.object({ command: z.literal("upgrade"), direction: z.literal("upgrade"), target: z.string(), headsBefore: ids(), headsAfter: ids(), steps: z.array(stepSchema()), lockWaits: z.array(lockWaitSchema()) }),
  downgrade: () => z.object({ command: z.literal("downgrade"), direction: z.literal("downgrade"), target: z.string(), headsBefore: ids(), headsAfter: ids(), steps: z.array(stepSchema()), lockWaits: z.array(lockWaitSchema()) }),
  stamp: () => z.object({ command: z.literal("stamp"), headsBefore: ids(), headsAfter: ids() }),
  current: () => z.object({ command: z.literal("current"), database: z.string(), current: z.array(revisionSchema()), atHeads: z.boolean() }),
  history: () => z.object({ command: z.literal("history"), entries: z.array(revisionSchema()) }),
  heads: () => z.object({ command: z.literal("heads"), heads: z.array(revisionSchema()) }),
  branches: () => z.object({ command: z.literal("branches"), branches: z.array(z.object({ revision: revisionSchema(), children: z.array(revisionSchema()) })) }),
  show: () => z.object({ command: z.literal("show"), revisions: z.array(revisionSchema()) }),
  revision: () => z.object({
    command: z.literal("revision"),
    revision: z.string().nullable(),
    downRevisions: ids(),
    path: z.string().nullable(),
    steps: z.array(diffStepSchema()).nullable(),
    revisions: z.array(z.object({ revision: z.string(), downRevisions: ids(), path: z.string(), transaction: z.boolean() })),
    lint: z.array(lintFindingSchema()).optional(),
  }),
  diff: () => z.object({ command: z.literal("diff"), steps: z.array(diffStepSchema()), sql: z.string() }),
  dump: () => z.object({ command: z.literal("dump"), steps: z.array(diffStepSchema()), sql: z.string() }),
  check: () => z.object({
    command: z.literal("check"),
    against: z.enum(["schema", "database"]),
    clean: z.boolean(),
    steps: z.array(diffStepSchema()),
    sql: z.string(),
    unsupported: z.array(z.object({ what: z.string(), object: z.string() })),
    lint: lintDocumentBody().nullable().optional(),
  }),
  lint: () => z.object({ command: z.literal("lint"), ...lintDocumentFields(), trace: z.object({ statements: z.array(tracedStatementSchema()) }).optional() }),
  "lint-rules": () => z.object({
    command: z.literal("lint-rules"),
    rules: z.array(z.object({ id: z.string(), severity: z.enum(["error", "warning"]), summary: z.string(), fix: z.string(), lockRule: z.boolean() })),
  }),
  merge: () => z.object({ command: z.literal("merge"), revision: z.string(), downRevisions: ids(), path: z.string() }),
  rehash: () => z.object({ command: z.literal("rehash"), accepted: z.array(z.object({ revision: z.string(), file: z.string(), recorded: z.string(), current: z.string() })), forgotten: z.array(z.object({ revision: z.string(), file: z.string(), statements: z.number() })) }),
  wait: () => z.object({ command: z.literal("wait"), attempts: z.number().int(), database: z.string() }),
  import: () => z.object({
    command: z.literal("import"),
    tool: z.string(),
    directory: z.string(),
    configFile: z.string().nullable(),
    revisions: z.array(z.object({ version: z.string(), revision: z.string(), message: z.string(), files: ids(), path: z.string(), transaction: z.boolean(), status: z.enum(["written", "unchanged"]) })),
    skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
    stamp: z.object({ table: z.string(), applied: z.number().int(), revision: z.string().nullable(), headsAfter: ids() }).nullable(),
  }),
  "import-alembic": () => z.object({
    command: z.literal("import-alembic"),
    ini: z.string(),
    alembicVersion: z.string(),
    configFile: z.string().nullable(),
    revisions: z.array(
      z.object({
        revision: z.string(),
        downRevisions: ids(),
        message: z.string(),
        source: z.string(),
        path: z.string(),
        method: z.enum(["rendered", "recovered-from-schema", "needs-manual-work"]),
        offlineError: z.string().nullable(),
        manualWork: z.boolean(),
        status: z.enum(["written", "unchanged", "kept"]),
      }),
    ),
    manualWork: ids(),
    recoveryDatabase: z.string().nullable(),
  }),
  init: () => z.object({ command: z.literal("init"), directory: z.string(), versions: z.string(), configFile: z.string().nullable(), alembicIni: z.string().nullable() }),
  error: () => z.object({
    error: z.object({ code: z.string(), message: z.string(), hint: z.string().nullable(), exitCode: z.number().int(), lockWaits: z.array(lockWaitSchema()).optional() }),
  }),
};

/**
 * Every JSON document's schema, by command, made on first use: a run prints one document, and
 * making all of them took a `--json` run about 9 ms before it could print it.
 */
export const jsonSchemas = madeOnUse(documentMakers);

export type JsonCommand = keyof typeof jsonSchemas;

/** The document of each command, as a type. */
export type Document<C extends JsonCommand> = z.infer<(typeof jsonSchemas)[C]>;

/**
 * `value` as the documented document of `command`: plain JSON values (Dates become ISO strings),
 * checked against its schema, which keeps only the documented fields (a result may carry more).
 */
export function documentOf<C extends JsonCommand>(command: C, value: object): Document<C> {
  const plain: unknown = JSON.parse(JSON.stringify(command === "error" ? value : { command, ...value }));
  // One document per command: zod's compiled checker (new Function) would cost more than it saves.
  return jsonSchemas[command].parse(plain, { jitless: true }) as Document<C>;
}

/** Serialises `value` as the documented document of `command`, as `--json` prints it. */
export function jsonDocument(command: JsonCommand, value: object): string {
  return JSON.stringify(documentOf(command, value), null, 2);
}
