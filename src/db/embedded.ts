import { PGlite } from '@electric-sql/pglite';

/**
 * PGlite's own start parameters, with smaller shared buffers: the 128 MB of its postgresql.conf are touched at
 * start, ≈ 140 MB of resident memory in every process that opens the embedded database (issue 22: start-up
 * memory). One process is its only client, and 16 MB holds the hot pages of its indexes many times over.
 */
export const EMBEDDED_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];
