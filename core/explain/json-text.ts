/**
 * JSON text of plan data that may be nested without limit (a plan 10,000 levels deep, or a hostile value):
 * JSON.stringify recurses and throws near 10,000 levels, and indentation makes a deep value's text grow with
 * the square of its depth. Values up to PRETTY_DEPTH levels are indented as JSON.stringify does; deeper ones
 * are written compact by an explicit stack.
 */
export const PRETTY_DEPTH = 100;

export function jsonText(value: unknown, space = 0): string {
  if (nestingDepth(value) <= PRETTY_DEPTH) return JSON.stringify(value, null, space) ?? 'null';
  return compactJson(value);
}

/** How many arrays and objects deep `value` goes (0 for a primitive), without recursion. */
function nestingDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, depth + 1);
    if (max > PRETTY_DEPTH) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}

/** What JSON.stringify writes for a primitive, or undefined where it leaves a property out. */
function primitive(v: unknown): string | undefined {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function compactJson(value: unknown): string {
  const out: string[] = [];
  // Tasks in reverse order of output: literal text, or a value still to write.
  const stack: ({ text: string } | { value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if ('text' in task) {
      out.push(task.text);
      continue;
    }
    const v = task.value;
    if (v === null || typeof v !== 'object') {
      out.push(primitive(v) ?? 'null');
      continue;
    }
    const tasks: ({ text: string } | { value: unknown })[] = [];
    if (Array.isArray(v)) {
      tasks.push({ text: '[' });
      v.forEach((item, i) => {
        if (i > 0) tasks.push({ text: ',' });
        tasks.push(item !== null && typeof item === 'object' ? { value: item } : { text: primitive(item) ?? 'null' });
      });
      tasks.push({ text: ']' });
    } else {
      tasks.push({ text: '{' });
      let first = true;
      for (const [key, item] of Object.entries(v)) {
        const written = item !== null && typeof item === 'object' ? { value: item } : primitive(item);
        if (written === undefined) continue; // JSON.stringify leaves undefined and functions out of objects
        tasks.push({ text: `${first ? '' : ','}${JSON.stringify(key)}:` }, typeof written === 'string' ? { text: written } : written);
        first = false;
      }
      tasks.push({ text: '}' });
    }
    for (let i = tasks.length - 1; i >= 0; i--) stack.push(tasks[i]);
  }
  return out.join('');
}
