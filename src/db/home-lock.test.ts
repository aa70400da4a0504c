import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HomeLockedError, lockHome } from './home-lock.ts';

const home = () => mkdtempSync(join(tmpdir(), 'warrant-home-'));

describe('lockHome', () => {
  it('refuses a home held by a live process, with advice', async () => {
    const dir = home();
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'warrant.lock'), String(holder.pid));
      expect(() => lockHome(dir)).toThrow(HomeLockedError);
      expect(() => lockHome(dir)).toThrow(/in use by process \d+.*DATABASE_URL/);
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a dead process and releases it', async () => {
    const dir = home();
    const dead = spawn('true');
    await new Promise((resolve) => dead.on('exit', resolve));
    writeFileSync(join(dir, 'warrant.lock'), String(dead.pid));
    const release = lockHome(dir);
    expect(existsSync(join(dir, 'warrant.lock'))).toBe(true);
    release();
    expect(existsSync(join(dir, 'warrant.lock'))).toBe(false);
  });
});
