/** PostgreSQL's SQLSTATE of an error, looked for through the causes drivers and the ORM wrap it in. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e = error; e instanceof Object; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
