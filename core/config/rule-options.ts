/**
 * Options a check takes besides its severity, written in pg-architect.json as an object in place of the
 * severity: `{ "rules": { "unindexed-filter-on-large-table": { "severity": "info", "minRows": 50000 } } }`.
 * Declared here so the configuration parser, the JSON schema and the docs all read the same list.
 */
import { UNINDEXED_FILTER_ID } from '../semantics/check-ids';

export interface NumericOption {
  readonly default: number;
  readonly minimum: number;
  readonly integer: boolean;
  readonly description: string;
}

export const RULE_OPTIONS: Readonly<Record<string, Readonly<Record<string, NumericOption>>>> = {
  [UNINDEXED_FILTER_ID]: {
    minRows: {
      default: 100_000,
      minimum: 0,
      integer: true,
      description: 'Report only tables whose row estimate (pg_class.reltuples in the connected database) is above this.',
    },
  },
};
