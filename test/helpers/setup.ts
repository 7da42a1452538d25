// Mocha root hooks: load the WASM parser once before any test.
import { initParser } from '../../core/parse/parser';

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await initParser();
  },
};
