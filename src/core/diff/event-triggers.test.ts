import { describe, expect, it } from "vitest";
import { modelOf } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import type { EventTriggerDef, FunctionDef, SchemaModel } from "./model.ts";

const NOTE = (returns: string, body: string): FunctionDef => ({
  schema: "public",
  name: "note",
  comment: null,
  acl: null,
  kind: "function",
  identityArguments: "",
  argumentTypes: "",
  result: null,
  definition: `CREATE OR REPLACE FUNCTION public.note()\n RETURNS ${returns}\n LANGUAGE plpgsql\nAS $function$ ${body} $function$\n`,
  dependsOn: [],
  functionsUsed: [],
  typesUsed: [],
});

const trigger = (extra: Partial<EventTriggerDef> = {}): EventTriggerDef => ({ name: "on ddl", event: "ddl_command_start", tags: null, function: '"public"."note"()', enabled: "O", comment: null, ...extra });

function model(f: FunctionDef | null, t: EventTriggerDef | null): SchemaModel {
  return { ...modelOf({}), functions: f ? { '"public"."note"()': f } : {}, eventTriggers: t ? { '"on ddl"': t } : {} };
}

describe("event triggers in the diff", () => {
  it("creates one after its function with its tags and how it fires, and drops it before the function", () => {
    const f = NOTE("event_trigger", "BEGIN END");
    const t = trigger({ tags: ["CREATE TABLE", "DROP TABLE"], enabled: "R", comment: "audit" });
    expect(diffSchemas(model(null, null), model(f, t)).map((s) => s.sql.split("\n")[0])).toEqual([
      "SET LOCAL check_function_bodies = false;",
      "CREATE OR REPLACE FUNCTION public.note()",
      `CREATE EVENT TRIGGER "on ddl" ON ddl_command_start WHEN TAG IN ('CREATE TABLE', 'DROP TABLE') EXECUTE FUNCTION "public"."note"();`,
      'ALTER EVENT TRIGGER "on ddl" ENABLE REPLICA;',
      `COMMENT ON EVENT TRIGGER "on ddl" IS 'audit';`,
    ]);
    expect(diffSchemas(model(f, t), model(null, null)).map((s) => s.sql)).toEqual(['DROP EVENT TRIGGER "on ddl";', 'DROP FUNCTION "public"."note"();']);
  });

  it("alters how one fires in place, and recreates one whose event changes", () => {
    const f = NOTE("event_trigger", "BEGIN END");
    expect(diffSchemas(model(f, trigger()), model(f, trigger({ enabled: "D" }))).map((s) => s.sql)).toEqual(['ALTER EVENT TRIGGER "on ddl" DISABLE;']);
    expect(diffSchemas(model(f, trigger()), model(f, trigger({ event: "ddl_command_end" }))).map((s) => s.kind)).toEqual(["drop-event-trigger", "create-event-trigger"]);
  });

  it("keeps one over a function replaced in place, and recreates one over a function dropped and created again", () => {
    const t = trigger();
    expect(diffSchemas(model(NOTE("event_trigger", "BEGIN END"), t), model(NOTE("event_trigger", "BEGIN NULL; END"), t)).map((s) => s.kind)).toEqual(["set", "replace-function"]);
    // A return type change stands for any change CREATE OR REPLACE refuses.
    expect(diffSchemas(model(NOTE("trigger", "BEGIN END"), t), model(NOTE("event_trigger", "BEGIN END"), t)).map((s) => s.kind)).toEqual([
      "set",
      "drop-event-trigger",
      "drop-function",
      "create-function",
      "create-event-trigger",
    ]);
  });
});
