/** Diff of standalone and OWNED BY sequences; identity sequences belong to their column (see columns.ts). */
import { type QualifiedName, type SequenceDef, type SequenceOptions, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

/** `START WITH … [NO] CYCLE`, the options CREATE SEQUENCE and identity columns share (not AS). */
export function sequenceOptionsSql(o: SequenceOptions): string {
  return `START WITH ${o.start} INCREMENT BY ${o.increment} MINVALUE ${o.min} MAXVALUE ${o.max} CACHE ${o.cache} ${o.cycle ? "CYCLE" : "NO CYCLE"}`;
}

/** The option clauses whose value differs between `have` and `want`, without AS. */
export function changedSequenceOptions(have: SequenceOptions, want: SequenceOptions): string[] {
  const out: string[] = [];
  if (have.start !== want.start) out.push(`START WITH ${want.start}`);
  if (have.increment !== want.increment) out.push(`INCREMENT BY ${want.increment}`);
  if (have.min !== want.min) out.push(`MINVALUE ${want.min}`);
  if (have.max !== want.max) out.push(`MAXVALUE ${want.max}`);
  if (have.cache !== want.cache) out.push(`CACHE ${want.cache}`);
  if (have.cycle !== want.cycle) out.push(want.cycle ? "CYCLE" : "NO CYCLE");
  return out;
}

/**
 * What a narrower MINVALUE/MAXVALUE needs: PostgreSQL refuses a range that leaves out the
 * sequence's current value (even an unused one's, its START). The diff cannot see the current
 * value, so when the old START falls outside the new range it adds RESTART (at the new START, which
 * the range holds); any other narrowing is flagged, since it fails if the value has moved past it.
 */
export function narrowedRange(object: string, have: SequenceOptions, want: SequenceOptions): { readonly restart: boolean; readonly warning?: string } {
  const narrowed = BigInt(want.min) > BigInt(have.min) || BigInt(want.max) < BigInt(have.max);
  if (!narrowed) return { restart: false };
  const range = `[${want.min}, ${want.max}]`;
  if (BigInt(have.start) < BigInt(want.min) || BigInt(have.start) > BigInt(want.max)) {
    return { restart: true, warning: `restarts ${object} at ${want.start}, since its range ${range} leaves out its old start ${have.start}: values it gives may repeat ones already used` };
  }
  return { restart: false, warning: `fails if the current value of ${object} lies outside its new range ${range}` };
}

function ownerSql(owner: SequenceDef["ownedBy"]): string {
  return owner ? `${owner.table}.${quoteIdent(owner.column)}` : "NONE";
}

function sameOwner(a: SequenceDef["ownedBy"], b: SequenceDef["ownedBy"]): boolean {
  return a?.table === b?.table && a?.column === b?.column;
}

/**
 * Steps that turn the sequences of `from` into those of `to`. `dropsWithOwner` says whether a
 * sequence's OWNED BY table or column is dropped (or rebuilt): a removed sequence then goes with it
 * (an explicit DROP SEQUENCE would fail), and a kept one is released from it first.
 * `identitySequences` are the names of `to`'s identity sequences: a dropped sequence whose name one
 * of them takes (a serial column becoming an identity) goes before the identity is added.
 */
export function diffSequences(
  from: Readonly<Record<QualifiedName, SequenceDef>>,
  to: Readonly<Record<QualifiedName, SequenceDef>>,
  dropsWithOwner: (s: SequenceDef) => boolean,
  identitySequences: ReadonlySet<QualifiedName> = new Set(),
): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const key of sortedKeys(to)) {
    const want = to[key]!;
    const have = from[key];
    if (!have) {
      const sql = `CREATE SEQUENCE ${key} AS ${want.type} ${sequenceOptionsSql(want)};`;
      out.push(phased(Phase.createSequence, { sql, kind: "create-sequence", object: key, destructive: false }));
    } else {
      const changes = [...(have.type !== want.type ? [`AS ${want.type}`] : []), ...changedSequenceOptions(have, want)];
      if (changes.length > 0) {
        const { restart, warning } = narrowedRange(key, have, want);
        const sql = `ALTER SEQUENCE ${key} ${[...changes, ...(restart ? ["RESTART"] : [])].join(" ")};`;
        out.push(phased(Phase.createSequence, { sql, kind: "alter-sequence", object: key, destructive: false, warning }));
      }
    }
    const owner = have?.ownedBy ?? null;
    // An owner rebuilt (see rebuild.ts) keeps its name but is dropped: released, then owned again.
    const released = have !== undefined && owner !== null && dropsWithOwner(have);
    if (released) {
      const sql = `ALTER SEQUENCE ${key} OWNED BY NONE;`;
      out.push(phased(Phase.detach, { sql, kind: "alter-sequence", object: key, destructive: false }));
      if (want.ownedBy === null) continue;
    }
    // OWNED BY needs the column, so it waits until tables and columns exist.
    if (released || !sameOwner(owner, want.ownedBy)) {
      const sql = `ALTER SEQUENCE ${key} OWNED BY ${ownerSql(want.ownedBy)};`;
      out.push(phased(Phase.ownSequence, { sql, kind: "alter-sequence", object: key, destructive: false }));
    }
  }
  for (const key of sortedKeys(from).reverse()) {
    const have = from[key]!;
    if (to[key] || dropsWithOwner(have)) continue;
    const warning = `drops sequence ${key} and its current value`;
    const phase = identitySequences.has(key) ? Phase.dropReplacedSequence : Phase.dropSequence;
    out.push(phased(phase, { sql: `DROP SEQUENCE ${key};`, kind: "drop-sequence", object: key, destructive: true, warning }));
  }
  return out;
}
