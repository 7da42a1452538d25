export const GRAMMAR_FILE: string;
/** The grammar object written to GRAMMAR_FILE. */
export function buildGrammar(): Promise<Record<string, unknown>>;
