/** Configuration: retort.toml + .env + environment + flags → Config, and database URL handling. */
export { type Config, type ConfigInput, loadConfig } from "./load-config.ts";
export { type DatabaseUrl, formatUrl, parseDatabaseUrl, redactSecrets, redactUrlText, urlSecrets, withDatabase } from "./database-url.ts";
export { assertScratchIsSeparate, defaultScratchUrl, sameDatabase } from "./scratch-url.ts";
export { parseDuration } from "./duration.ts";
export { parseEnvFile } from "./env-file.ts";
export * from "./errors.ts";
