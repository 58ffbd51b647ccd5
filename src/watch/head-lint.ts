/**
 * What watch says about the head's SQL on each save: its lint findings, judged as a deploy on top of
 * the revisions below it. The parser loads on the first save, and the schema the revisions below
 * build is worked out again only when one of them changes.
 */
import type { Linter } from "../core/lint/lint.ts";
import type { Context } from "../project/context.ts";
import type { LintSession } from "../project/lint.ts";
import type { Project } from "../project/project.ts";

export class HeadLinter {
  readonly #ctx: Context;
  #session: LintSession | undefined;
  #base: { readonly key: string; readonly linter: Linter } | undefined;

  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** The head's findings as compiler-style text blocks (none when it is clean or a TypeScript revision). */
  async findings(project: Project, head: string, baseKey: string): Promise<string[]> {
    const file = project.fileOf(head);
    if (file.kind !== "sql") return [];
    const [{ lintRevisionFile, newLinter, openLintSession, shownPath }, { revisionUnits }, { findingText }] = await Promise.all([
      import("../project/lint.ts"),
      import("../project/lint-units.ts"),
      import("../project/lint-text.ts"),
    ]);
    this.#session ??= await openLintSession(this.#ctx, { database: "none" });
    const session = this.#session;
    if (this.#base?.key !== baseKey) {
      const linter = newLinter(session);
      const below = project.graph.sortTopologically([...project.graph.ancestors([head])].filter((id) => id !== head));
      for (const id of below) {
        const f = project.fileOf(id);
        if (f.kind === "sql") linter.absorb([revisionUnits(f, session.parser, f.path).upgrade.unit]);
      }
      this.#base = { key: baseKey, linter };
    }
    return lintRevisionFile(this.#base.linter.fork(), file, session, shownPath(this.#ctx.config.projectDir, file.path)).findings.map(findingText);
  }
}
