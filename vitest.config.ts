import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Generous: several tests spawn servers and CLI processes on a two-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: keep PGlite instances and PostgreSQL schemas from starving each other.
    maxWorkers: 2,
  },
});
