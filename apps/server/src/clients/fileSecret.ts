import { readFileSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';

export interface FileSecretOptions {
  /** The setting that named the file, for error messages (`PROMETHEUS_BEARER_TOKEN_FILE`). */
  setting: string;
  /** A request looks at the file at most this often; default 5 s. */
  recheckMs?: number;
  now?: () => number;
}

/**
 * A secret kept in a file that may be replaced while the server runs: kubelet rotates projected
 * service-account tokens (atomically, by swapping a symlink), and secret managers rewrite mounted
 * Secrets. The file is read once at startup, so a missing or empty file stops the server with a
 * clear line; afterwards a change of mtime, inode or size, seen at most every `recheckMs`, makes it
 * read again. A file that cannot be read later, or is empty (caught mid-write), keeps the last
 * good value: a request with a just-expired token fails visibly, one with no token would too.
 */
export class FileSecret {
  readonly path: string;
  private readonly setting: string;
  private readonly recheckMs: number;
  private readonly now: () => number;
  private current: string;
  private stamp: string;
  private checkedAt: number;

  constructor(path: string, options: FileSecretOptions) {
    this.path = path;
    this.setting = options.setting;
    this.recheckMs = options.recheckMs ?? 5_000;
    this.now = options.now ?? Date.now;
    let stats: Stats;
    let text: string;
    try {
      stats = statSync(path);
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(`${this.setting}: cannot read ${path} (${code ?? String(err)})`);
    }
    const value = text.trim();
    if (value === '') throw new Error(`${this.setting}: ${path} is empty`);
    this.current = value;
    this.stamp = stampOf(stats);
    this.checkedAt = this.now();
  }

  /** The secret, re-read first if the file changed and `recheckMs` has passed since the last look. */
  async value(): Promise<string> {
    if (this.now() - this.checkedAt >= this.recheckMs) await this.refresh();
    return this.current;
  }

  /**
   * Looks at the file now, whatever the interval (e.g. after Prometheus refused the secret).
   * Resolves true when the value changed.
   */
  async refresh(): Promise<boolean> {
    // Set first: concurrent requests use the current value instead of all reading the file.
    this.checkedAt = this.now();
    try {
      const stats = await stat(this.path);
      const stamp = stampOf(stats);
      if (stamp === this.stamp) return false;
      const value = (await readFile(this.path, 'utf8')).trim();
      if (value === '') return false;
      this.stamp = stamp;
      if (value === this.current) return false;
      this.current = value;
      return true;
    } catch {
      return false;
    }
  }
}

function stampOf(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}
