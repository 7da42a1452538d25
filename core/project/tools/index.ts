/** Every migration tool the project model knows, by id. */
import { atlas } from './atlas';
import { dbmate } from './dbmate';
import { flyway } from './flyway';
import { golangMigrate } from './golang-migrate';
import { goose } from './goose';
import { hasura } from './hasura';
import { liquibase } from './liquibase';
import { nodePgMigrate } from './node-pg-migrate';
import { configured, numbered } from './plain';
import { pop } from './pop';
import { prisma } from './prisma';
import { sqitch } from './sqitch';
import { supabase } from './supabase';
import type { MigrationTool, MigrationToolId } from './types';

export const MIGRATION_TOOLS: Readonly<Record<MigrationToolId, MigrationTool>> = {
  flyway,
  'golang-migrate': golangMigrate,
  pop,
  goose,
  dbmate,
  sqitch,
  prisma,
  hasura,
  supabase,
  'node-pg-migrate': nodePgMigrate,
  atlas,
  liquibase,
  numbered,
  configured,
};

export type { MigrationTool, MigrationToolId, RunSection, ToolContext, TransactionMode } from './types';
