import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryObjectStore } from '../../src/storage/object-store.ts';

/** An object store in a directory of its own that refuses the next `refusals` writes, as a full disk would. */
export class RefusingStore extends DirectoryObjectStore {
  refusals = 0;

  constructor() {
    super(mkdtempSync(join(tmpdir(), 'warrant-test-objects-')));
  }

  override async put(key: string, bytes: Uint8Array | string): Promise<void> {
    if (this.refusals > 0) {
      this.refusals--;
      throw Object.assign(new Error(`ENOSPC: no space left on device, open '${key}'`), { code: 'ENOSPC' });
    }
    return super.put(key, bytes);
  }
}
