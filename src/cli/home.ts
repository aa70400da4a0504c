import { resolve } from 'node:path';

export const warrantHome = (env: NodeJS.ProcessEnv = process.env): string =>
  resolve(env.WARRANT_HOME ?? '.warrant');
