/**
 * Moving columns onto a type that is recreated under the same name. PostgreSQL cannot remove enum
 * labels, change a domain's base type or collation, or retype a composite attribute while a column
 * uses the type; so the old type is renamed aside, the new one created under the name, the columns
 * of kept tables converted onto it through text (every type has text input and output), and the
 * old one dropped once nothing uses it.
 */
import { type QualifiedName, type TableDef, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/** The `[table, column name]` of the kept tables' own columns of type `typeName` (or an array of it) on both sides. */
export function columnsOfType(typeName: string, fromTables: Tables, toTables: Tables): [QualifiedName, string][] {
  const out: [QualifiedName, string][] = [];
  for (const tableKey of sortedKeys(toTables)) {
    const have = fromTables[tableKey];
    if (!have) continue;
    for (const c of toTables[tableKey]!.columns) {
      if (!c.local || (c.type !== typeName && c.type !== `${typeName}[]`)) continue;
      const prev = have.columns.find((h) => h.name === c.name);
      // A generated column whose expression changes is dropped and added again, on the new type.
      if (prev?.type !== c.type || prev.generated !== c.generated) continue;
      out.push([tableKey, c.name]);
    }
  }
  return out;
}

/**
 * ALTER COLUMN steps that move the kept columns of type `typeName` (format_type's spelling) onto
 * the type recreated under that name, through text. A default is dropped first and set again,
 * since it is typed with the old type and would not cast.
 */
export function convertColumnsThroughText(typeName: string, fromTables: Tables, toTables: Tables): PhasedStep[] {
  return convertColumns(typeName, fromTables, toTables, (column, type) => `${column}::text${type.endsWith("[]") ? "[]" : ""}::${type}`);
}

/**
 * ALTER COLUMN steps that move the kept columns of type `typeName` onto the type recreated under
 * that name, each with the USING expression `using` gives for the quoted column and its type.
 */
export function convertColumns(typeName: string, fromTables: Tables, toTables: Tables, using: (column: string, type: string) => string): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const [tableKey, name] of columnsOfType(typeName, fromTables, toTables)) {
    const c = toTables[tableKey]!.columns.find((x) => x.name === name)!;
    const column = quoteIdent(c.name);
    const alter = (action: string) =>
      phased(Phase.alterColumn, {
        sql: `ALTER TABLE ${tableKey} ALTER COLUMN ${column} ${action};`,
        kind: "alter-column",
        object: `${tableKey}.${column}`,
        destructive: false,
      });
    if (c.default !== null) out.push(alter("DROP DEFAULT"));
    // PostgreSQL computes a generated column again from its expression, and refuses a USING.
    out.push(alter(c.generated !== null ? `TYPE ${c.type}` : `TYPE ${c.type} USING ${using(column, c.type)}`));
    if (c.default !== null) out.push(alter(`SET DEFAULT ${c.default}`));
  }
  return out;
}
