/** The tool's version, from package.json at build time (esbuild inlines the JSON import). */
import pkg from '../package.json';

export const TOOL_VERSION: string = pkg.version;
