import { mkdtempSync, rmSync, renameSync, symlinkSync, utimesSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecret } from './fileSecret.ts';

describe('FileSecret', () => {
  let dir: string;
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sextant-secret-'));
    clock = 1_000_000;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes and sets an explicit mtime, so a rewrite within one filesystem tick still counts as a change. */
  const write = (file: string, text: string, mtimeSeconds: number) => {
    writeFileSync(file, text);
    utimesSync(file, mtimeSeconds, mtimeSeconds);
  };

  it('reads the file at once, trimmed, and throws naming the setting when it is missing or empty', async () => {
    const file = join(dir, 'token');
    write(file, 'token-a\n', 1000);
    await expect(new FileSecret(file, { setting: 'X_FILE', now }).value()).resolves.toBe('token-a');
    expect(() => new FileSecret(join(dir, 'nope'), { setting: 'X_FILE' })).toThrow(
      /^X_FILE: cannot read .*nope \(ENOENT\)$/,
    );
    write(file, ' \n', 1001);
    expect(() => new FileSecret(file, { setting: 'X_FILE' })).toThrow(/^X_FILE: .*token is empty$/);
  });

  it('re-reads a changed file, but looks at most once per interval', async () => {
    const file = join(dir, 'token');
    write(file, 'token-a', 1000);
    const secret = new FileSecret(file, { setting: 'X', recheckMs: 5_000, now });
    write(file, 'token-b', 1001);
    clock += 4_999;
    await expect(secret.value()).resolves.toBe('token-a');
    clock += 1;
    await expect(secret.value()).resolves.toBe('token-b');
  });

  it('follows a symlink swapped the way kubelet rotates projected tokens', async () => {
    // kubelet writes ..2024_01_01/token, then renames a new ..data symlink over the old one.
    const first = join(dir, 'v1');
    const second = join(dir, 'v2');
    write(first, 'token-a', 1000);
    write(second, 'token-b', 1000); // same mtime and size: the inode tells them apart
    symlinkSync(first, join(dir, 'token'));
    const secret = new FileSecret(join(dir, 'token'), { setting: 'X', recheckMs: 0, now });
    symlinkSync(second, join(dir, 'token.tmp'));
    renameSync(join(dir, 'token.tmp'), join(dir, 'token'));
    await expect(secret.value()).resolves.toBe('token-b');
  });

  it('keeps the last good value while the file is gone or empty, and takes the next good one', async () => {
    const file = join(dir, 'token');
    write(file, 'token-a', 1000);
    const secret = new FileSecret(file, { setting: 'X', recheckMs: 0, now });
    unlinkSync(file);
    await expect(secret.value()).resolves.toBe('token-a');
    write(file, '', 1001);
    await expect(secret.value()).resolves.toBe('token-a');
    write(file, 'token-c', 1002);
    await expect(secret.value()).resolves.toBe('token-c');
  });

  it('refresh() looks now whatever the interval and says whether the value changed', async () => {
    const file = join(dir, 'token');
    write(file, 'token-a', 1000);
    const secret = new FileSecret(file, { setting: 'X', recheckMs: 60_000, now });
    await expect(secret.refresh()).resolves.toBe(false);
    write(file, 'token-b', 1001);
    await expect(secret.refresh()).resolves.toBe(true);
    await expect(secret.value()).resolves.toBe('token-b');
    // Touched, same content: read again but not a change.
    write(file, 'token-b', 1002);
    await expect(secret.refresh()).resolves.toBe(false);
  });
});
