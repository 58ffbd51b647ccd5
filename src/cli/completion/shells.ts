/**
 * The shells retort writes completion scripts for. Apart from the generators so that the program,
 * which offers them as choices on every run, loads none of them.
 */
export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];
