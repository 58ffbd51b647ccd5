/**
 * The commander program: argv → one command call → output. Actions only copy flags into a
 * command's options and hand the result to a renderer; they never decide anything themselves.
 */
import { Command } from "@commander-js/extra-typings";
import { branches } from "../commands/branches.ts";
import type { Context } from "../commands/context.ts";
import { current } from "../commands/current.ts";
import { downgrade } from "../commands/downgrade.ts";
import { heads } from "../commands/heads.ts";
import { history } from "../commands/history.ts";
import { init } from "../commands/init.ts";
import { revision } from "../commands/revision.ts";
import { show } from "../commands/show.ts";
import { upgrade } from "../commands/upgrade.ts";
import type { GlobalFlags } from "./context.ts";
import { revisionEntry, revisionLine } from "./format.ts";
import type { Output } from "./output.ts";

export interface ProgramIo {
  readonly output: () => Output;
  /** Builds the command context from the global flags (loads config). */
  readonly context: (flags: GlobalFlags) => Promise<Context>;
  readonly versionText: () => string;
  /** Where commander writes help and usage errors. */
  readonly writeOut: (s: string) => void;
  readonly writeErr: (s: string) => void;
}

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

  const ctxOf = (cmd: { optsWithGlobals(): object }): Promise<Context> => io.context(cmd.optsWithGlobals() as GlobalFlags);
  const json = (cmd: { optsWithGlobals(): object }): boolean => (cmd.optsWithGlobals() as GlobalFlags).json === true;
  const print = (value: unknown): void => io.output().data(JSON.stringify(value, null, 2));

  program
    .command("init")
    .description("create the migrations directory and a retort.toml")
    .argument("[directory]", "where the revision scripts live", "migrations")
    .action(async (directory, _opts, cmd) => {
      const r = await init(await ctxOf(cmd), { directory });
      if (json(cmd)) return print(r);
      io.output().info(`Created ${r.versions}${r.configFile ? ` and ${r.configFile}` : ""}`);
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
    .action(async (opts, cmd) => {
      const r = await revision(await ctxOf(cmd), {
        message: opts.message,
        head: opts.head,
        splice: opts.splice === true,
        branchLabels: opts.branchLabel ?? [],
        dependsOn: opts.dependsOn ?? [],
        ts: opts.ts === true,
        ...(opts.revId !== undefined ? { revId: opts.revId } : {}),
        ...(opts.versionPath !== undefined ? { versionPath: opts.versionPath } : {}),
      });
      if (json(cmd)) return print(r);
      io.output().info(`Generating ${r.path} ... done`);
    });

  const migrateAction = (direction: "upgrade" | "downgrade") => async (target: string, opts: { lock?: boolean }, cmd: { optsWithGlobals(): object }) => {
    const r = await (direction === "upgrade" ? upgrade : downgrade)(await ctxOf(cmd), { target, noLock: opts.lock === false });
    if (json(cmd)) return print(r);
    if (r.steps.length === 0) io.output().info(`Nothing to ${direction}: the database is at ${r.headsAfter.length ? r.headsAfter.join(", ") : "base"}`);
  };

  program
    .command("upgrade")
    .description("apply revisions up to a target")
    .argument("[target]", "head, heads, +N, a revision, label@head …", "head")
    .option("--no-lock", "do not take the migration lock (for transaction-pooling proxies such as pgbouncer)")
    .action((target, opts, cmd) => migrateAction("upgrade")(target, opts, cmd));

  program
    .command("downgrade")
    .description("revert revisions down to a target")
    .argument("<target>", "-N, a revision, base, label@-1 …")
    .option("--no-lock", "do not take the migration lock (for transaction-pooling proxies such as pgbouncer)")
    .action((target, opts, cmd) => migrateAction("downgrade")(target, opts, cmd));

  program
    .command("current")
    .description("show the revisions applied to the database")
    .option("--verbose", "show each revision in full")
    .option("--check-heads", "exit 1 unless the database is at every head")
    .action(async (opts, cmd) => {
      const ctx = await ctxOf(cmd);
      const r = await current(ctx, { checkHeads: opts.checkHeads === true });
      if (json(cmd)) return print(r);
      if (opts.verbose) io.output().info(`Current revision(s) for ${r.database}:`);
      for (const rev of r.current) io.output().data(opts.verbose ? revisionEntry(rev) : revisionLine(rev, { heads: true }));
    });

  program
    .command("history")
    .description("list revisions, newest first")
    .option("-r, --rev-range <range>", "a range such as a:b, -3:, :current")
    .option("--verbose", "show each revision in full")
    .option("-i, --indicate-current", "mark the revisions applied to the database")
    .action(async (opts, cmd) => {
      const ctx = await ctxOf(cmd);
      const r = await history(ctx, { ...(opts.revRange ? { range: opts.revRange } : {}), indicateCurrent: opts.indicateCurrent === true });
      if (json(cmd)) return print(r);
      for (const e of r.entries) io.output().data(opts.verbose ? revisionEntry(e) : revisionLine(e, { parents: true, branches: true, tree: true, doc: true, current: true }));
    });

  program
    .command("heads")
    .description("show the head revisions of the scripts")
    .option("--verbose", "show each revision in full")
    .action(async (opts, cmd) => {
      const r = await heads(await ctxOf(cmd));
      if (json(cmd)) return print(r);
      for (const h of r.heads) io.output().data(opts.verbose ? revisionEntry(h) : revisionLine(h, { branches: true, heads: true }));
    });

  program
    .command("branches")
    .description("show the branch points")
    .option("--verbose", "show each revision in full")
    .action(async (opts, cmd) => {
      const r = await branches(await ctxOf(cmd));
      if (json(cmd)) return print(r);
      for (const b of r.branches) {
        io.output().data(opts.verbose ? revisionEntry(b.revision) : revisionLine(b.revision, { branches: true, heads: true, tree: true }));
        const pad = " ".repeat(b.revision.revision.length);
        for (const c of b.children) io.output().data(`${pad} -> ${revisionLine(c, { branches: true, heads: true, tree: true, doc: opts.verbose === true })}`);
      }
    });

  program
    .command("show")
    .description("show a revision in full")
    .argument("<rev>", "a revision id, prefix, label, head or heads")
    .action(async (rev, _opts, cmd) => {
      const r = await show(await ctxOf(cmd), { revision: rev });
      if (json(cmd)) return print(r);
      for (const x of r.revisions) io.output().data(revisionEntry(x));
    });

  return program as unknown as Command;
}
