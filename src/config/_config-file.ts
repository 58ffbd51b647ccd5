/**
 * Reading and validating retort.toml, private to config/. Keys live at the top level of the file
 * (no `[retort]` table): the file belongs to retort alone, and one place per key leaves nothing to
 * reconcile.
 */
import { parse as parseToml, TomlError } from "smol-toml";
import * as z from "zod/mini";
import { closestMatch } from "./_closest.ts";
import { describeValue } from "./_describe-value.ts";
import { ConfigSyntaxError, InvalidConfigValueError, UnknownConfigKeyError } from "./errors.ts";

// zod's mini build: the classic one gives every schema object its methods one by one, which made
// building this schema cost every command in a project with a retort.toml about 4 ms; the mini
// build's half that. One schema per kind of value, shared by the keys that take it.
const path = z.string().check(z.minLength(1));
const optionalPaths = z.optional(z.union([path, z.array(path).check(z.minLength(1))]));
const optionalString = z.optional(z.string());

const ConfigFileSchema = z.strictObject({
  script_location: z.optional(path),
  version_locations: optionalPaths,
  file_template: z.optional(path),
  version_table: optionalString,
  version_table_schema: optionalString,
  history_table: optionalString,
  transaction_per_migration: z.optional(z.boolean()),
  migration_lock: optionalString,
  schema: optionalPaths,
  scratch_url: optionalString,
  lock_timeout: optionalString,
  migration_lock_timeout: optionalString,
  revision_lock_timeout: optionalString,
  lock_retry_budget: optionalString,
  revision_statement_timeout: optionalString,
  lint_on_upgrade: optionalString,
  lint_small_table_rows: z.optional(z.int().check(z.nonnegative())),
  lint_rules: z.optional(z.record(z.string(), z.enum(["off", "warning", "error"]))),
  database_url: optionalString,
});

/** The validated contents of retort.toml: every key optional, nothing resolved yet. */
export type ConfigFileValues = z.infer<typeof ConfigFileSchema>;
type Key = keyof ConfigFileValues;

/** What each key takes, worded for "… must be <expected>, got …". */
const EXPECTED: Readonly<Record<Key, string>> = {
  script_location: "a path",
  version_locations: "a path or a non-empty list of paths",
  file_template: "a non-empty string",
  version_table: "a string",
  version_table_schema: "a string",
  history_table: "a string",
  transaction_per_migration: "true or false",
  migration_lock: '"session" or "transaction"',
  schema: "a path or a non-empty list of paths",
  scratch_url: "a database URL string",
  lock_timeout: 'a duration string such as "30s"',
  migration_lock_timeout: 'a duration string such as "30s"',
  revision_lock_timeout: 'a duration string such as "500ms"',
  lock_retry_budget: 'a duration string such as "5m"',
  revision_statement_timeout: 'a duration string such as "10m"',
  lint_on_upgrade: '"off", "warn" or "error"',
  lint_small_table_rows: "a whole number of rows, 0 or more",
  lint_rules: 'a table of rule ids to "off", "warning" or "error"',
  database_url: "a database URL string",
};
const KEYS = Object.keys(EXPECTED);

/** Parses retort.toml text; `file` is absolute, `shownFile` the path as printed. */
export function parseConfigFile(text: string, file: string, shownFile: string): ConfigFileValues {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // Only the first line: the rest is smol-toml's code excerpt, which may show a password. For
    // the same reason its error is not kept as the cause: line and column are all it adds.
    const reason = error.message.split("\n")[0]?.replace(/^Invalid TOML document: /, "") ?? "invalid TOML";
    throw new ConfigSyntaxError(file, shownFile, { line: error.line, column: error.column }, `invalid TOML: ${reason}`);
  }
  // Parsed once per run: without jitless, zod first compiles a checker for the object with
  // new Function, which cost more than the parse (about 2 ms of a command's start-up).
  const result = ConfigFileSchema.safeParse(data, { jitless: true });
  if (result.success) return result.data;
  const record = data as Record<string, unknown>;
  const unknownKeys = result.error.issues.flatMap((issue) => (issue.code === "unrecognized_keys" ? issue.keys : []));
  const unknown = unknownKeys[0];
  if (unknown !== undefined) {
    const suggestion = closestMatch(unknown, KEYS);
    const hint =
      unknown === "retort"
        ? "Put the keys at the top level of retort.toml, without a [retort] table"
        : suggestion !== undefined
          ? `Did you mean "${suggestion}"?`
          : `Known keys: ${KEYS.join(", ")}`;
    throw new UnknownConfigKeyError(file, shownFile, unknown, suggestion, hint);
  }
  const key = (result.error.issues[0]?.path[0] ?? "") as Key;
  throw new InvalidConfigValueError(file, shownFile, key, EXPECTED[key] ?? "valid", describeValue(record[key]));
}

