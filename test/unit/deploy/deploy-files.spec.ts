import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Static checks of the deployment files that CI cannot exercise for real: the systemd unit (no systemd
 * here), the Dockerfile (no Docker engine) and its health check, and the Apache includes (run for real
 * by test/e2e/apache-proxy.e2e-spec.ts where apache2 is installed).
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (relative: string) => fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');

/** The service's defaults that the deployment files must respect. */
const DEFAULT_PORT = 25888;
const DEFAULT_SHUTDOWN_TIMEOUT = 30;
/** Node's keepAliveTimeout in panda-mcp: Apache must drop pooled connections before it. */
const NODE_KEEP_ALIVE_TIMEOUT = 65;

const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
/** e.g. dist/apps/panda-mcp/src/main.js, from `npm start`. */
const ENTRY = /^node (\S+)$/.exec(packageJson.scripts.start)![1];

describe('the entry point the deployment files run', () => {
  it('is what `npm start` runs and what the build produces', () => {
    expect(ENTRY).toBe('dist/apps/panda-mcp/src/main.js');
    const nest = JSON.parse(read('nest-cli.json'));
    expect(`dist/${nest.projects['panda-mcp'].entryFile}.js`).toBe(ENTRY);
  });
});

// ---------------------------------------------------------------------------------------------------
// systemd

type Unit = Record<string, Record<string, string[]>>;

function parseUnit(text: string): Unit {
  const unit: Unit = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1];
      unit[section] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    const key = line.slice(0, eq).trim();
    (unit[section][key] ??= []).push(line.slice(eq + 1).trim());
  }
  return unit;
}

/** systemd time span in seconds: `45`, `45s`, `1min 30s`, `2m`. */
function seconds(span: string): number {
  const units: Record<string, number> = { '': 1, s: 1, sec: 1, m: 60, min: 60, h: 3600 };
  let total = 0;
  for (const [, value, unit] of span.matchAll(/(\d+)\s*([a-z]*)/g)) total += Number(value) * units[unit];
  return total;
}

describe('deploy/systemd/panda_mcp.service', () => {
  const file = 'deploy/systemd/panda_mcp.service';
  const unit = parseUnit(read(file));
  const service = unit.Service;
  const only = (key: string) => {
    expect({ key, values: service[key]?.length }).toEqual({ key, values: 1 });
    return service[key][0];
  };

  it("reads PanDA's environment file and runs the built entry point from /opt/panda-mcp with node", () => {
    expect(service.EnvironmentFile).toContain('/etc/sysconfig/panda_server_env');
    const [node, script, ...rest] = only('ExecStart').split(/\s+/);
    expect(node).toMatch(/^\/\S*\/node$/);
    expect(script).toBe(`/opt/panda-mcp/${ENTRY}`);
    expect(rest).toEqual([]);
    expect(only('WorkingDirectory')).toBe('/opt/panda-mcp');
  });

  it('runs as an unprivileged user and restarts on failure', () => {
    expect(only('User')).not.toMatch(/^(root|0)$/);
    expect(only('Restart')).toBe('on-failure');
    expect(unit.Install.WantedBy).toContain('multi-user.target');
  });

  it('stops with SIGTERM and waits longer than shutdown_timeout', () => {
    expect(only('KillSignal')).toBe('SIGTERM');
    expect(seconds(only('TimeoutStopSec'))).toBeGreaterThan(DEFAULT_SHUTDOWN_TIMEOUT);
  });

  it('is sandboxed without breaking V8', () => {
    expect(only('NoNewPrivileges')).toBe('yes');
    expect(only('ProtectSystem')).toBe('strict');
    expect(only('PrivateTmp')).toBe('yes');
    expect(only('ReadOnlyPaths').split(/\s+/)).toContain('/opt/panda-mcp');
    expect(only('CapabilityBoundingSet')).toBe('');
    // The JIT needs memory that is writable and executable.
    expect(service.MemoryDenyWriteExecute ?? []).not.toContain('yes');
    // A listening socket needs AF_INET/AF_INET6.
    expect(only('RestrictAddressFamilies').split(/\s+/)).toEqual(
      expect.arrayContaining(['AF_INET', 'AF_INET6']),
    );
  });

  const analyze = (() => {
    try {
      execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      console.warn('systemd-analyze is not installed: the unit file is not checked by systemd itself');
      return false;
    }
  })();
  (analyze ? it : it.skip)('has no directive that systemd-analyze verify rejects', () => {
    let output = '';
    try {
      output = execFileSync('systemd-analyze', ['verify', path.join(REPO_ROOT, file)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      });
    } catch (error) {
      output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    }
    // Only complaints about this file; a missing /usr/bin/node or user on the test machine is fine.
    const problems = output
      .split('\n')
      .filter((line) => line.includes('panda_mcp.service:') && !/not executable|No such file/.test(line));
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Docker

interface Instruction {
  keyword: string;
  args: string;
}

function parseDockerfile(text: string): Instruction[][] {
  const logical = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: Instruction[][] = [[]];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const instruction = { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, ' ') };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages[stages.length - 1].push(instruction);
  }
  return stages; // stages[0]: global ARGs before the first FROM
}

describe('deploy/docker/Dockerfile', () => {
  const stages = parseDockerfile(read('deploy/docker/Dockerfile'));
  const [globals, ...builds] = stages;
  const runtime = builds[builds.length - 1];
  const args = (stage: Instruction[], keyword: string) =>
    stage.filter((i) => i.keyword === keyword).map((i) => i.args);

  it('builds in one stage and runs from a Node LTS slim image in another', () => {
    expect(builds.length).toBeGreaterThanOrEqual(2);
    const image = /NODE_IMAGE=(\S+)/.exec(args(globals, 'ARG').join(' '))?.[1] ?? builds[0][0].args;
    const major = Number(/^node:(\d+)-/.exec(image)?.[1]);
    expect(major).toBeGreaterThanOrEqual(22);
    expect(major % 2).toBe(0); // even majors are the LTS lines
    expect(image).toMatch(/slim/);
    const build = builds[0];
    expect(args(build, 'RUN').some((a) => /^npm ci\b/.test(a) && !a.includes('--omit=dev'))).toBe(true);
    expect(args(build, 'RUN')).toContain('npx nest build panda-mcp');
  });

  it('builds and ships the service only: neither the CLI nor panda-sim', () => {
    const nest = JSON.parse(read('nest-cli.json'));
    const build = builds[0];
    const apps = args(build, 'COPY')
      .flatMap((copy) => copy.split(' ').slice(0, -1))
      .filter((source) => source === 'apps' || source.startsWith('apps/'));
    expect(apps).toEqual([nest.projects['panda-mcp'].root]);
    expect(args(build, 'RUN').filter((a) => /\b(npm run build|nest build)\b/.test(a))).toEqual([
      'npx nest build panda-mcp',
    ]);
    expect(args(runtime, 'COPY').some((copy) => /^bin\b|\bpanda-mcp-cli\b/.test(copy))).toBe(false);
    const ignore = read('deploy/docker/Dockerfile.dockerignore').split('\n');
    expect(ignore.filter((line) => line.startsWith('!apps'))).toEqual(['!apps/panda-mcp/']);
  });

  it('installs production dependencies only and copies dist/, config/ and package.json', () => {
    expect(args(runtime, 'RUN').some((a) => /^npm ci\b.*--omit=dev/.test(a))).toBe(true);
    const copies = args(runtime, 'COPY');
    expect(copies).toContainEqual(expect.stringMatching(/^--from=build \S*\/dist \.\/dist$/));
    expect(copies).toContainEqual(expect.stringMatching(/^config \.\/config$/));
    expect(copies).toContainEqual(expect.stringMatching(/^package\.json\b/));
  });

  it('copies only files that exist in the repository', () => {
    for (const stage of builds) {
      for (const copy of args(stage, 'COPY').filter((a) => !a.startsWith('--from'))) {
        const sources = copy.split(' ').slice(0, -1);
        for (const source of sources)
          expect({ source, exists: fs.existsSync(path.join(REPO_ROOT, source)) }).toEqual({
            source,
            exists: true,
          });
      }
    }
  });

  it('runs node on the entry point as a numeric non-root user, with PANDA_HOME=/opt/panda', () => {
    const [user] = args(runtime, 'USER').slice(-1);
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(args(runtime, 'EXPOSE')).toContain(String(DEFAULT_PORT));
    const env = args(runtime, 'ENV').join(' ');
    expect(env).toMatch(/\bPANDA_HOME=\/opt\/panda\b/);
    // Baked into the image it would override "port" in panda_server_config.json.
    expect(env).not.toMatch(/PANDA_SERVER_CONF_PORT_MCP/);
    const [cmd] = args(runtime, 'CMD').slice(-1);
    expect(JSON.parse(cmd)).toEqual(['node', ENTRY]);
    expect(args(runtime, 'WORKDIR').slice(-1)).toEqual(['/opt/panda-mcp']);
  });

  it('checks health on /healthz with node itself', () => {
    const [healthcheck] = args(runtime, 'HEALTHCHECK');
    const command = JSON.parse(/CMD (\[.*\])$/.exec(healthcheck)![1]) as string[];
    expect(command[0]).toBe('node');
    const copied = args(runtime, 'COPY').find((c) => c.endsWith(` ./${path.basename(command[1])}`));
    expect(copied).toBeDefined();
    expect(read(copied!.split(' ')[0])).toContain("'/healthz'");
  });

  it('has a .dockerignore that keeps node_modules and dist out of the build context', () => {
    const ignore = read('deploy/docker/Dockerfile.dockerignore');
    const lines = ignore.split('\n').map((l) => l.trim());
    expect(lines).toContain('**/node_modules');
    expect(lines).toContain('**/dist');
  });
});

describe('deploy/docker/healthcheck.js', () => {
  const script = path.join(REPO_ROOT, 'deploy', 'docker', 'healthcheck.js');
  const run = (port: number) =>
    new Promise<number>((resolve) => {
      execFile(
        process.execPath,
        [script],
        { env: { PANDA_SERVER_CONF_PORT_MCP: String(port) }, timeout: 15_000 },
        (error) => resolve(error ? Number(error.code ?? 1) : 0),
      );
    });
  const listen = (server: net.Server) =>
    new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
    );
  const handler = (status: number) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.statusCode = req.url === '/healthz' ? status : 404;
    res.end();
  };

  it('exits 0 when /healthz answers 200 and 1 otherwise', async () => {
    const up = http.createServer(handler(200));
    const down = http.createServer(handler(503));
    try {
      expect(await run(await listen(up))).toBe(0);
      expect(await run(await listen(down))).toBe(1);
    } finally {
      up.close();
      down.close();
    }
    // Nothing listening.
    const closed = net.createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    expect(await run(port)).toBe(1);
  }, 30_000);

  const openssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      console.warn('openssl is not installed: the HTTPS case of healthcheck.js is not tested');
      return false;
    }
  })();
  (openssl ? it : it.skip)(
    'falls back to HTTPS when panda-mcp serves TLS',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-healthcheck-'));
      try {
        const key = path.join(dir, 'key.pem');
        const cert = path.join(dir, 'cert.pem');
        // prettier-ignore
        execFileSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=panda-mcp',
        '-keyout', key, '-out', cert,
      ], { stdio: 'ignore', timeout: 20_000 });
        const server = https.createServer(
          { key: fs.readFileSync(key), cert: fs.readFileSync(cert) },
          handler(200),
        );
        try {
          expect(await run(await listen(server))).toBe(0);
        } finally {
          server.close();
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    30_000,
  );
});

// ---------------------------------------------------------------------------------------------------
// Apache

describe.each([
  ['deploy/apache/panda-mcp-http.conf', 'http'],
  ['deploy/apache/panda-mcp-https.conf', 'https'],
])('%s', (file, scheme) => {
  const directives = read(file)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const withKeyword = (keyword: string) => directives.filter((d) => d.split(/\s+/)[0] === keyword);

  it("forwards /mcp/ and /messages/ to the loopback port of PanDA's environment, both ways", () => {
    for (const keyword of ['ProxyPass', 'ProxyPassReverse']) {
      for (const route of ['/mcp/', '/messages/']) {
        const line = withKeyword(keyword).find((d) => d.split(/\s+/)[1] === `"${route}"`);
        expect({ keyword, route, line }).toEqual({
          keyword,
          route,
          line: expect.stringContaining(`"${scheme}://127.0.0.1:\${PANDA_SERVER_CONF_PORT_MCP}${route}"`),
        });
      }
    }
    expect(withKeyword('ProxyPreserveHost')).toEqual(['ProxyPreserveHost On']);
    if (scheme === 'https') expect(withKeyword('SSLProxyEngine')).toEqual(['SSLProxyEngine on']);
  });

  it('streams: flushes every chunk, no compression, long read timeout, pooled connections end before Node closes them', () => {
    const passes = [...withKeyword('ProxyPass'), ...withKeyword('ProxyPassMatch')];
    for (const pass of passes) {
      expect(pass).toContain('flushpackets=on');
      expect(pass).toContain('keepalive=On');
      expect(Number(/\btimeout=(\d+)/.exec(pass)?.[1])).toBeGreaterThanOrEqual(120);
      expect(Number(/\bttl=(\d+)/.exec(pass)?.[1])).toBeLessThan(NODE_KEEP_ALIVE_TIMEOUT);
    }
    expect(directives.join('\n')).toMatch(/SetEnvIf Request_URI .*no-gzip=1/);
    expect(withKeyword('SetEnv')).toContain('SetEnv no-gzip 1');
    // Nothing strips the agent's credentials.
    expect(directives.join('\n')).not.toMatch(/unset\s+(Authorization|Origin)/i);
  });
});
