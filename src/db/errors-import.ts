/** Database-side failures of `retort import --url`: the tool's table is missing, or records a failed run (exit 4). */
import { DatabaseError } from "../core/errors.ts";

/** The table the tool keeps its history in is not in the database, or lacks the tool's columns. */
export class ForeignTableMissingError extends DatabaseError {
  static override readonly code = "import-table-missing";
  readonly tool: string;
  readonly table: string;
  readonly reason: string;
  constructor(tool: string, table: string, reason: string) {
    super(
      `Cannot read the ${tool} history of the database: ${reason}`,
      `Give --url the database ${tool} migrates (its table "${table}" must be on the search_path), or import without --url`,
    );
    this.tool = tool;
    this.table = table;
    this.reason = reason;
  }
}

/** The tool recorded a migration that failed half way (golang-migrate's dirty flag, Flyway's success = false). */
export class ForeignDirtyDatabaseError extends DatabaseError {
  static override readonly code = "import-dirty-database";
  readonly tool: string;
  readonly version: string;
  constructor(tool: string, version: string) {
    super(
      `Cannot stamp the database: ${tool} records version ${version} as failed (dirty), so what it holds is unknown`,
      `Repair it with ${tool} first (fix the schema by hand, then ${tool === "flyway" ? "flyway repair" : `migrate force ${version}`}), then import again`,
    );
    this.tool = tool;
    this.version = version;
  }
}
