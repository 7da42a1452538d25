// The peer tools we compare with, where installed (see ../shared/peers/README.md: installed under /tmp/peers
// by default, or PGA_PEERS_DIR). They are never dependencies of the project.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.PGA_PEERS_DIR ?? '/tmp/peers';

export const PEERS = {
  postgresLanguageServer: join(base, 'node_modules/@postgres-language-server/cli-x86_64-linux-gnu/postgres-language-server'),
  squawk: join(base, 'node_modules/@squawk-cli/linux-x64/bin/squawk'),
};

export function installed(path: string): boolean {
  return existsSync(path);
}
