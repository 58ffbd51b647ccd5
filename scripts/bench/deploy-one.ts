/**
 * (m) A deploy's usual run: `upgrade head` that applies the one revision a release adds, onto a
 * database that has every revision before it. Each run gets a fresh copy of a database set up
 * once per tool with the earlier revisions applied, so the set-up stays outside the timing.
 */
import { join } from "node:path";
import { tableMigrations } from "./generate.ts";
import { describeError, measureCases, timeOnce, type Case } from "./measure.ts";
import { group, recordKeepingTools, type BenchContext, type Group } from "./workloads.ts";

/** The database each tool's copies are made from. */
const templateOf = (database: string): string => `${database}_m_template`;

export async function deployOneWorkload(ctx: BenchContext): Promise<Group> {
  const n = ctx.migrations;
  const title = `(m) deploy of one revision onto ${n - 1} applied, a fresh copy of the database per run`;
  ctx.log(title);
  const migrations = tableMigrations(n);
  // A tool without a record of what it applied (psql) would run every revision again.
  const { outcomes, tools } = recordKeepingTools(ctx, "m", migrations);
  const cases: Case[] = [];
  for (const { tool: t, dir } of tools) {
    const template = templateOf(t.database);
    try {
      const before = join(ctx.workDir, "m", `${t.name}-before`);
      t.writeProject(before, migrations.slice(0, n - 1));
      await ctx.admin.fresh(template);
      timeOnce(t.upgrade(before, template));
      cases.push({ name: t.name, command: t.upgrade(dir, t.database), setup: () => ctx.admin.fresh(t.database, template) });
    } catch (error) {
      outcomes.set(t.name, { kind: "failed", error: `set-up apply: ${describeError(error)}` });
    }
  }
  try {
    for (const [name, outcome] of await measureCases(cases, ctx.fast)) outcomes.set(name, outcome);
  } finally {
    for (const t of ctx.tools) await ctx.admin.drop(templateOf(t.database));
  }
  return group("m", title, ctx.tools, outcomes);
}
