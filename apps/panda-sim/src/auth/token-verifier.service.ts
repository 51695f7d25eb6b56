import { Inject, Injectable } from '@nestjs/common';
import { SIM_CONFIG, SIM_VO, SimConfig } from '../config/sim.config';
import { decodeJwt, JwtFormatError, verifyRs256Signature } from '../identity/jwt.util';
import { SigningKey } from '../identity/signing-key.store';
import { ANONYMOUS, Caller } from './caller.types';
import { cleanUserId, dnFromClaims, hasProductionRole, parseOriginVo } from './panda-identity.util';

export const SIGNING_KEY = Symbol('SIGNING_KEY');
/** Milliseconds since the epoch; injectable so that expiry can be tested without waiting. */
export const SIM_CLOCK = Symbol('SIM_CLOCK');
export type Clock = () => number;

/** A refusal PanDA reports as "Invalid token. <reason>" (PyJWT's InvalidTokenError family). */
class InvalidToken extends Error {}
/** Any other failure, reported as "Token decode failure. <reason>". */
class DecodeFailure extends Error {}

/**
 * PanDA's auth policy for the sim's one VO: plain members get the user role; `auto_roles` gives a
 * member of `atlas/production` the production role even when the Origin names only the VO.
 */
const AUTH_POLICIES: Record<string, { member: string; role: string }[]> = {
  [SIM_VO]: [
    { member: SIM_VO, role: 'user' },
    { member: `${SIM_VO}/production`, role: 'production' },
  ],
};
const AUTO_ROLES: Record<string, string[]> = { [SIM_VO]: ['production'] };

/**
 * Verifies `Authorization: Bearer <ID token>` + `Origin: <vo>` the way PanDA's OIDC decoder does:
 * the client is recognised from `aud` (or `client_id`), the key from `kid`, only RS256 is accepted,
 * `exp`/`iat`/`nbf` and `iss` are checked, then the VO and role of the Origin against `groups`.
 */
@Injectable()
export class TokenVerifierService {
  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimConfig,
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
    @Inject(SIM_CLOCK) private readonly clock: Clock,
  ) {}

  /** The raw token PanDA would read: the second word of the Authorization header. */
  static tokenOf(authorization: string | undefined): string | undefined {
    if (authorization === undefined) return undefined;
    return authorization.trim().split(/\s+/)[1];
  }

  identify(authorization: string | undefined, origin: string | undefined): Caller {
    const token = TokenVerifierService.tokenOf(authorization);
    // PanDA indexes split()[1] inside a try that leaves the request authenticated: a header
    // without a second word is treated as no credential at all
    if (token === undefined) return { ...ANONYMOUS, env: {} };
    try {
      return this.decode(token, origin);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const failure =
        error instanceof InvalidToken ? `Invalid token. ${reason}` : `Token decode failure. ${reason}`;
      return { ...ANONYMOUS, env: {}, authenticated: false, failure };
    }
  }

  private decode(token: string, origin: string | undefined): Caller {
    if (origin === undefined) throw new DecodeFailure('no HTTP_ORIGIN to identify the VO');
    const claims = this.verify(token);

    const parsed = parseOriginVo(origin);
    const vo = parsed.vo;
    let role = parsed.role;
    const policies = AUTH_POLICIES[vo];
    if (!policies) return this.refused(`Unknown vo : ${vo}`);
    const groups = claims.groups;
    if (!Array.isArray(groups)) throw new DecodeFailure("'groups'");
    const inGroup = (group: string) => groups.includes(group) || groups.includes(`/${group}`);

    if (!role) role = (AUTO_ROLES[vo] ?? []).find((candidate) => inGroup(`${vo}/${candidate}`));
    const env: Record<string, string> = {};
    if (role) {
      if (!inGroup(`${vo}/${role}`)) return this.refused(`Not a member of the ${vo}/${role} group`);
      Object.assign(env, { PANDA_OIDC_VO: vo, PANDA_OIDC_GROUP: role, PANDA_OIDC_ROLE: role });
    } else {
      const policy = policies.find((p) => inGroup(p.member));
      if (!policy) return this.refused(`Not a member of the ${vo} group`);
      Object.assign(env, { PANDA_OIDC_VO: vo, PANDA_OIDC_GROUP: vo, PANDA_OIDC_ROLE: policy.role });
    }

    for (const [claim, value] of Object.entries(claims)) env[`PANDA_OIDC_CLAIM_${claim}`] = pythonStr(value);
    const dn = dnFromClaims(claims);
    env.SSL_CLIENT_S_DN = dn;
    const fqans: string[] = [];
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(/\s+/) : [];
    for (const scope of scopes) if (scope.startsWith('role:')) fqans.push(scope.split(':').pop() as string);
    if (role) fqans.push(`/${vo}/Role=${role}`);
    fqans.forEach((fqan, i) => (env[`GRST_CRED_AUTH_TOKEN_${i}`] = `VOMS ${fqan}`));

    return {
      authenticated: true,
      dn,
      userName: cleanUserId(dn),
      fqans,
      productionRole: hasProductionRole(fqans),
      vo,
      role,
      username: typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined,
      subject: typeof claims.sub === 'string' ? claims.sub : undefined,
      tokenId: typeof claims.jti === 'string' ? claims.jti : undefined,
      env,
    };
  }

  private refused(failure: string): Caller {
    return { ...ANONYMOUS, env: {}, authenticated: false, failure };
  }

  /** Signature and registered claims; the wording of each refusal is PyJWT's. */
  private verify(token: string): Record<string, unknown> {
    let decoded;
    try {
      decoded = decodeJwt(token);
    } catch (error) {
      if (error instanceof JwtFormatError) throw new InvalidToken(error.message);
      throw error;
    }
    const { header, payload } = decoded;
    const clientIds = [this.config.clientId];
    const aud = payload.aud;
    let known = typeof aud === 'string' && clientIds.includes(aud);
    if (!known && typeof payload.client_id === 'string') known = clientIds.includes(payload.client_id);
    if (!known) {
      if (!('sub' in payload)) throw new DecodeFailure("'sub'");
      known = typeof payload.sub === 'string' && clientIds.includes(payload.sub);
    }
    if (!known) throw new InvalidToken('cannot extract client_id from token');
    if (typeof header.kid !== 'string') throw new InvalidToken('cannot extract kid from headers');
    if (header.kid !== this.key.kid) throw new InvalidToken(`JWK not found for kid=${header.kid}`);
    if (header.alg !== 'RS256') throw new InvalidToken('The specified alg value is not allowed');
    if (!verifyRs256Signature(decoded, this.key.publicKey))
      throw new InvalidToken('Signature verification failed');

    const now = this.clock() / 1000;
    for (const claim of ['iat', 'nbf', 'exp'] as const) {
      if (claim in payload && typeof payload[claim] !== 'number') {
        const label = { iat: 'Issued At', nbf: 'Not Before', exp: 'Expiration Time' }[claim];
        throw new InvalidToken(`${label} claim (${claim}) must be an integer.`);
      }
    }
    if (typeof payload.iat === 'number' && payload.iat > now)
      throw new InvalidToken('The token is not yet valid (iat)');
    if (typeof payload.nbf === 'number' && payload.nbf > now)
      throw new InvalidToken('The token is not yet valid (nbf)');
    if (typeof payload.exp === 'number' && payload.exp <= now)
      throw new InvalidToken('Signature has expired');
    if (!('iss' in payload)) throw new InvalidToken('Token is missing the "iss" claim');
    if (payload.iss !== this.config.issuer) throw new InvalidToken('failed to decode: Invalid issuer');
    return payload;
  }
}

/** Python's str() of a claim value, as PanDA copies claims into its environment. */
function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return `[${value.map((v) => (typeof v === 'string' ? `'${v}'` : pythonStr(v))).join(', ')}]`;
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
