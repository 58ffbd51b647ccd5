/**
 * The package entry: the library API (the verbs as functions, returning what `--json` prints),
 * the documents' types, the error classes with their codes, and the types TypeScript revision
 * files import (`import type { MigrationContext } from "retort"`).
 */
export { check, current, diff, downgrade, dump, heads, history, importAlembic, importHistory, lint, revision, script, stamp, upgrade, type LockOptions, type ProjectOptions, type RevisionLibraryOptions } from "./library/api.ts";
export type { Document, JsonCommand } from "./project/documents.ts";
export type { ProgressEvent } from "./project/context.ts";
export type { MigrationContext, MigrationFunction } from "./scripts/ts-revision.ts";
export * from "./core/errors.ts";
export * from "./core/errors-stamp.ts";
export * from "./core/errors-import.ts";
export * from "./config/errors.ts";
export * from "./scripts/errors.ts";
export * from "./scripts/errors-import.ts";
export * from "./db/errors.ts";
export * from "./db/errors-scratch.ts";
export * from "./db/errors-import.ts";
export * from "./db/embedded/errors.ts";
export * from "./project/errors.ts";
export * from "./project/errors-lint.ts";
export * from "./commands/errors.ts";
export * from "./watch/errors.ts";
