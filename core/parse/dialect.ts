/**
 * Whether SQL text is PostgreSQL's: PostgreSQL's own parser accepts (nearly) all of its statements. T-SQL's GO
 * batches and bracketed names, MySQL's backticks and ENGINE= clauses are refused, so another database's scripts
 * are told apart without a list of their quirks.
 */
import { parseDocument } from './document';

/** Statements enough to judge a file's dialect; the rest adds nothing. */
const SAMPLE_STATEMENTS = 50;
const SAMPLE_CHARACTERS = 200_000;

export function looksLikePostgres(text: string): boolean {
  const statements = parseDocument(text.slice(0, SAMPLE_CHARACTERS)).statements.slice(0, SAMPLE_STATEMENTS);
  if (statements.length === 0) return false;
  return statements.filter((s) => s.syntaxError === undefined).length >= statements.length * 0.9;
}
