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
  readonly validated: boolean;
}

export class SchemaState {
  readonly #catalog: LintCatalog;
  readonly #created: Set<string>;
  /** Columns as the SQL so far defines them, per table (overrides the catalog's). */
  readonly #columns: Map<string, Map<string, ColumnFacts | undefined>>;
  /** The column maps this state may change in place; a clone shares the others until it writes (copy on write). */
  #ownColumns = new WeakSet<object>();
  /** NOT NULL checks; replaced, never changed in place, so a clone may share them. */
  readonly #checks: Map<string, NotNullCheck>;
  /** Tables renamed by the SQL: new name → old name (so facts follow the table). */
  readonly #renamedFrom: Map<string, string>;
  /** Tables created by SQL taken as already applied (`settle`): they exist, though the catalog may not list them. */
  readonly #settled: Set<string>;
  /** Indexes the SQL built (plain, primary key, unique), by qualified name; unnamed ones under "". Lists are replaced, never changed. */
  readonly #indexes: Map<string, BuiltIndex[]>;
  /** Indexes built before the last `settle`: deployed, so no longer new. */
  readonly #settledIndexes: Set<string>;
  /** Columns the SQL added to tables that existed before it (`table/column`). */
  readonly #addedColumns: Set<string>;
  /** Types (enums, composites, domains, ranges) the SQL created, qualified. */
  readonly #createdTypes: Set<string>;

  /** A state at the catalog, or (`from`) a copy of another state. */
  constructor(catalog: LintCatalog, from?: SchemaState) {
    this.#catalog = catalog;
    // Native copies: a downgrade's fork per revision of a long history must stay cheap.
    this.#created = new Set(from === undefined ? undefined : from.#created);
    this.#columns = new Map(from === undefined ? undefined : from.#columns);
    this.#checks = new Map(from === undefined ? undefined : from.#checks);
    this.#renamedFrom = new Map(from === undefined ? undefined : from.#renamedFrom);
    this.#settled = new Set(from === undefined ? undefined : from.#settled);
    this.#indexes = new Map(from === undefined ? undefined : from.#indexes);
    this.#settledIndexes = new Set(from === undefined ? undefined : from.#settledIndexes);
    this.#addedColumns = new Set(from === undefined ? undefined : from.#addedColumns);
    this.#createdTypes = new Set(from === undefined ? undefined : from.#createdTypes);
  }

  /** A copy to lint a side branch (a downgrade section) without changing this state. */
  clone(): SchemaState {
    // The column maps are shared: neither state may now change one in place.
    this.#ownColumns = new WeakSet();
    return new SchemaState(this.#catalog, this);
  }

  /** Everything applied so far counts as deployed: tables created so far now exist. */
  settle(): void {
    for (const t of this.#created) this.#settled.add(t);
    this.#created.clear();
    for (const name of this.#indexes.keys()) this.#settledIndexes.add(name);
    this.#addedColumns.clear();
    this.#createdTypes.clear();
  }

  /** Whether the run (since the last `settle`) built the index. */
  isNewIndex(index: string): boolean {
    return index !== "" && this.#indexes.has(index) && !this.#settledIndexes.has(index);
  }

  /** Whether the table exists before the run (see RuleContext.isExisting). */
  isExisting(table: string): boolean {
    if (this.#created.has(table)) return false;
    if (this.#settled.has(table)) return true;
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

  /** The table of an index an earlier statement built, else undefined. */
  indexTable(index: string): string | undefined {
    return index === "" ? undefined : this.#indexes.get(index)?.[0]?.table;
  }

  /** The leading plain columns of an index an earlier statement built, else undefined. */
  indexColumns(index: string): readonly string[] | undefined {
    return index === "" ? undefined : this.#indexes.get(index)?.[0]?.columns;
  }

  /** The leading-column lists of the table's full indexes: the database's, then those the SQL built. */
  indexedColumns(table: string): readonly (readonly string[])[] {
    const built = [...this.#indexes.values()].flat().filter((index) => index.table === table && !index.partial);
    return [...(this.tableFacts(table)?.indexes ?? []), ...built.map((index) => index.columns)];
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
    for (const index of indexesBuiltBy(node)) {
      const key = index.name === undefined ? "" : qualifiedIndexName(index.table, index.name);
      this.#indexes.set(key, [...(this.#indexes.get(key) ?? []), index]);
    }
    if (kind === "DropStmt" && stringOf(body, "removeType") === "OBJECT_INDEX") {
      for (const object of listOf(body, "objects")) this.#indexes.delete(qualifiedFromNames(names(listOf(nodeOf(object, "List"), "items"))));
    }
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
        this.#settled.delete(table);
        this.#columns.delete(table);
      }
    }
  }

  /** The table's column map, made this state's own before it is changed. */
  #writableColumns(table: string): Map<string, ColumnFacts | undefined> {
    const current = this.#columns.get(table);
    if (current !== undefined && this.#ownColumns.has(current)) return current;
    const columns = new Map(current);
    this.#ownColumns.add(columns);
    this.#columns.set(table, columns);
    return columns;
  }

  #createTable(body: AstNode): void {
    const table = qualifiedName(childOf(body, "relation"));
    this.#created.add(table);
    const columns = new Map<string, ColumnFacts | undefined>();
    for (const element of listOf(body, "tableElts")) {
      const def = nodeOf(element, "ColumnDef");
      if (def !== undefined) columns.set(stringOf(def, "colname"), columnFacts(def));
    }
    this.#ownColumns.add(columns);
    this.#columns.set(table, columns);
  }

  #alterTable(body: AstNode): void {
    const table = qualifiedName(childOf(body, "relation"));
    const columns = this.#writableColumns(table);
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
            // An unnamed check gets PostgreSQL's name for it, which a later VALIDATE CONSTRAINT uses.
            const name = conname || `${table.slice(table.indexOf(".") + 1)}_${column}_check`;
            this.#checks.set(`${table}/${name}`, { table, column, validated: !flagOf(constraint, "skip_validation") });
          }
          if (stringOf(constraint, "contype") === "CONSTR_PRIMARY") {
            // A primary key makes its columns NOT NULL (those of the index it adopts, with USING INDEX).
            const indexName = stringOf(constraint, "indexname");
            const keys = indexName === "" ? names(listOf(constraint, "keys")) : (this.indexColumns(qualifiedIndexName(table, indexName)) ?? []);
            for (const key of keys) {
              const before = this.column(table, key);
              if (before !== undefined) columns.set(key, { ...before, notNull: true });
            }
          }
          break;
        }
        case "AT_ValidateConstraint": {
          const check = this.#checks.get(`${table}/${name}`);
          if (check !== undefined) this.#checks.set(`${table}/${name}`, { ...check, validated: true });
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
      else if (this.#settled.delete(table)) this.#settled.add(renamed);
      else this.#renamedFrom.set(renamed, this.#renamedFrom.get(table) ?? table);
      const columns = this.#columns.get(table);
      if (columns !== undefined) this.#columns.set(renamed, columns);
      this.#columns.delete(table);
    } else if (type === "OBJECT_COLUMN") {
      const columns = this.#writableColumns(table);
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

/** An index a statement builds: its table, its name when known, and its leading plain columns (up to the first expression). */
export interface BuiltIndex {
  readonly table: string;
  readonly name?: string;
  readonly columns: readonly string[];
  /** A partial index (`WHERE …`) does not serve every lookup. */
  readonly partial: boolean;
}

/** The indexes a statement builds: CREATE INDEX, and the primary keys and unique constraints of CREATE TABLE and ALTER TABLE … ADD. */
export function indexesBuiltBy(node: AstNode): BuiltIndex[] {
  const [kind, body] = unwrap(node) ?? ["", {}];
  if (kind === "IndexStmt") {
    const columns: string[] = [];
    for (const param of listOf(body, "indexParams")) {
      const name = stringOf(nodeOf(param, "IndexElem"), "name");
      if (name === "") break;
      columns.push(name);
    }
    const name = stringOf(body, "idxname");
    return [{ table: qualifiedName(childOf(body, "relation")), ...(name ? { name } : {}), columns, partial: childOf(body, "whereClause") !== undefined }];
  }
  const table = qualifiedName(childOf(body, "relation"));
  const fromConstraint = (constraint: AstNode | undefined, column?: string): BuiltIndex[] => {
    const type = stringOf(constraint, "contype");
    if (type !== "CONSTR_PRIMARY" && type !== "CONSTR_UNIQUE") return [];
    if (stringOf(constraint, "indexname") !== "") return [];
    const name = stringOf(constraint, "conname");
    const columns = column === undefined ? names(listOf(constraint, "keys")) : [column];
    return [{ table, ...(name ? { name } : {}), columns, partial: false }];
  };
  const fromColumn = (def: AstNode | undefined): BuiltIndex[] =>
    listOf(def, "constraints").flatMap((c) => fromConstraint(nodeOf(c, "Constraint"), stringOf(def, "colname")));
  if (kind === "CreateStmt") {
    return listOf(body, "tableElts").flatMap((element) => [...fromColumn(nodeOf(element, "ColumnDef")), ...fromConstraint(nodeOf(element, "Constraint"))]);
  }
  if (kind === "AlterTableStmt" && stringOf(body, "objtype") === "OBJECT_TABLE") {
    return listOf(body, "cmds").flatMap((item) => {
      const cmd = nodeOf(item, "AlterTableCmd");
      const def = childOf(cmd, "def");
      if (stringOf(cmd, "subtype") === "AT_AddColumn") return fromColumn(nodeOf(def, "ColumnDef"));
      if (stringOf(cmd, "subtype") === "AT_AddConstraint") return fromConstraint(nodeOf(def, "Constraint"));
      return [];
    });
  }
  return [];
}

/** An index's qualified name: indexes live in their table's schema. */
export function qualifiedIndexName(table: string, index: string): string {
  return `${table.slice(0, table.indexOf("."))}.${index}`;
}
