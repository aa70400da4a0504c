/** Defaults a client needs without the config schema (and zod): the server's address. */
export const DEFAULT_HTTP_ADDR = '127.0.0.1:8080';
