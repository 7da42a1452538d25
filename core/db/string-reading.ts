/**
 * Our parser reads string literals as PostgreSQL does with standard_conforming_strings = on (the default since
 * 9.1). A server, database, role or PGOPTIONS may turn it off; then a backslash in a plain '...' literal
 * escapes the next character, and the server sees other statement boundaries and other code than we checked
 * (`SELECT 'a\' AS x, ';COMMIT;DROP TABLE victim;--'`). Before anything is decided from our parse, the
 * server's setting is read, and statements it would read differently are refused.
 */
import { scanText } from '../parse/parser';
import type { Session } from './session';

/** A plain string literal ('...' or N'...', not E'...' or $$...$$) that holds a backslash. */
export function hasBackslashInPlainString(sql: string): boolean {
  if (!sql.includes('\\')) return false;
  return scanText(sql).some((t) => t.kind === 'SCONST' && /^[nN]?'/.test(t.text) && t.text.includes('\\'));
}

/**
 * A refusal when the session's server reads `sql`'s string literals differently from our parser, else
 * undefined. Asks the server only when the statement has a backslash in a plain literal.
 */
export async function stringReadingRefusal(session: Session, sql: string): Promise<string | undefined> {
  if (!hasBackslashInPlainString(sql)) return undefined;
  const rows = (await session.query<{ scs: string }>("SELECT current_setting('standard_conforming_strings') AS scs")).rows;
  if (rows[0]?.scs === 'on') return undefined;
  return (
    'This server has standard_conforming_strings = off, so it reads the backslashes in this statement\'s \'...\' strings ' +
    'as escapes and would see a different statement than the one checked here. Write those strings as E\'...\' ' +
    '(or double the quotes instead of \\\'), or connect with standard_conforming_strings = on.'
  );
}
