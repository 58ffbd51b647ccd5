/** One row change in the version table: what a planned step, a stamp or a net change writes. */
export type VersionChange =
  | { readonly op: "insert"; readonly revision: string }
  | { readonly op: "update"; readonly from: string; readonly to: string }
  | { readonly op: "delete"; readonly revision: string };
