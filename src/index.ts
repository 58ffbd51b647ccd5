/** Types for TypeScript revision files: `import type { MigrationContext } from "retort"`. */
export type { MigrationContext, MigrationFunction } from "./scripts/ts-revision.ts";
