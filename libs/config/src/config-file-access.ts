import * as fs from 'node:fs';

/**
 * The little file-system access the config loader needs. Injected so the loader can be unit-tested
 * against an in-memory double (see `createInMemoryConfigFs`).
 */
export interface ConfigFileAccess {
  /** True when something (file or directory) exists at `path`. */
  exists(path: string): boolean;
  /** True when `path` is an existing directory. */
  isDirectory(path: string): boolean;
  /** True when `path` is an existing regular file this process may read. */
  isReadableFile(path: string): boolean;
  /** The whole file as UTF-8 text; throws when it cannot be read. */
  readText(path: string): string;
}

/** ConfigFileAccess backed by node:fs (synchronous: the loader runs once, at startup). */
export const nodeConfigFileAccess: ConfigFileAccess = {
  exists: (path) => fs.existsSync(path),
  isDirectory: (path) => {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  isReadableFile: (path) => {
    try {
      if (!fs.statSync(path).isFile()) return false;
      fs.accessSync(path, fs.constants.R_OK);
      return true;
    } catch {
      return false;
    }
  },
  readText: (path) => fs.readFileSync(path, 'utf8'),
};
