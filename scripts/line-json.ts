/** JSON with one entry per line, so regenerating a generated data file gives a readable diff. */
export function lineJson(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) parts.push(`${JSON.stringify(key)}: [\n${value.map((v) => '  ' + JSON.stringify(v)).join(',\n')}\n]`);
    else if (value && typeof value === 'object')
      parts.push(`${JSON.stringify(key)}: {\n${Object.entries(value).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}`);
    else parts.push(`${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  }
  return `{\n${parts.join(',\n')}\n}\n`;
}
