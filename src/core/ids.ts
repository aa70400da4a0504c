import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in URLs that are not UUIDs cannot exist; answering 404 early keeps them out of SQL casts. */
export const isUuid = (value: string): boolean => uuidPattern.test(value);
