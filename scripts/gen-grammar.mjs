// Writes syntaxes/postgres.tmLanguage.json, the TextMate grammar of the `postgres` language: PostgreSQL SQL as
// psql reads it (meta-commands, :var interpolation), with PL/pgSQL bodies of functions and DO blocks highlighted
// as code. Keywords come from the parser we ship (scripts/pg-keywords.mjs); the word lists below are ours.
//
//   node scripts/gen-grammar.mjs        (test/unit/grammar checks the file is current)
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { postgresKeywords } from './pg-keywords.mjs';

export const GRAMMAR_FILE = fileURLToPath(new URL('../syntaxes/postgres.tmLanguage.json', import.meta.url));

// Type names that are not keywords. Left out on purpose: geometric types and `name`, which are far more often
// column names (`path`, `line`, `point`); after `::` every name is scoped as a type anyway.
const TYPES = `
  text bytea uuid jsonb jsonpath date timestamptz timetz serial serial2 serial4 serial8 bigserial smallserial money
  inet cidr macaddr macaddr8 tsvector tsquery xml oid regclass regproc regprocedure regoper regoperator regtype
  regrole regnamespace regconfig regdictionary regcollation xid xid8 cid tid pg_lsn pg_snapshot txid_snapshot
  int2 int4 int8 float4 float8 bool varbit bpchar record void trigger event_trigger refcursor cstring internal
  anyelement anyarray anynonarray anyenum anyrange anymultirange anycompatible anycompatiblearray
  anycompatiblenonarray anycompatiblerange anycompatiblemultirange language_handler fdw_handler
  table_am_handler index_am_handler tsm_handler int4range int8range numrange tsrange tstzrange daterange
  int4multirange int8multirange nummultirange tsmultirange tstzmultirange datemultirange`;
// Keywords that name types (col_name keywords mostly).
const KEYWORD_TYPES = 'bigint bit boolean char character dec decimal float int integer interval json nchar numeric real smallint time timestamp varchar';

// Built-in functions, scoped as such only when called: many (left, right, format, version) are also common names.
const FUNCTIONS = `
  count sum avg min max array_agg string_agg json_agg jsonb_agg json_object_agg jsonb_object_agg bool_and bool_or
  every bit_and bit_or stddev stddev_pop stddev_samp variance var_pop var_samp percentile_cont percentile_disc mode
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  coalesce nullif greatest least
  length char_length octet_length bit_length lower upper initcap substr substring position strpos replace
  regexp_replace regexp_match regexp_matches regexp_like regexp_count regexp_substr regexp_split_to_array
  regexp_split_to_table split_part trim btrim ltrim rtrim lpad rpad left right repeat reverse concat concat_ws
  format quote_ident quote_literal quote_nullable md5 sha256 encode decode to_hex chr ascii starts_with
  string_to_array array_to_string translate overlay normalize
  now clock_timestamp statement_timestamp transaction_timestamp timeofday date_trunc date_part date_bin extract
  age to_char to_date to_timestamp to_number make_date make_time make_timestamp make_timestamptz make_interval
  justify_days justify_hours justify_interval isfinite
  abs ceil ceiling floor round trunc mod power sqrt cbrt exp ln log log10 random setseed sign div width_bucket
  array_length array_append array_prepend array_cat array_remove array_replace array_position array_positions
  array_dims array_ndims array_lower array_upper cardinality unnest generate_series generate_subscripts
  to_json to_jsonb row_to_json array_to_json json_build_object jsonb_build_object json_build_array
  jsonb_build_array jsonb_set jsonb_set_lax jsonb_insert jsonb_path_query jsonb_path_query_array
  jsonb_path_query_first jsonb_path_exists jsonb_path_match jsonb_each jsonb_each_text json_each json_each_text
  jsonb_array_elements json_array_elements jsonb_array_elements_text json_array_elements_text jsonb_object_keys
  json_object_keys jsonb_array_length json_array_length jsonb_typeof json_typeof jsonb_strip_nulls jsonb_pretty
  json_extract_path jsonb_extract_path json_extract_path_text jsonb_extract_path_text jsonb_to_record
  jsonb_to_recordset json_populate_record jsonb_populate_record
  nextval currval setval lastval gen_random_uuid uuidv4 uuidv7
  current_setting set_config pg_sleep pg_sleep_for pg_advisory_lock pg_advisory_unlock pg_try_advisory_lock
  pg_advisory_xact_lock pg_try_advisory_xact_lock pg_cancel_backend pg_terminate_backend pg_backend_pid
  pg_size_pretty pg_relation_size pg_total_relation_size pg_table_size pg_indexes_size pg_database_size
  pg_column_size txid_current pg_current_xact_id version has_table_privilege has_schema_privilege
  has_function_privilege has_database_privilege pg_get_functiondef pg_get_indexdef pg_get_viewdef
  pg_get_constraintdef pg_get_triggerdef pg_typeof pg_notify
  to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd ts_headline
  setweight`;
// PL/pgSQL words that steer control flow or report (pl_reserved_kwlist.h / pl_unreserved_kwlist.h).
const PLPGSQL_CONTROL = `
  declare begin end if elsif elseif then else case when loop while for foreach exit continue return next query
  raise perform execute exception assert get diagnostics stacked open fetch move close call commit rollback`;
// PL/pgSQL keywords PostgreSQL's SQL lexer does not know.
const PLPGSQL_OTHER = `
  alias constant datatype debug notice info log warning error errcode hint detail message message_text
  column_name constraint_name table_name schema_name pg_datatype_name pg_context pg_routine_oid
  pg_exception_context pg_exception_detail pg_exception_hint returned_sqlstate print_strict_params
  variable_conflict use_column use_variable slice reverse strict dump found row_count`;

const words = (list) => list.trim().split(/\s+/);
const alternation = (list) => [...new Set(list)].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|');
/** Case-insensitive whole words. */
const wordsRegex = (list, suffix = '') => `(?i)(?<![\\w$])(?:${alternation(list)})(?![\\w$])${suffix}`;

// Identifier characters as PostgreSQL's lexer defines them: ASCII letters, `_`, and any non-ASCII character.
const IDENT_START = '(?:[A-Za-z_]|[^\\x00-\\x7F])';
const IDENT_CONT = '(?:[A-Za-z0-9_$]|[^\\x00-\\x7F])';
const IDENT = `${IDENT_START}${IDENT_CONT}*`;
// A dollar-quote tag may not contain `$` and may not start with a digit (`$1` is a parameter).
const DOLLAR_TAG = `${IDENT_START}(?:[A-Za-z0-9_]|[^\\x00-\\x7F])*`;
// Type names of several words (and `time(3) with time zone`).
const MULTIWORD_TYPES =
  '(?i:double\\s+precision|character\\s+varying|bit\\s+varying|national\\s+character(?:\\s+varying)?|' +
  '(?:timestamp|time)(?:\\s*\\(\\s*\\d+\\s*\\))?\\s+with(?:out)?\\s+time\\s+zone)(?![\\w$])';

/** `$tag$ ... $tag$` whose body is code; `prefix` is the regex before the opening quote (its groups count). */
function codeBody(prefix, prefixCaptures, prefixGroups) {
  const open = prefixGroups + 1;
  return {
    begin: `${prefix}(\\$(${DOLLAR_TAG})?\\$)`,
    beginCaptures: { ...prefixCaptures, [open]: { name: 'punctuation.section.embedded.begin.pgsql' } },
    end: `(\\$\\${open + 1}\\$)`,
    endCaptures: { 1: { name: 'punctuation.section.embedded.end.pgsql' } },
    name: 'meta.embedded.block.plpgsql',
    patterns: [{ include: '#plpgsql' }, { include: '#sql' }],
  };
}

/** A quoted string with a one-letter (or U&) prefix. */
function prefixedString(prefix, name, escapes) {
  return {
    begin: `(?i)(?<![\\w$])(${prefix})(')`,
    beginCaptures: { 1: { name: 'storage.type.string.pgsql' }, 2: { name: 'punctuation.definition.string.begin.pgsql' } },
    end: "'(?!')",
    endCaptures: { 0: { name: 'punctuation.definition.string.end.pgsql' } },
    name,
    patterns: [{ match: "''", name: 'constant.character.escape.pgsql' }, ...escapes],
  };
}

export async function buildGrammar() {
  const keywords = await postgresKeywords();
  const types = [...words(TYPES), ...words(KEYWORD_TYPES)];
  const constants = ['true', 'false', 'null'];
  const logical = ['and', 'or', 'not'];
  const special = new Set([...constants, ...logical]);
  const plainKeywords = keywords.map((k) => k.word).filter((w) => !special.has(w));
  const sqlKeywordSet = new Set(keywords.map((k) => k.word));

  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'PostgreSQL',
    scopeName: 'source.pgsql',
    fileTypes: ['psql', 'pgsql'],
    comment: 'Generated by scripts/gen-grammar.mjs. Do not edit.',
    patterns: [{ include: '#psql' }, { include: '#sql' }],
    repository: {
      psql: {
        patterns: [
          {
            // \set and \unset name a variable.
            begin: `(\\\\(?:set|unset))(?![A-Za-z])(?:\\s+(${IDENT}))?`,
            beginCaptures: { 1: { name: 'keyword.other.psql.pgsql' }, 2: { name: 'variable.other.psql.pgsql' } },
            end: '$',
            name: 'meta.psql.command.pgsql',
            patterns: [{ include: '#psql-arguments' }],
          },
          {
            // \copy takes SQL (a table or a query) up to the end of the line.
            begin: '(\\\\)copy(?![A-Za-z])',
            beginCaptures: { 0: { name: 'keyword.other.psql.pgsql' } },
            end: '$',
            name: 'meta.psql.command.pgsql',
            patterns: [{ include: '#psql-variables' }, { include: '#sql' }],
          },
          {
            // Any other meta-command: a backslash outside quotes, up to the end of the line.
            begin: '(\\\\)(?:[A-Za-z]+\\+?|[!?])',
            beginCaptures: { 0: { name: 'keyword.other.psql.pgsql' } },
            end: '$',
            name: 'meta.psql.command.pgsql',
            patterns: [{ include: '#psql-arguments' }],
          },
          { include: '#psql-variables' },
        ],
      },
      'psql-arguments': {
        patterns: [
          { include: '#psql-variables' },
          {
            // psql's own quoting in meta-command arguments: '' and backslash escapes.
            begin: "'",
            end: "'(?!')",
            name: 'string.quoted.single.psql.pgsql',
            patterns: [{ match: "''|\\\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.)", name: 'constant.character.escape.pgsql' }],
          },
          { begin: '`', end: '`', name: 'string.interpolated.psql.pgsql', patterns: [{ include: '#psql-variables' }] },
          { begin: '"', end: '"', name: 'variable.other.quoted.pgsql' },
        ],
      },
      'psql-variables': {
        patterns: [
          {
            // :var, :'var' (a literal), :"var" (an identifier); never the second colon of a `::` cast.
            match: `(?<!:)(:)(?:(${IDENT})|(')(${IDENT})(')|(")(${IDENT})("))`,
            name: 'variable.other.psql.pgsql',
            captures: {
              1: { name: 'punctuation.definition.variable.psql.pgsql' },
              3: { name: 'punctuation.definition.variable.psql.pgsql' },
              5: { name: 'punctuation.definition.variable.psql.pgsql' },
              6: { name: 'punctuation.definition.variable.psql.pgsql' },
              8: { name: 'punctuation.definition.variable.psql.pgsql' },
            },
          },
          {
            // :{?var} tests whether a variable is set.
            match: `(?<!:)(:\\{\\?)(${IDENT})(\\})`,
            name: 'variable.other.psql.pgsql',
            captures: { 1: { name: 'punctuation.definition.variable.psql.pgsql' }, 3: { name: 'punctuation.definition.variable.psql.pgsql' } },
          },
        ],
      },
      sql: {
        patterns: [
          { include: '#comments' },
          { include: '#code-bodies' },
          { include: '#strings' },
          { include: '#quoted-identifiers' },
          {
            match: `(::)\\s*(${MULTIWORD_TYPES}|(?:${IDENT}\\.)?${IDENT})?`,
            captures: { 1: { name: 'keyword.operator.cast.pgsql' }, 2: { name: 'storage.type.pgsql' } },
          },
          { match: '(?<![\\w$])\\$\\d+', name: 'variable.parameter.pgsql' },
          { include: '#numbers' },
          { match: `(?<![\\w$])${MULTIWORD_TYPES}`, name: 'storage.type.pgsql' },
          { match: wordsRegex(words(FUNCTIONS), '(?=\\s*\\()'), name: 'support.function.pgsql' },
          // After a dot, a word is a column, table or schema name, even when it is a keyword (`t.type`).
          { match: `(?<=\\.)${IDENT}` },
          { match: wordsRegex(types), name: 'storage.type.pgsql' },
          { match: wordsRegex(constants), name: 'constant.language.pgsql' },
          { match: wordsRegex(logical), name: 'keyword.operator.logical.pgsql' },
          { match: wordsRegex(plainKeywords), name: 'keyword.other.pgsql' },
          { match: IDENT },
          { include: '#operators' },
          { match: ';', name: 'punctuation.terminator.statement.pgsql' },
          { match: ',', name: 'punctuation.separator.comma.pgsql' },
          { match: '\\.', name: 'punctuation.accessor.pgsql' },
          { match: '[()]', name: 'punctuation.section.parens.pgsql' },
          { match: '[\\[\\]]', name: 'punctuation.section.brackets.pgsql' },
        ],
      },
      comments: {
        patterns: [
          {
            begin: '--',
            beginCaptures: { 0: { name: 'punctuation.definition.comment.pgsql' } },
            end: '$',
            name: 'comment.line.double-dash.pgsql',
          },
          { include: '#block-comment' },
        ],
      },
      'block-comment': {
        // PostgreSQL block comments nest.
        begin: '/\\*',
        beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.pgsql' } },
        end: '\\*/',
        endCaptures: { 0: { name: 'punctuation.definition.comment.end.pgsql' } },
        name: 'comment.block.pgsql',
        patterns: [{ include: '#block-comment' }],
      },
      'code-bodies': {
        // The body of CREATE FUNCTION / PROCEDURE (`AS $$`) and of DO: code, not a string. Other
        // dollar-quoted strings stay strings. `AS` or `DO` may end the line, with the body on the next one.
        patterns: [
          codeBody('(?i)(?<![\\w$])(as)\\s*', { 1: { name: 'keyword.other.pgsql' } }, 1),
          codeBody(
            `(?i)(?<![\\w$])(do)\\s*(?:(language)\\s+(${IDENT}|"[^"]*")\\s*)?`,
            { 1: { name: 'keyword.other.pgsql' }, 2: { name: 'keyword.other.pgsql' } },
            3,
          ),
          {
            begin: '(?i)(?<![\\w$])(as|do)\\s*$',
            beginCaptures: { 1: { name: 'keyword.other.pgsql' } },
            // Ends before whatever follows, unless that is the body (applyEndPatternLast lets the body win).
            end: '(?=\\S)',
            applyEndPatternLast: 1,
            patterns: [codeBody('', {}, 0)],
          },
        ],
      },
      plpgsql: {
        patterns: [
          {
            match: `(<<)\\s*(${IDENT})\\s*(>>)`,
            captures: { 1: { name: 'punctuation.definition.label.pgsql' }, 2: { name: 'entity.name.label.pgsql' }, 3: { name: 'punctuation.definition.label.pgsql' } },
          },
          { match: '(?i)^\\s*#(?:variable_conflict|print_strict_params)\\b', name: 'keyword.other.directive.plpgsql' },
          { match: '(?i)%(?:rowtype|type)(?![\\w$])', name: 'storage.type.plpgsql' },
          { match: ':=', name: 'keyword.operator.assignment.plpgsql' },
          { match: '\\.\\.', name: 'keyword.operator.range.plpgsql' },
          { match: wordsRegex(words(PLPGSQL_CONTROL)), name: 'keyword.control.plpgsql' },
          { match: wordsRegex(words(PLPGSQL_OTHER).filter((w) => !sqlKeywordSet.has(w))), name: 'keyword.other.plpgsql' },
        ],
      },
      strings: {
        patterns: [
          prefixedString('e', 'string.quoted.single.escape.pgsql', [
            { match: '\\\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)', name: 'constant.character.escape.pgsql' },
          ]),
          prefixedString('u&', 'string.quoted.single.unicode.pgsql', [
            { match: '\\\\(?:[0-9A-Fa-f]{4}|\\+[0-9A-Fa-f]{6}|\\\\)', name: 'constant.character.escape.pgsql' },
          ]),
          prefixedString('b', 'string.quoted.single.bit.pgsql', []),
          prefixedString('x', 'string.quoted.single.hex.pgsql', []),
          prefixedString('n', 'string.quoted.single.pgsql', []),
          {
            // Standard strings: a backslash is an ordinary character, '' is a quote.
            begin: "'",
            beginCaptures: { 0: { name: 'punctuation.definition.string.begin.pgsql' } },
            end: "'(?!')",
            endCaptures: { 0: { name: 'punctuation.definition.string.end.pgsql' } },
            name: 'string.quoted.single.pgsql',
            patterns: [{ match: "''", name: 'constant.character.escape.pgsql' }],
          },
          {
            begin: `(?<![\\w$])(\\$(${DOLLAR_TAG})?\\$)`,
            beginCaptures: { 1: { name: 'punctuation.definition.string.begin.pgsql' } },
            end: '(\\$\\2\\$)',
            endCaptures: { 1: { name: 'punctuation.definition.string.end.pgsql' } },
            name: 'string.quoted.dollar.pgsql',
          },
        ],
      },
      'quoted-identifiers': {
        begin: '(?i)(?<![\\w$])(u&)?(")',
        beginCaptures: { 1: { name: 'storage.type.string.pgsql' }, 2: { name: 'punctuation.definition.identifier.begin.pgsql' } },
        end: '"(?!")',
        endCaptures: { 0: { name: 'punctuation.definition.identifier.end.pgsql' } },
        name: 'variable.other.quoted.pgsql',
        patterns: [{ match: '""', name: 'constant.character.escape.pgsql' }],
      },
      numbers: {
        patterns: [
          { match: '(?i)(?<![\\w$.])0(?:x[0-9a-f_]+|o[0-7_]+|b[01_]+)(?![\\w$])', name: 'constant.numeric.integer.pgsql' },
          {
            // 1_000, 1.5, .5, 1.5e10; `1..10` (a PL/pgSQL range) is two integers.
            match: '(?i)(?:(?<=\\.\\.)|(?<![\\w$.]))(?:\\d[\\d_]*(?:\\.(?!\\.)[\\d_]*)?|\\.\\d[\\d_]*)(?:e[+-]?\\d[\\d_]*)?(?![\\w$])',
            name: 'constant.numeric.pgsql',
          },
        ],
      },
      operators: {
        patterns: [
          { match: '\\|\\|(?![+*<>=~!@#%^&|`?/-])', name: 'keyword.operator.concatenator.pgsql' },
          { match: '(?:<>|!=|<=|>=|=|<|>)(?![+*<>=~!@#%^&|`?/-])', name: 'keyword.operator.comparison.pgsql' },
          // Any other operator; `--` and `/*` start comments, never operators.
          { match: '(?:[+*<>=~!@#%^&|`?]|-(?!-)|/(?!\\*))+', name: 'keyword.operator.pgsql' },
        ],
      },
    },
  };
}

async function main() {
  writeFileSync(GRAMMAR_FILE, `${JSON.stringify(await buildGrammar(), null, 2)}\n`);
  console.log(`wrote ${GRAMMAR_FILE}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
