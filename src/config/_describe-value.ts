/** Describing a bad setting's value for an error message, private to config/. */
import { redactUrlText } from "./database-url.ts";

/** Shows a TOML value in a message: strings quoted and redacted, containers by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(redactUrlText(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return "an empty list";
    return value.every((item) => typeof item === "string" && item !== "") ? "a list" : "a list with an item that is not a path";
  }
  if (value instanceof Date) return "a date";
  if (typeof value === "object" && value !== null) return "a table";
  return String(value);
}
