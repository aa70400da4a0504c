/**
 * Builds the console (web/) into web/dist with Vite's JS API. `warrant serve` calls it on a first start from a
 * source checkout; Vite is a dev dependency, so an install without it serves the API alone.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSOLE_DIR } from './console.ts';

const WEB_DIR = fileURLToPath(new URL('../../web', import.meta.url));

export const consoleBuilt = (): boolean => existsSync(join(CONSOLE_DIR, 'index.html'));

/** Whether this is a checkout with the console's sources (a packaged install ships web/dist instead). */
export const consoleSources = (): boolean => existsSync(join(WEB_DIR, 'vite.config.ts'));

export async function buildConsole(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
}
