import { customType } from 'drizzle-orm/pg-core';

/** bytea, which drizzle's pg-core has no builder for; both drivers return its bytes as a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});
