/**
 * Resuming `transaction: false` revisions that an earlier run left half done: the statements it
 * committed are skipped, as long as they are still the section's first statements, unchanged;
 * otherwise nothing runs and the user is shown what was committed and what changed.
 */
import type { Step } from "../core/plan.ts";
import type { PartialRevision } from "../db/statement-progress.ts";
import { sha256Hex } from "../scripts/sha256.ts";
import { PartialRevisionChangedError, type PartialRevisionChange } from "./errors.ts";
import type { Project } from "./project.ts";

/** A revision the run resumes: how many of its statements an earlier run committed. */
export interface ResumedRevision {
  readonly revision: string;
  readonly file: string;
  readonly skipped: number;
}

/** Where each `transaction: false` step of the run starts (by revision), and which ones resume. */
export interface ResumePlan {
  readonly firstStatements: ReadonlyMap<string, number>;
  readonly resumed: readonly ResumedRevision[];
}

/**
 * The resume points of `steps`, from the half-done revisions; throws PartialRevisionChangedError
 * (before anything runs) when a half-done revision's file no longer starts with the committed
 * statements. Progress of the other direction is stale: the step starts from its first statement.
 */
export function planResume(partial: ReadonlyMap<string, PartialRevision>, project: Project, steps: readonly Step[]): ResumePlan {
  const firstStatements = new Map<string, number>();
  const resumed: ResumedRevision[] = [];
  for (const step of steps) {
    const done = partial.get(step.revision.id);
    if (!done || done.direction !== step.direction || done.committed.length === 0) continue;
    const file = project.fileOf(step.revision.id);
    const changes = changesSince(done, project, step, file.transaction);
    if (changes.length > 0) throw new PartialRevisionChangedError({ revision: done.revision, file: file.path, direction: done.direction, committed: done.committed, changes });
    const skipped = done.committed.at(-1)!.index + 1;
    firstStatements.set(done.revision, skipped);
    resumed.push({ revision: done.revision, file: file.path, skipped });
  }
  return { firstStatements, resumed };
}

/** What differs between the committed statements and the file's section now (nothing: it can resume). */
function changesSince(done: PartialRevision, project: Project, step: Step, transactional: boolean): PartialRevisionChange[] {
  if (transactional) return [{ what: "the revision now runs in a transaction (`transaction: false` was removed)" }];
  const body = project.bodyOf(step);
  if (body.kind !== "sql") return [{ what: "the revision is no longer a SQL file" }];
  const changes: PartialRevisionChange[] = [];
  for (const c of done.committed) {
    const now = body.statements[c.index];
    if (!now) {
      changes.push({ what: `statement ${c.index + 1} (line ${c.line}) is gone: the section now has ${body.statements.length} statements` });
    } else if (sha256Hex(now.text) !== c.checksum) {
      changes.push({ what: `statement ${c.index + 1} (committed from line ${c.line}) now reads, at line ${body.locate(now, 1).line}: ${firstLine(now.text)}` });
    }
  }
  return changes;
}

function firstLine(text: string): string {
  return text.split("\n")[0]!;
}
