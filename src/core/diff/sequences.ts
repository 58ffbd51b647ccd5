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

function ownerSql(owner: SequenceDef["ownedBy"]): string {
  return owner ? `${owner.table}.${quoteIdent(owner.column)}` : "NONE";
}

function sameOwner(a: SequenceDef["ownedBy"], b: SequenceDef["ownedBy"]): boolean {
  return a?.table === b?.table && a?.column === b?.column;
}

/**
 * Steps that turn the sequences of `from` into those of `to`. `dropsWithOwner` says whether a
 * removed sequence goes away on its own because its OWNED BY table or column is dropped, in which
 * case an explicit DROP SEQUENCE would fail.
 */
export function diffSequences(
  from: Readonly<Record<QualifiedName, SequenceDef>>,
  to: Readonly<Record<QualifiedName, SequenceDef>>,
  dropsWithOwner: (s: SequenceDef) => boolean,
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
        const sql = `ALTER SEQUENCE ${key} ${changes.join(" ")};`;
        out.push(phased(Phase.createSequence, { sql, kind: "alter-sequence", object: key, destructive: false }));
      }
    }
    // OWNED BY needs the column, so it waits until tables and columns exist.
    if (!sameOwner(have?.ownedBy ?? null, want.ownedBy)) {
      const sql = `ALTER SEQUENCE ${key} OWNED BY ${ownerSql(want.ownedBy)};`;
      out.push(phased(Phase.ownSequence, { sql, kind: "alter-sequence", object: key, destructive: false }));
    }
  }
  for (const key of sortedKeys(from).reverse()) {
    const have = from[key]!;
    if (to[key] || dropsWithOwner(have)) continue;
    const warning = `drops sequence ${key} and its current value`;
    out.push(phased(Phase.dropSequence, { sql: `DROP SEQUENCE ${key};`, kind: "drop-sequence", object: key, destructive: true, warning }));
  }
  return out;
}
