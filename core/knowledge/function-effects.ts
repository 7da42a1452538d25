/**
 * What a function implemented in C (the built-ins, and extensions such as dblink) does beyond the transaction
 * it runs in, for the confirmation EXPLAIN asks before it runs a statement (core/db/side-effects.ts).
 *
 * The marking in pg_proc decides first: an IMMUTABLE or STABLE C function changes nothing (PostgreSQL relies
 * on that itself). A VOLATILE one is harmless only when HARMLESS_VOLATILE lists it: the list is every volatile
 * built-in of PostgreSQL 15's pg_proc reviewed one by one, plus later versions' and common extensions' random
 * and UUID generators. test/faults/explain-side-effects.test.ts reads pg_proc of a real server and fails when a
 * volatile built-in is in neither table, so a function a new version adds asks for a confirmation ("volatile,
 * not known to be harmless") until it is reviewed here.
 */

/** Volatile functions that read, wait or draw random numbers, or whose effect the rollback undoes. */
const HARMLESS_VOLATILE: ReadonlySet<string> = new Set([
  // Time, randomness, identifiers.
  'clock_timestamp', 'timeofday', 'random', 'random_normal', 'setseed', 'gen_random_uuid', 'uuidv4', 'uuidv7',
  'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'gen_random_bytes', 'gen_salt',
  // Reading sequences (nextval and setval advance them: not here).
  'currval', 'lastval', 'pg_sequence_last_value',
  // Waiting.
  'pg_sleep', 'pg_sleep_for', 'pg_sleep_until',
  // Sizes, files and server state, read only.
  'pg_database_size', 'pg_tablespace_size', 'pg_relation_size', 'pg_table_size', 'pg_indexes_size', 'pg_total_relation_size',
  'pg_read_file', 'pg_read_file_old', 'pg_read_binary_file', 'pg_stat_file', 'pg_current_logfile',
  'pg_ls_dir', 'pg_ls_logdir', 'pg_ls_waldir', 'pg_ls_tmpdir', 'pg_ls_archive_statusdir', 'pg_ls_logicalmapdir', 'pg_ls_logicalsnapdir', 'pg_ls_replslotdir',
  'pg_control_checkpoint', 'pg_control_init', 'pg_control_recovery', 'pg_control_system',
  'pg_current_wal_lsn', 'pg_current_wal_flush_lsn', 'pg_current_wal_insert_lsn', 'pg_last_wal_receive_lsn', 'pg_last_wal_replay_lsn',
  'pg_last_xact_replay_timestamp', 'pg_last_committed_xact', 'pg_is_in_recovery', 'pg_is_wal_replay_paused', 'pg_get_wal_replay_pause_state',
  'pg_get_wal_resource_managers', 'pg_xact_commit_timestamp', 'pg_xact_commit_timestamp_origin', 'pg_xact_status', 'txid_status',
  'pg_lock_status', 'pg_blocking_pids', 'pg_safe_snapshot_blocking_pids', 'pg_isolation_test_session_is_blocked', 'pg_prepared_xact',
  'pg_get_backend_memory_contexts', 'pg_get_shmem_allocations', 'pg_get_multixact_members', 'pg_hba_file_rules', 'pg_ident_file_mappings',
  'pg_show_all_file_settings', 'pg_show_replication_origin_status', 'pg_replication_origin_progress', 'pg_replication_origin_session_progress',
  'pg_replication_origin_session_is_setup', 'pg_logical_slot_peek_changes', 'pg_logical_slot_peek_binary_changes',
  'pg_collation_actual_version', 'pg_database_collation_actual_version', 'pg_jit_available', 'pg_notification_queue_usage',
  'pg_partition_tree', 'pg_partition_ancestors', 'current_query', 'currtid2', 'pg_export_snapshot',
  'pg_stat_clear_snapshot', 'pg_stat_force_next_flush', 'pg_stat_have_stats', 'pg_stat_get_recovery_prefetch',
  'pg_stat_statements', 'pg_stat_statements_info',
  // Queued until commit: the rollback discards the notification.
  'pg_notify',
  // Read from a cursor the statement itself opened.
  'cursor_to_xml', 'cursor_to_xmlschema',
  // Called by the server only (trigger functions, access method and language handlers, TABLESAMPLE methods).
  'suppress_redundant_updates_trigger', 'tsvector_update_trigger', 'tsvector_update_trigger_column', 'unique_key_recheck',
  'bthandler', 'hashhandler', 'gisthandler', 'ginhandler', 'spghandler', 'brinhandler', 'heap_tableam_handler', 'amvalidate',
  'plpgsql_call_handler', 'plpgsql_inline_handler', 'plpgsql_validator', 'bernoulli', 'system', 'dsnowball_init', 'dsnowball_lexize',
]);

/** Prefix families of harmless volatile built-ins. */
const HARMLESS_VOLATILE_PREFIX = /^(pg_stat_get_xact_|RI_FKey_)/;

/** Volatile functions whose effect outlives the rollback, with what it is, by name. First match wins. */
const EFFECTS: readonly (readonly [RegExp, string])[] = [
  [/^pg_terminate_backend$/, 'signals other sessions (ends the session whose pid it is given)'],
  [/^pg_cancel_backend$/, 'signals other sessions (cancels the query of the session whose pid it is given)'],
  [/^pg_reload_conf$/, 'signals the server to reload its configuration files'],
  [/^pg_rotate_logfile(_old)?$/, 'signals the server to start a new log file'],
  [/^pg_log_backend_memory_contexts$/, 'signals another session to write its memory use to the server log'],
  [/^pg_stat_statements_reset$/, 'resets the statistics of pg_stat_statements'],
  [/^pg_stat_reset/, 'resets statistics the server keeps (monitoring and autovacuum read them)'],
  [/^pg_(create|copy)_(physical|logical)_replication_slot$/, 'creates a replication slot, which keeps WAL on the server until it is dropped'],
  [/^pg_drop_replication_slot$/, 'drops a replication slot'],
  [/^(pg_replication_slot_advance|pg_logical_slot_get_(binary_)?changes)$/, 'consumes the changes a replication slot holds'],
  [/^pg_replication_origin_/, 'changes replication origin state'],
  [/^pg_logical_emit_message$/, 'writes a message into the WAL for logical decoding (a non-transactional one stays)'],
  [/^pg_switch_wal$/, 'forces the server to a new WAL file'],
  [/^pg_create_restore_point$/, 'writes a named restore point into the WAL'],
  [/^pg_(backup_start|backup_stop|start_backup|stop_backup)$/, 'starts or stops a base backup'],
  [/^pg_promote$/, 'promotes a standby server to primary'],
  [/^pg_wal_replay_(pause|resume)$/, 'pauses or resumes WAL replay on a standby'],
  [/^lo_export$/, 'writes a file on the server\'s file system'],
  [/^lo_import$/, 'reads a file of the server\'s file system into a large object'],
  [/^(lo_|loread$|lowrite$)/, 'opens, reads or changes large objects'],
  [/^dblink/, 'runs SQL over another connection, which commits on its own'],
  [/^pg_(try_)?advisory_xact_lock/, 'takes an advisory lock, which other sessions wait for until the rollback'],
  [/^pg_(try_)?advisory_/, 'takes or releases a session-level advisory lock, which the rollback does not release'],
  [/^set_config$/, 'changes settings while the statement runs (statement_timeout among them)'],
  [/^nextval$/, 'advances a sequence: not undone by the rollback'],
  [/^setval$/, 'sets a sequence: not undone by the rollback'],
  [/^pg_file_(write|rename|unlink|sync)$/, 'writes, renames or removes files on the server'],
  [/^(query_to_xml|query_to_xml_and_xmlschema|query_to_xmlschema|ts_stat|ts_rewrite)$/, 'runs SQL given as text, which cannot be checked beforehand'],
  [/^(brin_summarize_range|brin_summarize_new_values|brin_desummarize_range|gin_clean_pending_list)$/, 'changes an index\'s summaries or pending list: not undone by the rollback'],
];

/** What a volatile C function `name` does beyond the transaction, when it is known to do something. */
export function knownEffect(name: string): string | undefined {
  for (const [pattern, does] of EFFECTS) if (pattern.test(name)) return does;
  return undefined;
}

/** A volatile C function known to change nothing a rollback leaves behind. */
export function harmlessVolatile(name: string): boolean {
  return HARMLESS_VOLATILE.has(name) || HARMLESS_VOLATILE_PREFIX.test(name);
}

/** For a volatile C function in neither table. */
export const UNKNOWN_VOLATILE_EFFECT = 'is VOLATILE and not known to be harmless';
