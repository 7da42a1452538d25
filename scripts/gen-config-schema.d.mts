import type { DocsInput } from './docs/docs-input';
export const SCHEMA_FILE: string;
export function configSchema(input: DocsInput): Record<string, unknown>;
/** The schema file's exact text. */
export function schemaText(input: DocsInput): string;
