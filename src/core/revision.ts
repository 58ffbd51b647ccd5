/** The revision record the pure core works with; built from a revision file by `scripts/`. */
export interface Revision {
  /** The revision id (`1a2b3c4d5e6f`). */
  readonly id: string;
  /** Parent ids: empty for a base, several for a merge. */
  readonly downRevisions: readonly string[];
  /** Labels naming the branch this revision starts or belongs to. */
  readonly branchLabels: readonly string[];
  /** Revisions (ids, or labels) that must be applied first without being parents. */
  readonly dependsOn: readonly string[];
  /** First line of the file's docstring / message. */
  readonly message: string;
  /** Where the revision came from (a file path), for error messages. */
  readonly source: string;
}
