import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryObjectStore } from '../../src/storage/object-store.ts';

/**
 * An object store in a directory of its own that refuses `refusals` writes, as a full disk would, once it has let
 * `passing` more through.
 */
export class RefusingStore extends DirectoryObjectStore {
  refusals = 0;
  passing = 0;

  constructor() {
    super(mkdtempSync(join(tmpdir(), 'warrant-test-objects-')));
  }

  override async put(key: string, bytes: Uint8Array | string): Promise<void> {
    if (this.passing > 0) this.passing--;
    else if (this.refusals > 0) {
      this.refusals--;
      throw Object.assign(new Error(`ENOSPC: no space left on device, open '${key}'`), { code: 'ENOSPC' });
    }
    return super.put(key, bytes);
  }
}
