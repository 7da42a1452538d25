/**
 * Reading SQL files as the CLI lints them (core/project/source-file.ts): binary files are refused (reported,
 * not linted), invalid UTF-8 is decoded with replacement characters and reported, so nothing is silently lost
 * or garbled; only regular files are opened.
 */
export { decodeSource as decodeSql, readSourceFile as readSqlFile, type SourceRead as ReadResult } from '../core/project/source-file';
