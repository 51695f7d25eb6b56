/**
 * How PanDA turns a verified token and an Origin header into a caller: the VO/role split of the
 * Origin, the DN built from the `name` claim, the cleaned user id that owns tasks, and the
 * production-role test on FQANs. Kept as pure functions so the rules can be tested alone.
 */

export interface OriginVo {
  vo: string;
  role: string | undefined;
}

/** Splits an Origin of the form `vo`, `vo:role` or `vo.role` (last dot), as PanDA does. */
export function parseOriginVo(origin: string): OriginVo {
  if (origin.startsWith('vo.')) {
    // VO names that begin with "vo." keep their dots; only ":" separates a role
    const i = origin.indexOf(':');
    return i < 0 ? { vo: origin, role: undefined } : { vo: origin.slice(0, i), role: origin.slice(i + 1) };
  }
  const colon = origin.indexOf(':');
  if (colon >= 0) return { vo: origin.slice(0, colon), role: origin.slice(colon + 1) };
  const dot = origin.lastIndexOf('.');
  if (dot >= 0) return { vo: origin.slice(0, dot), role: origin.slice(dot + 1) };
  return { vo: origin, role: undefined };
}

/** The DN PanDA builds from token claims: capitalised `name`, plus `/CN=nickname:<preferred_username>`. */
export function dnFromClaims(claims: Record<string, unknown>): string {
  if (claims.name !== undefined && claims.name !== null) {
    const words = String(claims.name).split(/\s+/).filter(Boolean);
    let dn = words.map((w) => w.slice(0, 1).toUpperCase() + w.slice(1).toLowerCase()).join(' ');
    if (claims.preferred_username !== undefined) dn += `/CN=nickname:${String(claims.preferred_username)}`;
    return dn;
  }
  return String(claims.sub);
}

/** PanDA's clean_user_id: the short owner name stored in task and job records. */
export function cleanUserId(dn: string): string {
  let name = dn.replace(/\/(DC|O|OU|C|L)=[^/]+/g, '');
  name = name.replace(/\/CN=[0-9]+/g, '');
  name = name.replace(/ [0-9]+/g, '');
  name = name.replace(/_[0-9]+/g, '');
  name = name.replace('/CN=proxy', '').replace('/CN=limited proxy', '').replace('limited proxy', '');
  name = name.replace(/\/CN=Robot:[^/]+/g, '');
  name = name.replace(/\/CN=nickname:[^/]+/g, '');
  const twoCn = /.*\/CN=([^/]+)\/CN=([^/]+)/.exec(name);
  name = twoCn ? twoCn[2] : name.replace(/\/CN=/g, '');
  const email = name.toLowerCase().indexOf('/email');
  if (email > 0) name = name.slice(0, email);
  return name.replace(/[()']/g, '');
}

/** PanDA's has_production_role: a `/<vo>/Role=production` FQAN. */
export function hasProductionRole(fqans: readonly string[]): boolean {
  return fqans.some(
    (fqan) =>
      fqan.startsWith('/atlas/usatlas/Role=production') ||
      fqan.startsWith('/atlas/Role=production') ||
      /^\/[^/]+\/Role=production/.test(fqan),
  );
}
