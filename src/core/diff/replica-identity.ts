/** Diff of `REPLICA IDENTITY`, which logical replication uses to find the row an UPDATE or DELETE changed. */
import { type QualifiedName, type ReplicaIdentity, type TableDef, quoteIdent } from "./model.ts";
import { type DiffStep, Phase, type PhasedStep, phased } from "./step.ts";

/** `ALTER TABLE … REPLICA IDENTITY …`: a catalog change under a brief lock, no scan. */
export function replicaIdentityStep(key: QualifiedName, r: ReplicaIdentity): DiffStep {
  const identity = r.kind === "index" ? `USING INDEX ${quoteIdent(r.index)}` : r.kind.toUpperCase();
  return { sql: `ALTER TABLE ${key} REPLICA IDENTITY ${identity};`, kind: "alter-table", object: key, destructive: false };
}

/**
 * `ALTER TABLE … REPLICA IDENTITY` for a table created (`have` undefined) or kept. It runs once the
 * table's indexes and constraints exist, and again when the identity index is dropped and created
 * anew by this diff, since the new index is not the identity.
 */
export function replicaIdentitySteps(key: QualifiedName, have: TableDef | undefined, want: TableDef): PhasedStep[] {
  const wanted = want.replicaIdentity;
  const current = have?.replicaIdentity ?? { kind: "default", index: null };
  const sameIdentity = current.kind === wanted.kind && current.index === wanted.index;
  const indexRecreated = wanted.kind === "index" && have !== undefined && have.indexes[wanted.index]?.definition !== want.indexes[wanted.index]?.definition;
  if (sameIdentity && !indexRecreated) return [];
  return [phased(Phase.createIndex, replicaIdentityStep(key, wanted))];
}
