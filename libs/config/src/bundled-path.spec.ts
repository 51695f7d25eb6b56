import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPackageRoot, resolveBundledPath } from './bundled-path';

describe(resolveBundledPath.name, () => {
  const sut = resolveBundledPath;
  const repoRoot = path.resolve(__dirname, '../../..');

  it('resolves paths against the panda-mcp package root', () => {
    expect(sut('config/panda_mcp_endpoints.json')).toBe(
      path.join(repoRoot, 'config/panda_mcp_endpoints.json'),
    );
  });

  it('finds the package.json named "panda-mcp"', () => {
    const pkg = JSON.parse(fs.readFileSync(sut('package.json'), 'utf8')) as { name: string };

    expect(pkg.name).toBe('panda-mcp');
    expect(fs.existsSync(sut('config/panda_mcp_endpoints.json'))).toBe(true);
  });
});

describe(findPackageRoot.name, () => {
  const sut = findPackageRoot;

  it('walks up from a nested directory (as from dist/libs/config/src)', () => {
    expect(sut(path.join(__dirname, 'testing'))).toBe(path.resolve(__dirname, '../../..'));
  });

  it('fails outside the package', () => {
    expect(() => sut(os.tmpdir())).toThrow(/cannot find the panda-mcp package root/);
  });
});
