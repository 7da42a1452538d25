/**
 * EXPLAIN (FORMAT XML) read into the same objects as FORMAT JSON: `<Node-Type>` is "Node Type", `<Plans>` holds
 * `<Plan>` elements, lists (`Output`, `Sort-Key`, ...) hold `<Item>`s. Only the XML PostgreSQL writes: elements and
 * text, no attributes besides the namespace, the five entities and character references.
 */

interface Element {
  readonly name: string;
  readonly children: Element[];
  text: string;
}

const TOKEN = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->|([^<]+)/g;

export function parseXmlPlan(text: string): { value: unknown } | { error: string } {
  const root: Element = { name: '', children: [], text: '' };
  const stack: Element[] = [root];
  for (const m of text.matchAll(TOKEN)) {
    const top = stack[stack.length - 1];
    if (m[4] !== undefined) {
      top.text += m[4];
      continue;
    }
    if (m[2] === undefined) continue; // declaration or comment
    if (m[1] === '/') {
      if (top.name !== m[2]) return { error: `The XML plan could not be read: </${m[2]}> closes <${top.name || 'nothing'}>.` };
      stack.pop();
      continue;
    }
    const element: Element = { name: m[2], children: [], text: '' };
    top.children.push(element);
    if (m[3] !== '/') stack.push(element);
  }
  if (stack.length > 1) return { error: `The XML plan is cut short: <${stack[stack.length - 1].name}> is never closed.` };
  return { value: root.children.map(convert) };
}

function convert(e: Element): unknown {
  if (e.name === 'Plans') return e.children.map(convert);
  if (e.children.length === 0) return scalar(decode(e.text.trim()));
  if (e.children.every((c) => c.name === 'Item')) return e.children.map((c) => (c.children.length > 0 ? convert(c) : decode(c.text.trim())));
  const out: Record<string, unknown> = {};
  for (const c of e.children) out[keyOf(c.name)] = convert(c);
  return out;
}

/** PostgreSQL turns a key's spaces and other characters an XML name cannot hold into dashes. */
function keyOf(tag: string): string {
  return tag
    .replace(/-/g, ' ')
    .replace(/\bI O\b/g, 'I/O')
    .replace(/\bOne Time\b/g, 'One-Time')
    .replace(/\bPre sorted\b/g, 'Pre-sorted')
    .replace(/\bFull sort\b/g, 'Full-sort');
}

function scalar(s: string): unknown {
  if (/^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(s)) return Number(s);
  if (s === 'true' || s === 'false') return s === 'true';
  return s;
}

function decode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()] ?? '';
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}
