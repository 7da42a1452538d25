import { defineRule, type Fix, type RuleContext } from '../types';
import { relationName, typeModifiers } from '../../parse/ast';
import { arraySuffix, baseTypeName, columnDefinitions, typeSpan } from '../helpers/column-defs';

export default defineRule({
  meta: {
    id: 'prefer-timestamptz',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: '`timestamp` (without time zone) columns store wall-clock readings that mean different instants in different time zones.',
      why:
        '`timestamp without time zone` stores the digits it is given and ignores the session time zone, so the same ' +
        'value means a different instant for every client, daylight-saving changes create duplicate and missing ' +
        'hours, and comparing it with `now()` (a `timestamptz`) silently converts through the session time zone. ' +
        '`timestamptz` takes the same 8 bytes, stores an absolute instant (UTC) and converts on input and output.',
      instead:
        'Use `timestamptz` (`timestamp with time zone`) for points in time. Keep `timestamp` only for calendar ' +
        'readings that are deliberately zone-less (a shop\'s opening hour), and document why. Changing an existing ' +
        'column later rewrites the table unless the session TimeZone is UTC (PostgreSQL 12+).\n\n' +
        'Reported only where `timestamptz` is the project\'s way (most of the point-in-time columns of its schema, or ' +
        'of the file without a project): a project that uses `timestamp` (Rails\' and Ecto\'s default, written in ' +
        'UTC) has made that its convention, and a blinded review of real projects found one more such column to be ' +
        'noise there. Schema dumps are not reported: their columns exist with their rows.',
      bad: 'CREATE TABLE events (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    created_at timestamptz NOT NULL DEFAULT now(),\n    happened_at timestamp NOT NULL\n);',
      good: 'CREATE TABLE events (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    created_at timestamptz NOT NULL DEFAULT now(),\n    happened_at timestamptz NOT NULL\n);',
      fixed: 'CREATE TABLE events (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    created_at timestamptz NOT NULL DEFAULT now(),\n    happened_at timestamptz NOT NULL\n);',
    },
  },
  create(context) {
    // A schema dump describes columns that exist with their rows: changing one is a rewrite to plan, not a choice.
    if (context.file.role.kind === 'schema-dump') return {};
    // A project that stores points in time as timestamp (Rails' and Ecto's default, written in UTC) made that its
    // convention: one column more of it is no news. Reported where timestamptz is the project's way (most of its
    // point-in-time columns, or the file's when there is no project), where a plain timestamp is the likely slip.
    let convention: boolean | undefined;
    const projectUsesTimestamptz = (): boolean => (convention ??= timestamptzIsTheConvention(context));
    return {
      statement(statement) {
        for (const def of columnDefinitions(statement.ast)) {
          const type = def.column.typeName;
          if (baseTypeName(type) !== 'timestamp') continue;
          if (!projectUsesTimestamptz()) continue;
          const span = typeSpan(statement, type);
          const range = span ?? statement.rangeOfLocation(type?.location);
          const modifiers = typeModifiers(type);
          const precision = modifiers.length > 0 ? `(${modifiers[0]})` : '';
          const fixes: Fix[] = span
            ? [{ title: 'Use timestamptz', preferred: def.kind !== 'alter-type', edits: [{ range: span, newText: `timestamptz${precision}${arraySuffix(context.document.text.slice(span.start, span.end))}` }] }]
            : [];
          const where = def.table ? `${relationName(def.table)}.${def.name}` : def.name;
          context.report({ range, message: `${where} is a timestamp without time zone; use timestamptz so it stores an instant, not a wall-clock reading.`, fixes });
        }
      },
    };
  },
});

/** Whether most point-in-time columns are timestamptz: in the project's catalog, else in the file's text. */
function timestamptzIsTheConvention(context: RuleContext): boolean {
  let zoned = 0;
  let plain = 0;
  const primary = context.schema?.lookup.primary;
  if (primary) {
    for (const relation of primary.relations()) {
      for (const column of relation.columns) {
        if (/^timestamp(\(\d+\))? with time zone$/.test(column.type)) zoned++;
        else if (/^timestamp(\(\d+\))? without time zone$/.test(column.type)) plain++;
      }
    }
  }
  if (zoned + plain === 0) {
    const text = context.document.text;
    zoned = (text.match(/\btimestamptz\b|\btimestamp\s*(\(\s*\d+\s*\))?\s+with\s+time\s+zone\b/gi) ?? []).length;
    plain = (text.match(/\btimestamp\b(?!\s*(\(\s*\d+\s*\))?\s+with\s+time\s+zone)/gi) ?? []).length;
  }
  return zoned > 0 && zoned >= plain;
}
