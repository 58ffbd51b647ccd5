/**
 * The commander program: argv → one command call → output. Actions only copy flags into a
 * command's options and hand the result to a renderer; they never decide anything themselves.
 * Each action imports its command when it runs, so a run loads only what it uses (a start-up
 * cost every deploy pays).
 */
import { Argument, Command } from "@commander-js/extra-typings";
import type { Context } from "../project/context.ts";
import { parseDuration } from "../config/duration.ts";
import { SHELLS } from "./completion/shells.ts";
import type { GlobalFlags } from "./context.ts";
import { revisionEntry, revisionLine } from "./format.ts";
import { addHelpExamples } from "./help-examples.ts";
import type { JsonCommand } from "./json-schemas.ts";
import type { Output } from "./output.ts";
import type { CheckResult } from "../project/schema-diff.ts";

export interface ProgramIo {
  readonly output: () => Output;
  /** Builds the command context from the global flags (loads config). */
  readonly context: (flags: GlobalFlags) => Promise<Context>;
  readonly versionText: () => string;
  /** Where commander writes help and usage errors. */
  readonly writeOut: (s: string) => void;
  readonly writeErr: (s: string) => void;
  /** Called by a command whose normal end is Ctrl-C (`watch`): the interrupt then means exit 0. */
  readonly interruptIsExit: () => void;
}

type Cmd = { optsWithGlobals(): object };

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];

/** Builds the program; `run.ts` parses argv with it. */
export function buildProgram(io: ProgramIo): Command {
  const program = new Command("retort")
    .description("PostgreSQL schema migrations with Alembic's commands, in one binary")
    .option("-c, --config <file>", "config file (default: ./retort.toml)")
    .option("--env-file <file>", "read environment variables from this file (default: .env next to the config)")
    .option("--url <url>", "database URL (overrides DATABASE_URL)")
    .option("--json", "print one JSON document on stdout")
    .option("-q, --quiet", "print errors only")
    .option("--no-color", "no colours in output")
    .option("--version-table <name>", "version table name (default: alembic_version)")
    .option("--lock-timeout <duration>", "how long to wait for the migration lock, e.g. 30s (default: 60s)")
    .version(io.versionText(), "-v, --version", "print the version")
    .configureOutput({ writeOut: io.writeOut, writeErr: io.writeErr })
    .showHelpAfterError("(run retort --help for usage)")
    .exitOverride();

  const ctxOf = (cmd: Cmd): Promise<Context> => io.context(cmd.optsWithGlobals() as GlobalFlags);
  const json = (cmd: Cmd): boolean => (cmd.optsWithGlobals() as GlobalFlags).json === true;
  const out = (): Output => io.output();
  const print = async (command: JsonCommand, value: object): Promise<void> => {
    const { jsonDocument } = await import("./json-schemas.ts");
    out().document(jsonDocument(command, value));
  };
  const noLockOption = "do not take the migration lock (for transaction-pooling proxies such as pgbouncer)";
  const verboseConnectionOption = "say which database it connects to and how it keeps other runs out";
  const sayConnection = async (ctx: Context, noLock: boolean): Promise<void> => {
    const { connectionNotes } = await import("../project/database.ts");
    for (const line of connectionNotes(ctx, noLock)) out().info(line);
  };

  program
    .command("init")
    .description("create the migrations directory and a retort.toml")
    .argument("[directory]", "where the revision scripts live", "migrations")
    .action(async (directory, _opts, cmd) => {
      const { init } = await import("../commands/init.ts");
      const r = await init(await ctxOf(cmd), { directory });
      if (json(cmd)) return print("init", r);
      out().info(`Created ${r.versions}${r.configFile ? ` and ${r.configFile}` : ""}`);
    });

  program
    .command("revision")
    .description("create a new revision file")
    .requiredOption("-m, --message <message>", "what the revision does")
    .option("--head <rev>", "base the revision on this head (head, base, label@head, a revision)", "head")
    .option("--splice", "allow --head to name a revision that is not a head")
    .option("--branch-label <label>", "branch label(s) for the new revision", collect)
    .option("--depends-on <rev>", "revision(s) this one depends on", collect)
    .option("--rev-id <id>", "use this revision id instead of a random one")
    .option("--ts", "write a TypeScript revision instead of SQL")
    .option("--version-path <dir>", "write the file into this versions directory")
    .option("--autogenerate", "fill the revision with the SQL that turns the schema of the revisions into the schema files")
    .action(async (opts, cmd) => {
      const { revision } = await import("../commands/revision.ts");
      const r = await revision(await ctxOf(cmd), {
        message: opts.message,
        head: opts.head,
        splice: opts.splice === true,
        branchLabels: opts.branchLabel ?? [],
        dependsOn: opts.dependsOn ?? [],
        ts: opts.ts === true,
        ...(opts.revId !== undefined ? { revId: opts.revId } : {}),
        ...(opts.versionPath !== undefined ? { versionPath: opts.versionPath } : {}),
        autogenerate: opts.autogenerate === true,
      });
      if (json(cmd)) return print("revision", { ...r, steps: r.steps ?? null });
      if (r.path === null) return out().info("No changes in schema detected; no revision written");
      for (const s of r.steps ?? []) if (s.warning !== undefined) out().info(`warning: ${s.warning}`);
      out().info(`Generating ${r.path} ... done`);
    });

  const diffDocument = (r: { steps: readonly object[]; sql: string }) => ({ steps: r.steps, sql: r.sql });
  const printSql = (sql: string, none: string): void => {
    if (sql === "") out().info(none);
    else out().data(sql.trimEnd());
  };
  const sourceHelp = "a database URL, `database`, `migrations`, `migrations@<rev>`, `schema` or schema file paths";

  program
    .command("diff")
    .description("print the SQL that turns one schema into another")
    .option("--from <source>", `where to start: ${sourceHelp}`, "migrations")
    .option("--to <source>", `where to end: ${sourceHelp}`, "schema")
    .action(async (opts, cmd) => {
      const { diff } = await import("../commands/diff.ts");
      const r = await diff(await ctxOf(cmd), { from: opts.from, to: opts.to });
      if (json(cmd)) return print("diff", diffDocument(r));
      printSql(r.sql, "No differences");
    });

  program
    .command("dump")
    .description("print SQL that recreates a schema in an empty database")
    .option("--from <source>", `the schema to dump: ${sourceHelp}`, "migrations")
    .action(async (opts, cmd) => {
      const { dump } = await import("../commands/dump.ts");
      const r = await dump(await ctxOf(cmd), { from: opts.from });
      if (json(cmd)) return print("dump", diffDocument(r));
      printSql(r.sql, "The schema is empty");
    });

  program
    .command("check")
    .description("exit 1 when the schema files and the revisions disagree (with --database: when the database drifted)")
    .option("--database", "compare the live database with what its applied revisions produce")
    .action(async (opts, cmd) => {
      const [{ check }, { SchemaDriftError }] = await Promise.all([import("../commands/check.ts"), import("../commands/errors.ts")]);
      const ctx = await ctxOf(cmd);
      const render = async (r: CheckResult, clean: boolean): Promise<void> => {
        if (json(cmd)) return print("check", { against: r.against, clean, ...diffDocument(r), unsupported: r.unsupported });
        if (!clean) return out().data(r.sql.trimEnd());
        out().info(r.against === "schema" ? "The schema files and the revisions agree" : "The database matches its revisions");
      };
      try {
        await render(await check(ctx, { database: opts.database === true }), true);
      } catch (err) {
        if (err instanceof SchemaDriftError) await render(err.findings, false);
        throw err;
      }
    });

  program
    .command("watch")
    .description("re-apply the head revision in the scratch database on every save, and check its downgrade")
    .option("--revision <rev>", "the revision to watch when there are several heads")
    .option("--drop-on-exit", "drop the scratch database when the watch ends (default: keep it for inspection)")
    .action(async (opts, cmd) => {
      const [{ watch }, { failureLines }] = await Promise.all([import("../watch/watch.ts"), import("./failure.ts")]);
      io.interruptIsExit();
      await watch(
        await ctxOf(cmd),
        { ...(opts.revision !== undefined ? { revision: opts.revision } : {}), dropOnExit: opts.dropOnExit === true },
        {
          report: (line) => out().data(line),
          info: (line) => out().info(line),
          failure: (err) => {
            for (const line of failureLines(err)) out().error(line);
          },
        },
      );
    });

  program
    .command("merge")
    .description("create a revision that merges heads")
    .argument("<revisions...>", "the heads to merge, or `heads` for all of them")
    .requiredOption("-m, --message <message>", "what the merge is")
    .option("--branch-label <label>", "branch label(s) for the merge revision", collect)
    .option("--rev-id <id>", "use this revision id instead of a random one")
    .action(async (revisions, opts, cmd) => {
      const { merge } = await import("../commands/merge.ts");
      const r = await merge(await ctxOf(cmd), { revisions, message: opts.message, branchLabels: opts.branchLabel ?? [], ...(opts.revId !== undefined ? { revId: opts.revId } : {}) });
      if (json(cmd)) return print("merge", r);
      out().info(`Generating ${r.path} ... done`);
    });

  const migrateAction = (direction: "upgrade" | "downgrade") => async (target: string, opts: { lock?: boolean; sql?: boolean; wait?: boolean; waitTimeout?: string; verbose?: boolean }, cmd: Cmd) => {
    const ctx = await ctxOf(cmd);
    const verb = direction === "upgrade" ? await import("../commands/upgrade.ts") : await import("../commands/downgrade.ts");
    const { migrate, migrateScript } = direction === "upgrade"
      ? { migrate: (verb as typeof import("../commands/upgrade.ts")).upgrade, migrateScript: (verb as typeof import("../commands/upgrade.ts")).upgradeScript }
      : { migrate: (verb as typeof import("../commands/downgrade.ts")).downgrade, migrateScript: (verb as typeof import("../commands/downgrade.ts")).downgradeScript };
    if (opts.sql) return out().data(await migrateScript(ctx, { range: target }));
    if (opts.verbose) await sayConnection(ctx, opts.lock === false);
    const { wait } = await import("../commands/wait.ts");
    if (opts.wait) await wait(ctx, { timeoutMs: parseDuration(opts.waitTimeout ?? "60s", "--wait-timeout") });
    const r = await migrate(ctx, { target, noLock: opts.lock === false });
    if (json(cmd)) return print(direction, r);
    if (r.steps.length === 0) out().info(`Nothing to ${direction}: the database is at ${r.headsAfter.length ? r.headsAfter.join(", ") : "base"}`);
    else out().info(`${direction === "upgrade" ? "Upgraded" : "Downgraded"} to ${r.headsAfter.length ? r.headsAfter.join(", ") : "base"} (${r.steps.length} revision${r.steps.length === 1 ? "" : "s"})`);
  };

  program
    .command("upgrade")
    .description("apply revisions up to a target")
    .argument("[target]", "head, heads, +N, a revision, label@head …; with --sql a range a:b", "head")
    .option("--sql", "print the SQL script instead of running it (offline mode)")
    .option("--wait", "first wait until the server accepts connections")
    .option("--wait-timeout <duration>", "how long --wait waits (default: 60s)")
    .option("--no-lock", noLockOption)
    .option("--verbose", verboseConnectionOption)
    .action((target, opts, cmd) => migrateAction("upgrade")(target, opts, cmd));

  program
    .command("downgrade")
    .description("revert revisions down to a target")
    .argument("<target>", "-N, a revision, base, label@-1 …; with --sql a range b:a")
    .option("--sql", "print the SQL script instead of running it (offline mode)")
    .option("--wait", "first wait until the server accepts connections")
    .option("--wait-timeout <duration>", "how long --wait waits (default: 60s)")
    .option("--no-lock", noLockOption)
    .option("--verbose", verboseConnectionOption)
    .action((target, opts, cmd) => migrateAction("downgrade")(target, opts, cmd));

  program
    .command("stamp")
    .description("set the version table to the given revisions without running them")
    .argument("<revisions...>", "revisions to record (head, heads, base, a revision …)")
    .option("--purge", "empty the version table first, even if it holds unknown revisions")
    .option("--sql", "print the SQL script instead of running it (offline mode)")
    .option("--no-lock", noLockOption)
    .option("--verbose", verboseConnectionOption)
    .action(async (revisions, opts, cmd) => {
      const ctx = await ctxOf(cmd);
      const { stamp, stampScript } = await import("../commands/stamp.ts");
      const options = { revisions, purge: opts.purge === true, noLock: opts.lock === false };
      if (opts.sql) return out().data(await stampScript(ctx, options));
      if (opts.verbose) await sayConnection(ctx, options.noLock);
      const r = await stamp(ctx, options);
      if (json(cmd)) return print("stamp", r);
      out().info(`Stamped: the database is at ${r.headsAfter.length ? r.headsAfter.join(", ") : "base"}`);
    });

  program
    .command("rehash")
    .description("accept the current content of applied revisions whose files changed")
    .argument("[revisions...]", "only these revisions (default: every changed one)")
    .option("--no-lock", noLockOption)
    .option("--verbose", verboseConnectionOption)
    .action(async (revisions, opts, cmd) => {
      const { rehash } = await import("../commands/rehash.ts");
      const ctx = await ctxOf(cmd);
      if (opts.verbose) await sayConnection(ctx, opts.lock === false);
      const r = await rehash(ctx, { revisions, noLock: opts.lock === false });
      if (json(cmd)) return print("rehash", r);
      if (r.accepted.length === 0) out().info("No applied revision has changed");
      for (const c of r.accepted) out().info(`Accepted the new content of ${c.file} (revision "${c.revision}")`);
    });

  program
    .command("current")
    .description("show the revisions applied to the database")
    .option("--verbose", "show each revision in full")
    .option("--check-heads", "exit 1 unless the database is at every head")
    .action(async (opts, cmd) => {
      const { current } = await import("../commands/current.ts");
      const r = await current(await ctxOf(cmd), { checkHeads: opts.checkHeads === true });
      if (json(cmd)) return print("current", r);
      if (opts.verbose) out().info(`Current revision(s) for ${r.database}:`);
      out().lines(r.current.map((rev) => (opts.verbose ? revisionEntry(rev) : revisionLine(rev, { heads: true }))));
    });

  program
    .command("history")
    .description("list revisions, newest first")
    .option("-r, --rev-range <range>", "a range such as a:b, -3:, :current")
    .option("--verbose", "show each revision in full (with -i: when, by whom and how fast it was applied)")
    .option("-i, --indicate-current", "mark the revisions applied to the database")
    .action(async (opts, cmd) => {
      const { history } = await import("../commands/history.ts");
      const r = await history(await ctxOf(cmd), {
        ...(opts.revRange ? { range: opts.revRange } : {}),
        indicateCurrent: opts.indicateCurrent === true,
        applied: opts.verbose === true,
      });
      if (json(cmd)) return print("history", r);
      out().lines(r.entries.map((e) => (opts.verbose ? revisionEntry(e) : revisionLine(e, { parents: true, branches: true, tree: true, doc: true, current: true }))));
    });

  program
    .command("heads")
    .description("show the head revisions of the scripts")
    .option("--verbose", "show each revision in full")
    .action(async (opts, cmd) => {
      const { heads } = await import("../commands/heads.ts");
      const r = await heads(await ctxOf(cmd));
      if (json(cmd)) return print("heads", r);
      out().lines(r.heads.map((h) => (opts.verbose ? revisionEntry(h) : revisionLine(h, { branches: true, heads: true }))));
    });

  program
    .command("branches")
    .description("show the branch points")
    .option("--verbose", "show each revision in full")
    .action(async (opts, cmd) => {
      const { branches } = await import("../commands/branches.ts");
      const r = await branches(await ctxOf(cmd));
      if (json(cmd)) return print("branches", r);
      for (const b of r.branches) {
        out().data(opts.verbose ? revisionEntry(b.revision) : revisionLine(b.revision, { branches: true, heads: true, tree: true }));
        const pad = " ".repeat(b.revision.revision.length);
        for (const c of b.children) out().data(`${pad} -> ${revisionLine(c, { branches: true, heads: true, tree: true, doc: opts.verbose === true })}`);
      }
    });

  program
    .command("show")
    .description("show a revision in full")
    .argument("<rev>", "a revision id, prefix, label, head or heads")
    .action(async (rev, _opts, cmd) => {
      const { show } = await import("../commands/show.ts");
      const r = await show(await ctxOf(cmd), { revision: rev });
      if (json(cmd)) return print("show", r);
      out().lines(r.revisions.map((x) => revisionEntry(x)));
    });

  program
    .command("wait")
    .description("wait until the database server accepts connections")
    .option("--timeout <duration>", "give up after this long (exit 4)", "60s")
    .action(async (opts, cmd) => {
      const { wait } = await import("../commands/wait.ts");
      const r = await wait(await ctxOf(cmd), { timeoutMs: parseDuration(opts.timeout, "--timeout") });
      if (json(cmd)) return print("wait", r);
      out().info(`${r.database} accepts connections`);
    });

  program
    .command("completion")
    .description("print the shell completion script for bash, zsh or fish")
    .addArgument(new Argument("<shell>", "the shell to complete for").choices(SHELLS))
    .action(async (shell) => {
      const { completionScript } = await import("./completion/script.ts");
      out().data(completionScript(shell, program as unknown as Command).trimEnd());
    });

  // What the completion scripts run at each TAB: the project's revision ids, branch labels and
  // symbolic targets, one `word<TAB>description` a line. It reads the files, never the database.
  program
    .command("__complete", { hidden: true })
    .description("print the words a shell completes for a revision (revisions) or a history range (range)")
    .argument("<kind>", "revisions or range")
    .action(async (kind, _opts, cmd) => {
      if (kind !== "revisions" && kind !== "range") return;
      try {
        const { revisionWords } = await import("../commands/complete.ts");
        const words = await revisionWords(await ctxOf(cmd), { range: kind === "range" });
        out().lines(words.map((w) => `${w.value}\t${w.description.replace(/\s+/g, " ")}`));
      } catch {
        // No project here, or a broken one: a TAB offers nothing rather than an error.
      }
    });

  addHelpExamples(program as unknown as Command);
  return program as unknown as Command;
}
