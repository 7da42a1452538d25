/** The configuration advisor (pure): PGTune's formulas plus ours, and a comparison with pg_settings. */
export * from './types';
export { recommend } from './recommend';
export { compareSettings, adaptToServer, unitInKb, type ServerSetting, type SettingComparison } from './compare';
export { parseMemory, formatKb, humanKb } from './memory';
export { applyWord, contextFromPgSettings, settingContext } from './contexts';
export { DEFAULT_CONNECTIONS } from './pgtune';
