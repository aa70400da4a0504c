import { customType } from 'drizzle-orm/pg-core';

/** bytea, which drizzle's pg-core has no builder for; both drivers return its bytes as a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/** xid8, a 64-bit transaction id that never wraps; kept as its decimal text (it may exceed 2^53). */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => 'xid8',
});
