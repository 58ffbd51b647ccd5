/** Options that take several values, repeated or comma-separated: `--depends-on a,b --depends-on c`. */

/** Adds the comma-separated values of one use of the option to those of the uses before it. */
export const collectList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];
