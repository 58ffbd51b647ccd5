/**
 * Bun embeds files imported `with { type: "file" }` into the compiled executable and gives their
 * path inside it. Loaded only inside the executable: other runtimes do not know this attribute.
 */
import wasm from "../../../node_modules/libpg-query/wasm/libpg-query.wasm" with { type: "file" };

export const embeddedParserWasm: string = wasm;
