import * as crypto from 'node:crypto';
import { parseOriginVo } from '../auth/panda-identity.util';
import { signRs256 } from './jwt.util';
import { readIssuerFile } from './issuer-file.store';
import { loadOrCreateSigningKey, SigningKey } from './signing-key.store';
import { findSimUser, SIM_USERS, SimUser } from './sim-users.data';

/** Signs the sim's ID and access tokens; used by the OIDC endpoints, `sim:token` and test support. */
export class IdTokenSigner {
  constructor(
    private readonly key: SigningKey,
    private readonly issuer: string,
    private readonly clientId: string,
  ) {}

  /** An OIDC ID token as an IAM would issue it: `aud` is the client id, `groups` carries VO membership. */
  idToken(user: SimUser, ttlSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): string {
    return signRs256(
      {
        iss: this.issuer,
        aud: this.clientId,
        azp: this.clientId,
        sub: user.sub,
        iat: nowSeconds,
        auth_time: nowSeconds,
        exp: nowSeconds + ttlSeconds,
        jti: crypto.randomUUID(),
        name: user.name,
        preferred_username: user.username,
        email: user.email,
        groups: [...user.groups],
      },
      this.key.privateKey,
      this.key.kid,
    );
  }

  /** An access token; it names the client in `client_id`, which is how PanDA recognises one. */
  accessToken(
    user: SimUser,
    ttlSeconds: number,
    scope: string,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): string {
    return signRs256(
      {
        iss: this.issuer,
        aud: this.clientId,
        client_id: this.clientId,
        sub: user.sub,
        scope,
        iat: nowSeconds,
        exp: nowSeconds + ttlSeconds,
        jti: crypto.randomUUID(),
        name: user.name,
        preferred_username: user.username,
        groups: [...user.groups],
      },
      this.key.privateKey,
      this.key.kid,
    );
  }
}

export interface SignSimTokenOptions {
  stateDir: string;
  /** Empty or absent: the issuer the sim on `stateDir` announced at startup. */
  issuer?: string;
  clientId: string;
  user: string;
  /** VO as an Origin would name it (`atlas`, `atlas:production`, `atlas.production`); checked, not embedded. */
  vo?: string;
  ttlSeconds: number;
}

/**
 * Signs an ID token for a known user with the key in `stateDir`, refusing a VO the user is not a
 * member of (the server would refuse the token with that Origin anyway; failing here is clearer).
 */
export function signSimToken(options: SignSimTokenOptions): string {
  const user = findSimUser(options.user);
  if (!user) {
    throw new Error(
      `unknown user "${options.user}"; known users: ${SIM_USERS.map((u) => u.username).join(', ')}`,
    );
  }
  if (options.vo) {
    const { vo, role } = parseOriginVo(options.vo);
    const group = role ? `${vo}/${role}` : vo;
    if (!user.groups.includes(group)) {
      throw new Error(
        `user "${user.username}" is not a member of ${group} (groups: ${user.groups.join(', ')})`,
      );
    }
  }
  const issuer = options.issuer || readIssuerFile(options.stateDir);
  if (!issuer) {
    throw new Error(
      `no issuer known for state folder ${options.stateDir}: start panda-sim with it first (it records its URL there), or set PANDA_SIM_ISSUER`,
    );
  }
  const signer = new IdTokenSigner(loadOrCreateSigningKey(options.stateDir), issuer, options.clientId);
  return signer.idToken(user, options.ttlSeconds);
}
