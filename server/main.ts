// The language server bundle (dist/server.js): `node dist/server.js --stdio` or started by the VS Code client over IPC.
import { startLanguageServer } from './start';

startLanguageServer();
