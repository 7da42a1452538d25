/**
 * EXPLAIN (FORMAT YAML) read into the same objects as FORMAT JSON. Only the YAML PostgreSQL writes: block
 * mappings and sequences by indentation, `- ` items whose first key shares the dash's line, scalars that are
 * numbers, booleans, bare words or double-quoted strings escaped as JSON strings are.
 */

interface Line {
  indent: number;
  text: string;
}

export function parseYamlPlan(text: string): { value: unknown } | { error: string } {
  const lines: Line[] = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  let i = 0;

  const scalar = (s: string): unknown => {
    if (s.startsWith('"')) return JSON.parse(s) as unknown;
    if (/^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(s)) return Number(s);
    if (s === 'true' || s === 'false') return s === 'true';
    return s;
  };

  const block = (indent: number): unknown => {
    const first = lines[i];
    if (first.text === '-' || first.text.startsWith('- ')) {
      const items: unknown[] = [];
      while (i < lines.length && lines[i].indent === indent && (lines[i].text === '-' || lines[i].text.startsWith('- '))) {
        const rest = lines[i].text.slice(1).trimStart();
        if (rest === '') {
          i++;
          items.push(i < lines.length && lines[i].indent > indent ? block(lines[i].indent) : null);
        } else if (KEY.test(rest)) {
          // "- Node Type: ..." opens a mapping whose other keys are indented under the first one.
          lines[i] = { indent: indent + 2, text: rest };
          items.push(block(indent + 2));
        } else {
          items.push(scalar(rest));
          i++;
        }
      }
      return items;
    }
    const map: Record<string, unknown> = {};
    while (i < lines.length && lines[i].indent === indent && !lines[i].text.startsWith('- ')) {
      const m = KEY.exec(lines[i].text);
      if (!m) throw new Error(`line "${lines[i].text.slice(0, 60)}" is not "Key: value"`);
      i++;
      if (m[2] !== undefined && m[2] !== '') map[m[1]] = scalar(m[2]);
      else map[m[1]] = i < lines.length && lines[i].indent > indent ? block(lines[i].indent) : null;
    }
    return map;
  };

  try {
    if (lines.length === 0) return { error: 'The YAML plan is empty.' };
    const value = block(lines[0].indent);
    if (i < lines.length) return { error: `The YAML plan could not be read from the line "${lines[i].text.slice(0, 60)}" on (its indentation does not fit the lines above).` };
    return { value };
  } catch (e) {
    return { error: `The YAML plan could not be read: ${(e as Error).message}.` };
  }
}

/** `Key: value` or `Key:` (a nested block follows); PostgreSQL's keys are words, never quoted. */
const KEY = /^([A-Za-z][^:"]*):(?:\s+(.*))?$/;
