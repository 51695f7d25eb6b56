import * as path from 'node:path';
import { ConfigFileAccess } from '../config-file-access';

export interface InMemoryConfigFsContents {
  /** Files by absolute path, with their text. */
  files?: Record<string, string>;
  /** Extra directories (parents of `files` exist implicitly). */
  dirs?: string[];
  /** Paths (in `files`) that exist but cannot be read. */
  unreadable?: string[];
}

/** A ConfigFileAccess double for unit tests: no real file is touched. */
export function createInMemoryConfigFs(contents: InMemoryConfigFsContents = {}): ConfigFileAccess {
  const files = new Map(
    Object.entries(contents.files ?? {}).map(([p, text]) => [path.posix.normalize(p), text]),
  );
  const unreadable = new Set((contents.unreadable ?? []).map((p) => path.posix.normalize(p)));
  const dirs = new Set((contents.dirs ?? []).map((p) => path.posix.normalize(p)));
  for (const file of files.keys()) {
    for (let dir = path.posix.dirname(file); !dirs.has(dir); dir = path.posix.dirname(dir)) {
      dirs.add(dir);
      if (dir === path.posix.dirname(dir)) break;
    }
  }
  const norm = (p: string): string => path.posix.normalize(p);
  return {
    exists: (p) => files.has(norm(p)) || dirs.has(norm(p)),
    isDirectory: (p) => dirs.has(norm(p)),
    isReadableFile: (p) => files.has(norm(p)) && !unreadable.has(norm(p)),
    readText: (p) => {
      const key = norm(p);
      const text = files.get(key);
      if (dirs.has(key))
        throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR' });
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: 'ENOENT' });
      if (unreadable.has(key))
        throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
      return text;
    },
  };
}
