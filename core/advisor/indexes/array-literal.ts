/** PostgreSQL's one-dimensional array literal (`{a,"b c",NULL}`) as strings; undefined for anything else. */
export function parseArrayLiteral(text: string): (string | null)[] | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const out: (string | null)[] = [];
  const body = text.slice(1, -1);
  if (body === '') return out;
  let i = 0;
  while (i <= body.length) {
    if (body[i] === '{') return undefined;
    let value = '';
    let quoted = false;
    if (body[i] === '"') {
      quoted = true;
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        value += body[i++] ?? '';
      }
      i++;
    } else {
      while (i < body.length && body[i] !== ',') value += body[i++];
    }
    out.push(!quoted && value === 'NULL' ? null : value);
    if (i < body.length && body[i] !== ',') return undefined;
    i++;
  }
  return out;
}
