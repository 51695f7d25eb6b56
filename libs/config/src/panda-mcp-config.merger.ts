import { ConfigValueOrigin, formatConfigProblem } from './config-problem.formatter';
import { ConfigSources } from './config-sources.reader';
import { convertConfigValue } from './config-value.converter';
import { PANDA_MCP_CONFIG_KEYS, PandaMcpConfigKey, configKeyOf } from './panda-mcp-config.keys';
import { PandaMcpConfig } from './panda-mcp-config';

type Prop = keyof PandaMcpConfig;

/**
 * The winning value of every setting, where each came from, and the problems found so far with them.
 * Filled by mergePandaMcpConfig, checked further by validatePandaMcpConfig.
 */
export class MergedPandaMcpConfig {
  /** The typed values by property; a value whose conversion failed keeps its default. */
  readonly values: Record<string, unknown>;
  private readonly origins = new Map<Prop, ConfigValueOrigin>();
  private readonly failed = new Set<Prop>();
  private readonly problems: { order: number; text: string }[] = [];

  constructor(defaults: PandaMcpConfig) {
    this.values = { ...defaults };
  }

  /** Where the value of `prop` came from (`default` when no source sets it). */
  originOf(prop: Prop): ConfigValueOrigin {
    return this.origins.get(prop)!;
  }

  /** True when some source sets `prop` (it does not keep its default). */
  isSet(prop: Prop): boolean {
    return this.originOf(prop).source !== 'default';
  }

  hasFailed(prop: Prop): boolean {
    return this.failed.has(prop);
  }

  /** The (string) value of `prop`, unless a problem has been reported for it. */
  usable(prop: Prop): string | undefined {
    return this.failed.has(prop) ? undefined : (this.values[prop] as string | undefined);
  }

  /** Records where the value of `prop` came from. */
  setOrigin(prop: Prop, origin: ConfigValueOrigin): void {
    this.origins.set(prop, origin);
  }

  /** Records a problem with `prop`, quoting its value and its source. */
  report(prop: Prop, what: string): void {
    const def = configKeyOf(prop);
    this.failed.add(prop);
    this.problems.push({
      order: PANDA_MCP_CONFIG_KEYS.indexOf(def),
      text: formatConfigProblem(def.key, what, this.originOf(prop)),
    });
  }

  /** The problems reported, one or more per key, in the order of PANDA_MCP_CONFIG_KEYS. */
  problemsInKeyOrder(): string[] {
    return [...this.problems].sort((a, b) => a.order - b.order).map((p) => p.text);
  }
}

/**
 * Picks the value of every setting by precedence (environment, in the order of its variables, then the
 * file sections in the order given, then `defaults`) and converts it to its type, reporting values that
 * cannot be converted.
 */
export function mergePandaMcpConfig(
  sources: Pick<ConfigSources, 'envValue' | 'sections'>,
  defaults: PandaMcpConfig,
): MergedPandaMcpConfig {
  const merged = new MergedPandaMcpConfig(defaults);
  for (const def of PANDA_MCP_CONFIG_KEYS) {
    const origin = pickOrigin(def, sources);
    if (origin === undefined) {
      merged.setOrigin(def.prop, { source: 'default', raw: defaults[def.prop] });
      continue;
    }
    // a secret is never quoted, whatever the problem found with it (here or by the validator)
    if (def.kind === 'secret') origin.shown = hiddenSecret(origin.raw);
    merged.setOrigin(def.prop, origin);
    const converted = convertConfigValue(def.kind, origin.raw);
    if (converted.ok) {
      merged.values[def.prop] = converted.value;
    } else {
      if (converted.shown !== undefined) origin.shown = converted.shown;
      merged.report(def.prop, converted.problem);
    }
  }
  return merged;
}

function pickOrigin(
  def: PandaMcpConfigKey,
  { envValue, sections }: Pick<ConfigSources, 'envValue' | 'sections'>,
): ConfigValueOrigin | undefined {
  for (const name of def.env) {
    const raw = envValue(name);
    if (raw !== undefined) return { source: `env ${name}`, raw };
  }
  for (const section of sections) {
    if (!Object.prototype.hasOwnProperty.call(section.values, def.key)) continue;
    const raw = section.values[def.key];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
    return { source: section.describe(def.key), raw };
  }
  return undefined;
}

function hiddenSecret(raw: unknown): string {
  return typeof raw === 'string' ? `(a secret of ${raw.trim().length} characters, not shown)` : '(not shown)';
}
