export interface PostgresKeyword {
  readonly word: string;
  /** libpg-query's keyword kind: UNRESERVED_KEYWORD, COL_NAME_KEYWORD, TYPE_FUNC_NAME_KEYWORD, RESERVED_KEYWORD. */
  readonly kind: string;
}
export function postgresKeywords(): Promise<PostgresKeyword[]>;
