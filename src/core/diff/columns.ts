/** Column definitions for CREATE TABLE / ADD COLUMN, and ALTER COLUMN steps for changed columns. */
import { type ColumnDef, type IdentityDef, type QualifiedName, quoteIdent } from "./model.ts";
import { changedSequenceOptions, narrowedRange, sequenceOptionsSql } from "./sequences.ts";
import { type DiffStep, Phase, type PhasedStep, phased } from "./step.ts";
import { type CastPath, castPath } from "./type-cast.ts";
import { changesTypeInPlace } from "./type-change.ts";

/** `GENERATED … AS IDENTITY (SEQUENCE NAME … options)`; the name is kept since SEQUENCE NAME can set it. */
export function identitySql(id: IdentityDef): string {
  const kind = id.kind === "always" ? "ALWAYS" : "BY DEFAULT";
  return `GENERATED ${kind} AS IDENTITY (SEQUENCE NAME ${id.sequence} ${sequenceOptionsSql(id.options)})`;
}

/** `"name" type [COLLATE …] [DEFAULT …] [GENERATED …] [NOT NULL]`, as CREATE TABLE and ADD COLUMN take it. */
export function columnSql(c: ColumnDef): string {
  const parts = [quoteIdent(c.name), c.type];
  if (c.collation !== null) parts.push(`COLLATE ${c.collation}`);
  if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
  if (c.identity !== null) parts.push(identitySql(c.identity));
  if (c.generated !== null) parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
  if (c.notNull) parts.push("NOT NULL");
  return parts.join(" ");
}

/** `expression` cast to `type` along `path` (see `castPath`): one enum to another has no cast, so the labels go through text. */
export function castSql(expression: string, path: Exclude<CastPath, "none">, type: string): string {
  const via = path === "text" ? (type.endsWith("[]") ? "::text[]" : "::text") : "";
  return `${expression}${via}::${type}`;
}

/** True when the column cannot be altered into shape and has to be dropped and added again. */
export function needsReplace(have: ColumnDef, want: ColumnDef): boolean {
  // Changing a generated column's expression, or making a column generated, has no ALTER before
  // PostgreSQL 17; a generated column turns plain, keeping its values, with DROP EXPRESSION.
  return have.generated !== want.generated && want.generated !== null;
}

/** Identity changes in the order PostgreSQL accepts them relative to NOT NULL; a warning for a narrower range. */
function identityChanges(have: IdentityDef | null, want: IdentityDef | null): { before: string[]; after: string[]; warning?: string } {
  if (have === null && want === null) return { before: [], after: [] };
  if (want === null) return { before: ["DROP IDENTITY"], after: [] };
  if (have === null || have.sequence !== want.sequence) {
    return { before: have === null ? [] : ["DROP IDENTITY"], after: [`ADD ${identitySql(want)}`] };
  }
  const sets = changedSequenceOptions(have.options, want.options).map((o) => `SET ${o}`);
  if (have.kind !== want.kind) sets.unshift(`SET GENERATED ${want.kind === "always" ? "ALWAYS" : "BY DEFAULT"}`);
  const { restart, warning } = narrowedRange(want.sequence, have.options, want.options);
  if (restart) sets.push("RESTART");
  return { before: [], after: sets.length > 0 ? [sets.join(" ")] : [], warning };
}

/**
 * ALTER COLUMN steps that turn `have` into `want` (same name, neither needing replacement);
 * `enums` as from `enumTypeNames`. A type change with no cast path is left out: the diff refuses it
 * (see unsupported.ts).
 * Order: DROP IDENTITY (NOT NULL cannot be dropped under an identity), DROP DEFAULT (an old default
 * may not cast to the new type), both in the early `releaseColumn` phase; then TYPE, SET DEFAULT,
 * NOT NULL, and identity, which needs NOT NULL.
 */
export function alterColumnSteps(table: QualifiedName, have: ColumnDef, want: ColumnDef, enums: ReadonlySet<string>): PhasedStep[] {
  const col = quoteIdent(want.name);
  const object = `${table}.${col}`;
  const steps: PhasedStep[] = [];
  const alter = (action: string, extra: Partial<DiffStep> = {}, phase: Phase = Phase.alterColumn): void => {
    steps.push(phased(phase, { sql: `ALTER TABLE ${table} ALTER COLUMN ${col} ${action};`, kind: "alter-column", object, destructive: false, ...extra }));
  };
  const identity = identityChanges(have.identity, want.identity);
  const typeChanged = have.type !== want.type;
  const defaultChanged = have.default !== want.default;
  // What the column lets go of goes early: a sequence the old default used, or one of the same
  // name as the identity's, may be dropped or created before the column takes its new shape.
  for (const action of identity.before) alter(action, {}, Phase.releaseColumn);
  if (have.generated !== null && want.generated === null) alter("DROP EXPRESSION", {}, Phase.releaseColumn);
  if (defaultChanged && have.default !== null) alter("DROP DEFAULT", {}, Phase.releaseColumn);
  if (typeChanged || have.collation !== want.collation) {
    const collate = want.collation !== null ? ` COLLATE ${want.collation}` : "";
    // A change PostgreSQL makes in place needs no USING: the plain cast is the binary-coercible one.
    const inPlace = typeChanged && changesTypeInPlace(have.type, want.type);
    const path = typeChanged ? castPath(have.type, want.type, enums) : "direct";
    if (path === "none") return [];
    const via = path === "text" ? " through text" : "";
    const using = typeChanged && !inPlace ? ` USING ${castSql(col, path, want.type)}` : "";
    const warning =
      typeChanged && !inPlace
        ? `changes the type of ${object} from ${have.type} to ${want.type}${via}: rewrites the table under an ACCESS EXCLUSIVE lock and may fail or lose data`
        : have.collation !== want.collation
          ? `changes the collation of ${object}: rebuilds its indexes under an ACCESS EXCLUSIVE lock`
          : undefined;
    alter(`TYPE ${want.type}${collate}${using}`, { destructive: typeChanged && !inPlace, ...(warning === undefined ? {} : { warning }) });
  }
  if (defaultChanged && want.default !== null) alter(`SET DEFAULT ${want.default}`);
  if (have.notNull && !want.notNull && want.identity === null) alter("DROP NOT NULL");
  if (!have.notNull && want.notNull) {
    alter("SET NOT NULL", { warning: `scans the whole table under an ACCESS EXCLUSIVE lock and fails if ${object} has nulls` });
  }
  for (const action of identity.after) alter(action, identity.warning === undefined ? {} : { warning: identity.warning });
  return steps;
}
