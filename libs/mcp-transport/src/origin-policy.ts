import { isLoopbackHost, VO_NAME_PATTERN } from '@panda-mcp/common';

/**
 * PanDA overloads the Origin header to carry the VO (`atlas`, `atlas:production`, `atlas.production`), so
 * the SDK's stock Origin check (which expects serialized browser origins) cannot be used as is.
 *
 * Policy:
 * - no Origin: accepted, nothing forwarded;
 * - a VO name: accepted (restricted by allowed_vos when set) and forwarded to PanDA as the VO;
 * - a serialized origin `scheme://host[:port]`: accepted only for local hosts or allowed_hosts, never
 *   forwarded as a VO (it is a browser's origin, not a VO);
 * - `null` or anything else: refused, since that is what DNS-rebinding and cross-site attempts look like.
 */
export type OriginDecision = { accepted: true; vo?: string } | { accepted: false; reason: string };
export type HostDecision = { accepted: true } | { accepted: false; reason: string };

export interface OriginPolicySettings {
  allowedHosts: readonly string[];
  allowedVos: readonly string[];
  /** The interface the service is bound to; a loopback bind accepts only local host names. */
  bindHost: string;
}

const SERIALIZED_ORIGIN = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\s]+$/;

/** The VO part PanDA checks: `atlas:production` and `atlas.production` both belong to VO `atlas`. */
export function voBaseName(vo: string): string {
  return vo.split(/[:.]/, 1)[0];
}

function hostnameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.replace(/:\d+$/, '');
}

function hasPort(hostHeader: string): boolean {
  return hostnameOf(hostHeader) !== hostHeader.trim().toLowerCase();
}

export class OriginPolicy {
  private readonly allowedHosts: Set<string>;
  private readonly allowedHostnames: Set<string>;
  private readonly allowedVos: Set<string>;
  private readonly loopbackOnly: boolean;

  constructor(settings: OriginPolicySettings) {
    this.allowedHosts = new Set(settings.allowedHosts.map((h) => h.trim().toLowerCase()));
    // An entry with a port allows that host:port only; an entry without one allows the host on any port.
    this.allowedHostnames = new Set([...this.allowedHosts].filter((h) => !hasPort(h)));
    this.allowedVos = new Set(settings.allowedVos.map((vo) => vo.trim()));
    this.loopbackOnly = isLoopbackHost(settings.bindHost);
  }

  checkOrigin(origin: string | undefined): OriginDecision {
    if (origin === undefined || origin.trim() === '') return { accepted: true };
    const value = origin.trim();
    if (value === 'null') return { accepted: false, reason: 'Origin "null" is not accepted' };
    if (SERIALIZED_ORIGIN.test(value)) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return { accepted: false, reason: 'Origin is not a valid origin or VO name' };
      }
      const hostname = url.hostname.toLowerCase();
      if (
        isLoopbackHost(hostname) ||
        this.allowedHostnames.has(hostname) ||
        this.allowedHosts.has(url.host)
      ) {
        return { accepted: true };
      }
      return { accepted: false, reason: `Origin host ${hostname.slice(0, 100)} is not allowed` };
    }
    if (VO_NAME_PATTERN.test(value)) {
      if (
        this.allowedVos.size > 0 &&
        !this.allowedVos.has(value) &&
        !this.allowedVos.has(voBaseName(value))
      ) {
        return { accepted: false, reason: `VO "${value}" is not served here` };
      }
      return { accepted: true, vo: value };
    }
    return {
      accepted: false,
      reason: 'Origin must be a VO name (letters, digits, ".", "_", ":", "-") or an allowed origin',
    };
  }

  checkHost(host: string | undefined): HostDecision {
    if (this.allowedHosts.size === 0 && !this.loopbackOnly) return { accepted: true };
    if (!host) return { accepted: false, reason: 'missing Host header' };
    const value = host.trim().toLowerCase();
    const hostname = hostnameOf(value);
    if (isLoopbackHost(hostname)) return { accepted: true };
    if (this.allowedHosts.has(value) || this.allowedHostnames.has(hostname)) return { accepted: true };
    return { accepted: false, reason: `Host ${hostname.slice(0, 100)} is not allowed` };
  }
}
