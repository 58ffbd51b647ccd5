/**
 * What the linted SQL has done to the schema so far: the tables it created (new, so exempt from
 * lock rules), columns it added or retyped (so a later type change is judged by its real old type)
 * and the NOT NULL checks it validated. Starts from the catalog, updated statement by statement.
 */
import { childOf, flagOf, listOf, names, nodeOf, qualifiedFromNames, qualifiedName, stringOf, typeNameText, unwrap } from "./ast.ts";
import type { AstNode, ColumnFacts, LintCatalog } from "./types.ts";

/** A `CHECK (column IS NOT NULL)` constraint the SQL added. */
interface NotNullCheck {
  readonly table: string;
  readonly column: string;
  validated: boolean;
}

export class SchemaState {
  readonly #catalog: LintCatalog;
  readonly #created = new Set<string>();
  /** Columns as the SQL so far defines them, per table (overrides the catalog's). */
  readonly #columns = new Map<string, Map<string, ColumnFacts | undefined>>();
  readonly #checks = new Map<string, NotNullCheck>();
  /** Tables renamed by the SQL: new name → old name (so facts follow the table). */
  readonly #renamedFrom = new Map<string, string>();
  /** Columns the SQL added to tables that existed before it (`table/column`). */
  readonly #addedColumns = new Set<string>();
  /** Types (enums, composites, domains, ranges) the SQL created, qualified. */
  readonly #createdTypes = new Set<string>();

  constructor(catalog: LintCatalog) {
    this.#catalog = catalog;
  }

  /** Whether the table exists before the run (see RuleContext.isExisting). */
  isExisting(table: string): boolean {
    if (this.#created.has(table)) return false;
    const original = this.#renamedFrom.get(table) ?? table;
    return !this.#catalog.complete || this.#catalog.tables.has(original);
  }

  /** The database's facts about a table, following renames made by the SQL. */
  tableFacts(table: string) {
    if (this.#created.has(table)) return undefined;
    return this.#catalog.tables.get(this.#renamedFrom.get(table) ?? table);
  }

  column(table: string, column: string): ColumnFacts | undefined {
    const changed = this.#columns.get(table);
    if (changed?.has(column)) return changed.get(column);
    return this.tableFacts(table)?.columns.get(column);
  }

  hasValidatedNotNullCheck(table: string, column: string): boolean {
    for (const check of this.#checks.values()) if (check.table === table && check.column === column && check.validated) return true;
    return this.tableFacts(table)?.notNullChecked?.includes(column) === true;
  }

  /** Whether the column is new in this run: its table was created by the SQL, or the SQL added it. */
  isNewColumn(table: string, column: string): boolean {
    return this.#created.has(table) || this.#addedColumns.has(`${table}/${column}`);
  }

  /** Whether the type (qualified) was created by the SQL so far. */
  isNewType(type: string): boolean {
    return this.#createdTypes.has(type);
  }

  /** Takes in what a statement does to tables and columns. */
  apply(node: AstNode): void {
    const [kind, body] = unwrap(node) ?? ["", {}];
    if (kind === "CreateStmt") this.#createTable(body);
    else if (kind === "CreateTableAsStmt") this.#created.add(qualifiedName(childOf(childOf(body, "into"), "rel")));
    else if (kind === "AlterTableStmt") this.#alterTable(body);
    else if (kind === "RenameStmt") this.#rename(body);
    else if (kind === "CreateEnumStmt" || kind === "CreateRangeStmt") this.#createdTypes.add(qualifiedFromNames(names(listOf(body, "typeName"))));
    else if (kind === "CreateDomainStmt") this.#createdTypes.add(qualifiedFromNames(names(listOf(body, "domainname"))));
    else if (kind === "CompositeTypeStmt") this.#createdTypes.add(qualifiedName(childOf(body, "typevar")));
    else if (kind === "DropStmt" && stringOf(body, "removeType") === "OBJECT_TABLE") {
      for (const object of listOf(body, "objects")) {
        const table = qualifiedFromNames(names(listOf(nodeOf(object, "List"), "items")));
        this.#created.delete(table);
        this.#columns.delete(table);
      }
    }
  }

  #createTable(body: AstNode): void {
    const table = qualifiedName(childOf(body, "relation"));
    this.#created.add(table);
    const columns = new Map<string, ColumnFacts | undefined>();
    for (const element of listOf(body, "tableElts")) {
      const def = nodeOf(element, "ColumnDef");
      if (def !== undefined) columns.set(stringOf(def, "colname"), columnFacts(def));
    }
    this.#columns.set(table, columns);
  }

  #alterTable(body: AstNode): void {
    const table = qualifiedName(childOf(body, "relation"));
    const columns = this.#columns.get(table) ?? new Map<string, ColumnFacts | undefined>();
    this.#columns.set(table, columns);
    for (const item of listOf(body, "cmds")) {
      const cmd = nodeOf(item, "AlterTableCmd");
      const name = stringOf(cmd, "name");
      const current = () => this.column(table, name);
      switch (stringOf(cmd, "subtype")) {
        case "AT_AddColumn": {
          const def = nodeOf(childOf(cmd, "def"), "ColumnDef");
          if (def !== undefined) {
            columns.set(stringOf(def, "colname"), columnFacts(def));
            this.#addedColumns.add(`${table}/${stringOf(def, "colname")}`);
          }
          break;
        }
        case "AT_AlterColumnType": {
          const def = nodeOf(childOf(cmd, "def"), "ColumnDef");
          columns.set(name, { type: typeNameText(childOf(def, "typeName")), notNull: current()?.notNull ?? false });
          break;
        }
        case "AT_SetNotNull":
        case "AT_DropNotNull": {
          const before = current();
          if (before !== undefined) columns.set(name, { ...before, notNull: stringOf(cmd, "subtype") === "AT_SetNotNull" });
          break;
        }
        case "AT_DropColumn":
          columns.set(name, undefined);
          break;
        case "AT_AddConstraint": {
          const constraint = nodeOf(childOf(cmd, "def"), "Constraint");
          const column = notNullCheckColumn(constraint);
          if (column !== undefined) {
            const conname = stringOf(constraint, "conname");
            this.#checks.set(`${table}/${conname || column}`, { table, column, validated: !flagOf(constraint, "skip_validation") });
          }
          break;
        }
        case "AT_ValidateConstraint": {
          const check = this.#checks.get(`${table}/${name}`);
          if (check !== undefined) check.validated = true;
          break;
        }
        case "AT_DropConstraint":
          this.#checks.delete(`${table}/${name}`);
          break;
      }
    }
  }

  #rename(body: AstNode): void {
    const type = stringOf(body, "renameType");
    const table = qualifiedName(childOf(body, "relation"));
    if (type === "OBJECT_TABLE") {
      const renamed = `${table.slice(0, table.indexOf("."))}.${stringOf(body, "newname")}`;
      if (this.#created.delete(table)) this.#created.add(renamed);
      else this.#renamedFrom.set(renamed, this.#renamedFrom.get(table) ?? table);
      const columns = this.#columns.get(table);
      if (columns !== undefined) this.#columns.set(renamed, columns);
      this.#columns.delete(table);
    } else if (type === "OBJECT_COLUMN") {
      const columns = this.#columns.get(table) ?? new Map<string, ColumnFacts | undefined>();
      this.#columns.set(table, columns);
      columns.set(stringOf(body, "newname"), this.column(table, stringOf(body, "subname")));
      columns.set(stringOf(body, "subname"), undefined);
    }
  }
}

/** A ColumnDef's type and whether it is declared NOT NULL (or PRIMARY KEY). */
function columnFacts(def: AstNode): ColumnFacts {
  const constraints = listOf(def, "constraints").map((c) => stringOf(nodeOf(c, "Constraint"), "contype"));
  return {
    type: typeNameText(childOf(def, "typeName")),
    notNull: constraints.includes("CONSTR_NOTNULL") || constraints.includes("CONSTR_PRIMARY") || flagOf(def, "is_not_null"),
  };
}

/** The column of a `CHECK (column IS NOT NULL)` constraint, else undefined. */
export function notNullCheckColumn(constraint: AstNode | undefined): string | undefined {
  if (stringOf(constraint, "contype") !== "CONSTR_CHECK") return undefined;
  const test = nodeOf(childOf(constraint, "raw_expr"), "NullTest");
  if (stringOf(test, "nulltesttype") !== "IS_NOT_NULL") return undefined;
  const fields = listOf(nodeOf(childOf(test, "arg"), "ColumnRef"), "fields");
  return fields.length === 1 ? names(fields)[0] : undefined;
}
