import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConfigError,
  ConfigFileNotFoundError,
  ConfigSyntaxError,
  InvalidConfigValueError,
  InvalidIdentifierError,
  InvalidSettingError,
  ScratchIsDatabaseError,
  UnknownConfigKeyError,
} from "./errors.ts";
import { type ConfigInput, loadConfig } from "./load-config.ts";

const SECRET = "Xk7-ultra-s3cret";
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "retort-config-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes fixture files under the temp root. */
async function files(tree: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(tree)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

function load(input: Partial<ConfigInput> = {}) {
  return loadConfig({ cwd: root, env: {}, flags: {}, ...input });
}

/** Loads expecting a ConfigError, and checks that nothing it says holds the secret password. */
async function failure(input: Partial<ConfigInput> = {}): Promise<ConfigError> {
  const error = await load(input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const e = error as ConfigError;
  expect(e.exitCode).toBe(2);
  for (const text of [e.message, e.hint ?? "", e.stack ?? "", JSON.stringify(e)]) expect(text).not.toContain(SECRET);
  return e;
}

describe("loadConfig defaults", () => {
  it("gives every default when there are no files, variables or flags", async () => {
    const config = await load();
    expect(config).toEqual({
      projectDir: root,
      configFile: undefined,
      envFile: undefined,
      scriptLocation: join(root, "migrations"),
      versionLocations: [join(root, "migrations", "versions")],
      fileTemplate: "%%(rev)s_%%(slug)s",
      versionTable: "alembic_version",
      versionTableSchema: undefined,
      historyTable: "retort_history",
      transactionPerMigration: false,
      migrationLock: "session",
      schema: [join(root, "schema.sql")],
      lockTimeoutMs: 60_000,
      revisionLockTimeoutMs: 500,
      lockRetryBudgetMs: 300_000,
      revisionStatementTimeoutMs: 600_000,
      lintOnUpgrade: "warn",
      lintSmallTableRows: 10_000,
      lintRules: {},
      warnings: [],
      databaseUrl: undefined,
      scratchUrl: undefined,
      secrets: [],
    });
  });
});

describe("retort.toml", () => {
  it("reads every key, with paths relative to the file's directory", async () => {
    await files({
      "backend/retort.toml": [
        'script_location = "db"',
        'version_locations = ["db/versions", "/abs/more"]',
        'file_template = "%%(rev)s"',
        'version_table = "my_versions"',
        'version_table_schema = "meta"',
        "transaction_per_migration = true",
        'schema = ["schema", "extra.sql"]',
        'lock_timeout = "5s"',
        `database_url = "postgres://app:${SECRET}@db:5432/app"`,
        'scratch_url = "postgres://app@db:5432/app_dev"',
      ].join("\n"),
    });
    const config = await load({ flags: { config: "backend/retort.toml" } });
    const dir = join(root, "backend");
    expect(config).toMatchObject({
      projectDir: dir,
      configFile: join(dir, "retort.toml"),
      scriptLocation: join(dir, "db"),
      versionLocations: [join(dir, "db/versions"), "/abs/more"],
      fileTemplate: "%%(rev)s",
      versionTable: "my_versions",
      versionTableSchema: "meta",
      transactionPerMigration: true,
      schema: [join(dir, "schema"), join(dir, "extra.sql")],
      lockTimeoutMs: 5_000,
    });
    expect(config.databaseUrl).toMatchObject({ host: "db", database: "app", source: '"database_url" in backend/retort.toml' });
    expect(config.scratchUrl).toMatchObject({ database: "app_dev", source: '"scratch_url" in backend/retort.toml' });
    expect(config.secrets).toEqual([SECRET]);
  });

  it("reads retort.toml from cwd, and single strings for list keys", async () => {
    await files({ "retort.toml": 'version_locations = "v"\nschema = "s.sql"\n' });
    const config = await load();
    expect(config.configFile).toBe(join(root, "retort.toml"));
    expect(config.versionLocations).toEqual([join(root, "v")]);
    expect(config.schema).toEqual([join(root, "s.sql")]);
  });

  it("derives version_locations from an overridden script_location", async () => {
    await files({ "retort.toml": 'script_location = "alembic"' });
    expect((await load()).versionLocations).toEqual([join(root, "alembic", "versions")]);
  });

  it("fails when --config names a missing file", async () => {
    const e = await failure({ flags: { config: "nope.toml" } });
    expect(e).toBeInstanceOf(ConfigFileNotFoundError);
    expect(e.message).toBe('Cannot find "nope.toml" given by --config');
  });

  it("rejects an unknown key and suggests the closest one", async () => {
    for (const [key, suggestion] of [
      ["version_tabel", "version_table"],
      ["versionTable", "version_table"],
      ["lock-timeout", "lock_timeout"],
      ["databse_url", "database_url"],
    ] as const) {
      await files({ "retort.toml": `${key} = "x"\n` });
      const e = await failure();
      expect(e).toBeInstanceOf(UnknownConfigKeyError);
      expect(e.message).toBe(`retort.toml: unknown key "${key}"`);
      expect(e.hint).toBe(`Did you mean "${suggestion}"?`);
    }
  });

  it("lists the known keys when nothing is close, and explains a [retort] table", async () => {
    await files({ "retort.toml": 'colour = "red"\n' });
    expect((await failure()).hint).toMatch(/^Known keys: script_location, version_locations/);
    await files({ "retort.toml": '[retort]\nversion_table = "v"\n' });
    expect((await failure()).hint).toMatch(/without a \[retort\] table/);
  });

  it.each([
    ['transaction_per_migration = "yes"', 'retort.toml: "transaction_per_migration" must be true or false, got "yes"'],
    ["lock_timeout = 30", 'retort.toml: "lock_timeout" must be a duration string such as "30s", got 30'],
    ["schema = []", 'retort.toml: "schema" must be a path or a non-empty list of paths, got an empty list'],
    ['version_locations = ["a", 1]', 'retort.toml: "version_locations" must be a path or a non-empty list of paths, got a list with an item that is not a path'],
    ['script_location = ""', 'retort.toml: "script_location" must be a path, got ""'],
    ["script_location = ['a']", 'retort.toml: "script_location" must be a path, got a list'],
    ["version_table = { name = 'x' }", 'retort.toml: "version_table" must be a string, got a table'],
    ["database_url = 1979-05-27", 'retort.toml: "database_url" must be a database URL string, got a date'],
    ["lint_small_table_rows = 1.5", 'retort.toml: "lint_small_table_rows" must be a whole number of rows, 0 or more, got 1.5'],
    ["lint_small_table_rows = -1", 'retort.toml: "lint_small_table_rows" must be a whole number of rows, 0 or more, got -1'],
    ['[lint_rules]\ndrop-column = "loud"', 'retort.toml: "lint_rules" must be a table of rule ids to "off", "warning" or "error", got a table'],
  ])("rejects a wrong type: %s", async (line, message) => {
    await files({ "retort.toml": line });
    const e = await failure();
    expect(e).toBeInstanceOf(InvalidConfigValueError);
    expect(e.message).toBe(message);
  });

  it("reports a TOML syntax error with its line and column, without the offending text", async () => {
    await files({ "retort.toml": `version_table = "v"\n\ndatabase_url = "postgres://u:${SECRET}@h/db\nschema = "s"\n` });
    const e = (await failure()) as ConfigSyntaxError;
    expect(e).toBeInstanceOf(ConfigSyntaxError);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^retort\.toml:3:\d+: invalid TOML: /);
  });

  it("names the file and hides the password of a bad database_url", async () => {
    await files({ "retort.toml": `database_url = "mysql://u:${SECRET}@h/db"` });
    const e = await failure();
    expect(e.message).toBe('Invalid database URL "mysql://u:***@h/db" from "database_url" in retort.toml: the scheme "mysql" is not PostgreSQL');
  });
});

describe(".env", () => {
  it("is read from the config file's directory, not cwd", async () => {
    await files({ "app/retort.toml": "", "app/.env": "DATABASE_URL=postgres://h/fromapp", ".env": "DATABASE_URL=postgres://h/fromcwd" });
    const config = await load({ flags: { config: "app/retort.toml" } });
    expect(config.envFile).toBe(join(root, "app", ".env"));
    expect(config.databaseUrl?.database).toBe("fromapp");
    expect(config.databaseUrl?.source).toBe("DATABASE_URL in app/.env");
  });

  it("is taken from --env-file, which must exist", async () => {
    await files({ "env/prod.env": "export DATABASE_URL='postgres://h/prod' # prod" });
    expect((await load({ flags: { envFile: "env/prod.env" } })).databaseUrl?.database).toBe("prod");
    const e = await failure({ flags: { envFile: "env/missing.env" } });
    expect(e).toBeInstanceOf(ConfigFileNotFoundError);
    expect(e.message).toBe('Cannot find "env/missing.env" given by --env-file');
  });

  it("reports its syntax errors with the line", async () => {
    await files({ ".env": 'A=1\nDATABASE_URL="postgres://u:' + SECRET + "@h/db\n" });
    expect((await failure()).message).toBe('.env:2: the value of "DATABASE_URL" has no closing "');
  });

  it("resolves relative paths from .env against its own directory", async () => {
    await files({ "cfg/.env": "RETORT_SCRIPT_LOCATION=../db\n" });
    const config = await load({ flags: { envFile: "cfg/.env" } });
    expect(config.scriptLocation).toBe(join(root, "db"));
  });
});

describe("the lint settings", () => {
  it("reads lint_on_upgrade, lint_small_table_rows and [lint_rules] from retort.toml, and the first two from the environment and flags", async () => {
    await files({ "retort.toml": 'lint_on_upgrade = "error"\nlint_small_table_rows = 500\n[lint_rules]\ndrop-column = "warning"\nrename-table = "off"\n' });
    expect(await load()).toMatchObject({ lintOnUpgrade: "error", lintSmallTableRows: 500, lintRules: { "drop-column": "warning", "rename-table": "off" } });
    expect(await load({ env: { RETORT_LINT_ON_UPGRADE: "Off", RETORT_LINT_SMALL_TABLE_ROWS: "0" } })).toMatchObject({ lintOnUpgrade: "off", lintSmallTableRows: 0 });
    expect(await load({ flags: { lintOnUpgrade: "warn" }, env: { RETORT_LINT_ON_UPGRADE: "error" } })).toMatchObject({ lintOnUpgrade: "warn" });
  });

  it("refuses a mode, a row count or a severity it does not know, naming where it came from", async () => {
    expect((await failure({ env: { RETORT_LINT_ON_UPGRADE: "loud" } })).message).toContain("environment variable RETORT_LINT_ON_UPGRADE");
    expect((await failure({ env: { RETORT_LINT_SMALL_TABLE_ROWS: "many" } })).message).toContain("a whole number of rows");
    await files({ "retort.toml": '[lint_rules]\ndrop-column = "fatal"\n' });
    expect((await failure()).message).toContain("lint_rules");
  });
});

describe("the lock and retry settings", () => {
  it("reads the revision lock timeout, retry budget and statement timeout from every level", async () => {
    await files({ "retort.toml": 'revision_lock_timeout = "250ms"\nlock_retry_budget = "2m"\nrevision_statement_timeout = "0s"\nmigration_lock_timeout = "9s"\n' });
    expect(await load()).toMatchObject({ revisionLockTimeoutMs: 250, lockRetryBudgetMs: 120_000, revisionStatementTimeoutMs: 0, lockTimeoutMs: 9_000, warnings: [] });
    const fromFlags = await load({ flags: { revisionLockTimeout: "1s", lockRetryBudget: "30s", revisionStatementTimeout: "1m" }, env: { RETORT_REVISION_LOCK_TIMEOUT: "2s" } });
    expect(fromFlags).toMatchObject({ revisionLockTimeoutMs: 1_000, lockRetryBudgetMs: 30_000, revisionStatementTimeoutMs: 60_000 });
  });

  it("refuses a revision lock timeout of 0, which would wait forever", async () => {
    expect((await failure({ env: { RETORT_REVISION_LOCK_TIMEOUT: "0s" } })).message).toBe('Invalid duration "0s" from environment variable RETORT_REVISION_LOCK_TIMEOUT: a lock timeout of 0 would wait for a lock forever');
  });

  it("still reads the deprecated lock_timeout names, with a warning naming the new one; the new name wins", async () => {
    await files({ "retort.toml": 'lock_timeout = "7s"\n' });
    const old = await load();
    expect(old.lockTimeoutMs).toBe(7_000);
    expect(old.warnings).toEqual(['warning: "lock_timeout" in retort.toml is deprecated; use "migration_lock_timeout" instead']);
    expect((await load({ flags: { lockTimeout: "3s" } })).warnings).toEqual(["warning: --lock-timeout is deprecated; use --migration-lock-timeout instead"]);
    const both = await load({ env: { RETORT_MIGRATION_LOCK_TIMEOUT: "4s" } });
    expect([both.lockTimeoutMs, both.warnings]).toEqual([4_000, []]);
  });
});

describe("precedence: flag > environment > .env > retort.toml > default", () => {
  const levels = async () => {
    await files({
      "retort.toml": 'database_url = "postgres://h/toml"\nlock_timeout = "1s"\nversion_table = "from_toml"\ntransaction_per_migration = false\n',
      ".env": "DATABASE_URL=postgres://h/dotenv\nRETORT_LOCK_TIMEOUT=2s\nRETORT_VERSION_TABLE=from_dotenv\nRETORT_TRANSACTION_PER_MIGRATION=yes\n",
    });
  };
  const env = { DATABASE_URL: "postgres://h/env", RETORT_LOCK_TIMEOUT: "3s", RETORT_VERSION_TABLE: "from_env", RETORT_TRANSACTION_PER_MIGRATION: "0" };
  const flags = { url: "postgres://h/flag", lockTimeout: "4s", versionTable: "from_flag" };

  it("uses retort.toml over the defaults", async () => {
    await files({ "retort.toml": 'database_url = "postgres://h/toml"\nlock_timeout = "1s"\nversion_table = "from_toml"\n' });
    const config = await load();
    expect([config.databaseUrl?.database, config.lockTimeoutMs, config.versionTable]).toEqual(["toml", 1_000, "from_toml"]);
  });

  it("uses .env over retort.toml", async () => {
    await levels();
    const config = await load();
    expect([config.databaseUrl?.database, config.lockTimeoutMs, config.versionTable, config.transactionPerMigration]).toEqual([
      "dotenv",
      2_000,
      "from_dotenv",
      true,
    ]);
  });

  it("uses environment variables over .env", async () => {
    await levels();
    const config = await load({ env });
    expect([config.databaseUrl?.database, config.lockTimeoutMs, config.versionTable, config.transactionPerMigration]).toEqual([
      "env",
      3_000,
      "from_env",
      false,
    ]);
    expect(config.databaseUrl?.source).toBe("environment variable DATABASE_URL");
  });

  it("uses flags over everything", async () => {
    await levels();
    const config = await load({ env, flags });
    expect([config.databaseUrl?.database, config.lockTimeoutMs, config.versionTable]).toEqual(["flag", 4_000, "from_flag"]);
    expect(config.databaseUrl?.source).toBe("--url");
  });

  it("treats an empty environment variable as unset", async () => {
    await levels();
    expect((await load({ env: { DATABASE_URL: "" } })).databaseUrl?.database).toBe("dotenv");
  });

  it("resolves RETORT_SCRIPT_LOCATION from the environment against cwd", async () => {
    await files({ "sub/retort.toml": 'script_location = "m"' });
    const config = await load({ flags: { config: "sub/retort.toml" }, env: { RETORT_SCRIPT_LOCATION: "elsewhere" } });
    expect(config.scriptLocation).toBe(join(root, "elsewhere"));
    expect(config.versionLocations).toEqual([join(root, "elsewhere", "versions")]);
  });

  it("reads RETORT_FILE_TEMPLATE and RETORT_VERSION_TABLE_SCHEMA", async () => {
    const config = await load({ env: { RETORT_FILE_TEMPLATE: "%%(slug)s", RETORT_VERSION_TABLE_SCHEMA: "meta" } });
    expect([config.fileTemplate, config.versionTableSchema]).toEqual(["%%(slug)s", "meta"]);
  });

  it('migration_lock is "session" or "transaction", from retort.toml, RETORT_MIGRATION_LOCK or --migration-lock', async () => {
    await files({ "retort.toml": 'migration_lock = "transaction"\n' });
    expect((await load()).migrationLock).toBe("transaction");
    expect((await load({ env: { RETORT_MIGRATION_LOCK: "session" } })).migrationLock).toBe("session");
    expect((await load({ env: { RETORT_MIGRATION_LOCK: "session" }, flags: { migrationLock: "transaction" } })).migrationLock).toBe("transaction");
    const e = await failure({ flags: { migrationLock: "pgbouncer" } });
    expect(e).toBeInstanceOf(InvalidSettingError);
    expect(e.message).toBe('Invalid value "pgbouncer" from --migration-lock: it must be "session" or "transaction"');
  });

  it("names the source of a bad value at each level", async () => {
    await files({ ".env": "RETORT_LOCK_TIMEOUT=30\n" });
    expect((await failure()).message).toBe('Invalid duration "30" from RETORT_LOCK_TIMEOUT in .env: it has no unit');
    expect((await failure({ flags: { lockTimeout: "soon" } })).message).toMatch(/^Invalid duration "soon" from --lock-timeout/);
    const e = await failure({ env: { RETORT_TRANSACTION_PER_MIGRATION: "maybe" } });
    expect(e).toBeInstanceOf(InvalidSettingError);
    expect(e.message).toBe('Invalid value "maybe" from environment variable RETORT_TRANSACTION_PER_MIGRATION: it must be true or false');
    const url = await failure({ env: { DATABASE_URL: `mysql://u:${SECRET}@h/db` } });
    expect(url.message).toMatch(/from environment variable DATABASE_URL: the scheme "mysql"/);
  });
});

describe("identifiers", () => {
  it.each(["x; drop table y", 'a"b', "has space", "1starts_with_digit", "", "a".repeat(64), "dot.ted", "naïve"])(
    "rejects version_table %j from retort.toml",
    async (name) => {
      await files({ "retort.toml": `version_table = ${JSON.stringify(name)}` });
      const e = await failure();
      expect(e).toBeInstanceOf(InvalidIdentifierError);
      expect(e.message).toBe(`Invalid version_table ${JSON.stringify(name)} from "version_table" in retort.toml: it must be a plain SQL identifier`);
    },
  );

  it("rejects a bad name from the flag and the environment", async () => {
    expect((await failure({ flags: { versionTable: "v'; --" } })).message).toMatch(/from --version-table:/);
    const e = await failure({ env: { RETORT_VERSION_TABLE_SCHEMA: "public; drop schema x" } });
    expect(e.message).toMatch(/^Invalid version_table_schema "public; drop schema x" from environment variable RETORT_VERSION_TABLE_SCHEMA/);
  });

  it("accepts plain identifiers up to 63 bytes", async () => {
    for (const name of ["alembic_version", "_v", "V$2", "a".repeat(63)]) {
      expect((await load({ flags: { versionTable: name } })).versionTable).toBe(name);
    }
  });
});

describe("scratch database", () => {
  it("refuses a scratch URL that names the database itself", async () => {
    const e = await failure({
      env: { DATABASE_URL: `postgres://u:${SECRET}@localhost/app`, SCRATCH_DATABASE_URL: "postgres:///app?host=/tmp" },
    });
    expect(e).toBeInstanceOf(ScratchIsDatabaseError);
    expect(e.message).toBe(
      'The scratch database "postgres:///app?host=/tmp" from environment variable SCRATCH_DATABASE_URL is the database from environment variable DATABASE_URL',
    );
  });

  it("accepts a scratch database on another database or server", async () => {
    const config = await load({ env: { DATABASE_URL: "postgres://h/app", SCRATCH_DATABASE_URL: "postgres://h/app_test" } });
    expect(config.scratchUrl?.source).toBe("environment variable SCRATCH_DATABASE_URL");
  });
});

describe("secrets", () => {
  it("collects the password of every URL seen, chosen or not, parsable or not", async () => {
    await files({
      "retort.toml": 'database_url = "postgres://u:toml-pw@h/db"\nscratch_url = "postgres://u:scratch%40pw@h/s"',
      ".env": "DATABASE_URL=mysql://u:dotenv-pw@h/db\n",
    });
    const config = await load({ env: { DATABASE_URL: "postgres://u:env-pw@h/db" }, flags: { url: "postgres://u:flag-pw@h/db" } });
    expect(config.secrets).toEqual(expect.arrayContaining(["toml-pw", "scratch@pw", "scratch%40pw", "dotenv-pw", "env-pw", "flag-pw"]));
  });

  it("scrubs a known password pasted into another setting", async () => {
    const e = await failure({ env: { DATABASE_URL: `postgres://u:${SECRET}@h/db`, RETORT_VERSION_TABLE: SECRET } });
    expect(e.message).toBe("Invalid version_table \"***\" from environment variable RETORT_VERSION_TABLE: it must be a plain SQL identifier");
  });
});
