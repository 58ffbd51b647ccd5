/** Diff of schemas and extensions, the objects everything else lives in. */
import { type ExtensionDef, type SchemaDef, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, quoteLiteral, sortedKeys } from "./step.ts";

/** CREATE SCHEMA for new schemas, DROP SCHEMA (destructive) for removed ones. */
export function diffSchemaList(from: Readonly<Record<string, SchemaDef>>, to: Readonly<Record<string, SchemaDef>>): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const name of sortedKeys(to)) {
    if (from[name]) continue;
    out.push(phased(Phase.createSchema, { sql: `CREATE SCHEMA ${quoteIdent(name)};`, kind: "create-schema", object: name, destructive: false }));
  }
  for (const name of sortedKeys(from).reverse()) {
    if (to[name]) continue;
    out.push(
      phased(Phase.dropSchema, {
        sql: `DROP SCHEMA ${quoteIdent(name)};`,
        kind: "drop-schema",
        object: name,
        destructive: true,
        warning: `drops schema ${quoteIdent(name)}`,
      }),
    );
  }
  return out;
}

/** CREATE/DROP EXTENSION, and SET SCHEMA or UPDATE TO when an installed one moved or changed version. */
export function diffExtensions(
  from: Readonly<Record<string, ExtensionDef>>,
  to: Readonly<Record<string, ExtensionDef>>,
): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const name of sortedKeys(to)) {
    const want = to[name]!;
    const have = from[name];
    const ext = quoteIdent(name);
    if (!have) {
      const sql = `CREATE EXTENSION ${ext} WITH SCHEMA ${quoteIdent(want.schema)} VERSION ${quoteLiteral(want.version)};`;
      out.push(phased(Phase.createExtension, { sql, kind: "create-extension", object: name, destructive: false }));
      continue;
    }
    if (have.schema !== want.schema) {
      const sql = `ALTER EXTENSION ${ext} SET SCHEMA ${quoteIdent(want.schema)};`;
      out.push(phased(Phase.createExtension, { sql, kind: "alter-extension", object: name, destructive: false }));
    }
    if (have.version !== want.version) {
      const sql = `ALTER EXTENSION ${ext} UPDATE TO ${quoteLiteral(want.version)};`;
      out.push(phased(Phase.createExtension, { sql, kind: "alter-extension", object: name, destructive: false }));
    }
  }
  for (const name of sortedKeys(from).reverse()) {
    if (to[name]) continue;
    out.push(
      phased(Phase.dropExtension, {
        sql: `DROP EXTENSION ${quoteIdent(name)};`,
        kind: "drop-extension",
        object: name,
        destructive: true,
        warning: `drops extension ${quoteIdent(name)} and the objects it created`,
      }),
    );
  }
  return out;
}
