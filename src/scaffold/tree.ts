import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeFsError } from './fs-errors.js';

export type ChangeKind = 'CREATE' | 'UPDATE' | 'DELETE';

export interface Change {
  kind: ChangeKind;
  path: string;
  /** The content on disk before the change, when there was a file. */
  before?: string;
  /** The new content; absent for DELETE. */
  after?: string;
  /**
   * The file mode to write: for CREATE the one asked for (0o644 without one); for UPDATE only a private one (0o600
   * for keys), otherwise the file keeps the mode it has on disk.
   */
  mode?: number;
}

/** Where the tree's unchanged files come from: a folder on disk, or nothing at all (tests, brand-new projects). */
export interface TreeBase {
  read(path: string): string | undefined;
  /** The permission bits of an existing file, when the base has modes (a folder on disk). */
  mode?(path: string): number | undefined;
}

export function diskBase(root: string): TreeBase {
  return {
    read(path) {
      const full = join(root, path);
      try {
        return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
      } catch (e) {
        // A folder where a file should be, a file that may not be read: the message names it.
        throw describeFsError(e, full);
      }
    },
    mode(path) {
      const full = join(root, path);
      return existsSync(full) ? statSync(full).mode & 0o7777 : undefined;
    },
  };
}

export function memoryBase(files: Record<string, string> = {}): TreeBase {
  return { read: (path) => files[path] };
}

interface Staged {
  content: string | null;
  mode?: number;
}

/**
 * A copy-on-write view of a project folder. Generators read and write here; nothing reaches the disk until
 * `commit`, so a failing generator leaves the folder as it was and `--dry-run` is simply "print changes, stop".
 * Paths are always POSIX-style and relative to the project root.
 */
export class Tree {
  private readonly staged = new Map<string, Staged>();
  private readonly expected = new Set<string>();

  constructor(private readonly base: TreeBase = memoryBase()) {}

  read(path: string): string | undefined {
    const s = this.staged.get(normalize(path));
    if (s) return s.content ?? undefined;
    return this.base.read(normalize(path));
  }

  /** A file as the command found it, before any write of this tree. */
  original(path: string): string | undefined {
    return this.base.read(normalize(path));
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined;
  }

  write(path: string, content: string, mode?: number): void {
    this.staged.set(normalize(path), { content, mode });
  }

  delete(path: string): void {
    this.staged.set(normalize(path), { content: null });
  }

  /**
   * Marks a file rendered again that must end, once formatted, exactly as it is in the base: a generator run a second
   * time refuses rather than overwrite a user's change to it (see `unexpectedChanges`).
   */
  expectUnchanged(path: string): void {
    this.expected.add(normalize(path));
  }

  /** Files marked by `expectUnchanged` that exist in the base with other content. */
  unexpectedChanges(): string[] {
    return [...this.expected].filter((p) => this.base.read(p) !== undefined && this.read(p) !== this.base.read(p)).sort();
  }

  /** Paths written in this tree (not the base), for post-processing such as gofmt. */
  writtenPaths(): string[] {
    return [...this.staged.entries()]
      .filter(([, s]) => s.content !== null)
      .map(([p]) => p)
      .sort();
  }

  /**
   * The changes against the base. A write whose content equals the base is no change: re-running is a no-op; unless
   * it asked for a private mode the file on disk lacks (a key left 0644 becomes 0600 even when its content is kept).
   */
  changes(): Change[] {
    const out: Change[] = [];
    for (const [path, s] of [...this.staged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const before = this.base.read(path);
      if (s.content === null) {
        if (before !== undefined) out.push({ kind: 'DELETE', path, before });
      } else if (before === undefined) {
        out.push({ kind: 'CREATE', path, after: s.content, mode: s.mode });
      } else {
        // Only a private mode (a key's 0600) is imposed on an existing file; others keep the mode it has on disk.
        const priv = s.mode !== undefined && (s.mode & 0o077) === 0 ? s.mode : undefined;
        const loose = priv !== undefined && (this.base.mode?.(path) ?? priv) !== priv;
        if (before !== s.content || loose)
          out.push({ kind: 'UPDATE', path, before, after: s.content, ...(priv !== undefined ? { mode: priv } : {}) });
      }
    }
    return out;
  }
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.replaceAll('\\', '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new Error(`path escapes the project root: ${path}`);
    parts.push(part);
  }
  return parts.join('/');
}
