import * as os from 'node:os';
import * as path from 'node:path';

type Env = Record<string, string | undefined>;

/** PanDA's public server; its `/auth/<vo>_auth_config.json` says where users log in. */
export const DEFAULT_PANDA_URL = 'https://pandaserver.cern.ch:25443';
export const DEFAULT_VO = 'atlas';
/** Same file name as PanDA's own client tooling uses in the admin guide. */
export const DEFAULT_TOKEN_FILE_NAME = '.panda_id_token';
/** The service's port variable; the test client's default port follows it. */
export const DEFAULT_MCP_PORT = 25888;
/** Refresh this long before the ID token expires (PanDA's live 15 minutes). */
export const DEFAULT_REFRESH_MARGIN_SECONDS = 300;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** `PANDA_SERVER` (the variable PanDA's client reads), else the public server. */
export function defaultPandaUrl(env: Env): string {
  return nonEmpty(env.PANDA_SERVER) ?? DEFAULT_PANDA_URL;
}

/** `VO`, then `PANDA_AUTH_VO`, then atlas. */
export function defaultVo(env: Env): string {
  return nonEmpty(env.VO) ?? nonEmpty(env.PANDA_AUTH_VO) ?? DEFAULT_VO;
}

/** `TOKEN_FILE`, else `~/.panda_id_token` (HOME of the given environment). */
export function defaultTokenFile(env: Env): string {
  return nonEmpty(env.TOKEN_FILE) ?? path.join(nonEmpty(env.HOME) ?? os.homedir(), DEFAULT_TOKEN_FILE_NAME);
}

export interface LoginTarget {
  pandaUrl: string;
  vo: string;
  tokenFile: string;
}

/** The `panda-mcp login` command that renews this target's token, naming only what differs from the defaults. */
export function loginCommandFor(target: LoginTarget, env: Env): string {
  const parts = ['panda-mcp login'];
  if (target.pandaUrl !== defaultPandaUrl(env)) parts.push(`--panda-url ${target.pandaUrl}`);
  if (target.vo !== defaultVo(env)) parts.push(`--vo ${target.vo}`);
  if (path.resolve(target.tokenFile) !== path.resolve(defaultTokenFile(env))) {
    parts.push(`--token-file ${target.tokenFile}`);
  }
  return parts.join(' ');
}
