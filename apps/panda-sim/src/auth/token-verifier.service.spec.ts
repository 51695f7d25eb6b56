import { signRs256 } from '../identity/jwt.util';
import { IdTokenSigner } from '../identity/id-token.signer';
import { SigningKey } from '../identity/signing-key.store';
import { findSimUser, SimUser } from '../identity/sim-users.data';
import { ClockDouble, clockDouble, signingKeyDouble, simConfigDouble } from '../testing/sim-test.doubles';
import { TokenVerifierService } from './token-verifier.service';

const alice = findSimUser('alice') as SimUser;
const carol = findSimUser('carol') as SimUser;

describe(TokenVerifierService.name, () => {
  const key: SigningKey = signingKeyDouble();
  const otherKey: SigningKey = signingKeyDouble();
  const config = simConfigDouble();
  let time: ClockDouble;
  let sut: TokenVerifierService;
  let signer: IdTokenSigner;
  const nowSeconds = () => Math.floor(time.now() / 1000);

  beforeEach(() => {
    time = clockDouble();
    sut = new TokenVerifierService(config, key, time.clock);
    signer = new IdTokenSigner(key, config.issuer, config.clientId);
  });

  it('accepts a valid ID token with a matching VO and derives the PanDA identity', () => {
    const caller = sut.identify(`Bearer ${signer.idToken(alice, 900, nowSeconds())}`, 'atlas');
    expect(caller).toMatchObject({
      authenticated: true,
      dn: 'Alice Anderson/CN=nickname:alice',
      userName: 'Alice Anderson',
      productionRole: false,
      username: 'alice',
      subject: alice.sub,
    });
  });

  it('lets a request without Authorization through without a DN, as PanDA does', () => {
    const caller = sut.identify(undefined, 'atlas');
    expect(caller.authenticated).toBe(true);
    expect(caller.dn).toBeUndefined();
  });

  it('refuses a token signed by another key', () => {
    const forged = new IdTokenSigner({ ...otherKey, kid: key.kid }, config.issuer, config.clientId);
    const caller = sut.identify(`Bearer ${forged.idToken(alice, 900, nowSeconds())}`, 'atlas');
    expect(caller).toMatchObject({
      authenticated: false,
      failure: 'Invalid token. Signature verification failed',
    });
  });

  it('refuses an expired token', () => {
    const token = signer.idToken(alice, 60, nowSeconds());
    time.advance(61_000);
    expect(sut.identify(`Bearer ${token}`, 'atlas')).toMatchObject({
      authenticated: false,
      failure: 'Invalid token. Signature has expired',
    });
  });

  it('refuses a token for another audience', () => {
    const token = signRs256(
      { iss: config.issuer, aud: 'someone-else', sub: alice.sub, exp: nowSeconds() + 60, groups: ['atlas'] },
      key.privateKey,
      key.kid,
    );
    expect(sut.identify(`Bearer ${token}`, 'atlas')).toMatchObject({
      authenticated: false,
      failure: 'Invalid token. cannot extract client_id from token',
    });
  });

  it('refuses a token from another issuer', () => {
    const foreign = new IdTokenSigner(key, 'https://elsewhere.example', config.clientId);
    expect(sut.identify(`Bearer ${foreign.idToken(alice, 60, nowSeconds())}`, 'atlas')).toMatchObject({
      authenticated: false,
      failure: 'Invalid token. failed to decode: Invalid issuer',
    });
  });

  it('refuses garbage with the JWT library wording, and never repeats the token', () => {
    const caller = sut.identify('Bearer not-a-jwt', 'atlas');
    expect(caller).toMatchObject({ authenticated: false, failure: 'Invalid token. Not enough segments' });
    expect(caller.failure).not.toContain('not-a-jwt');
  });

  it('needs an Origin to know the VO', () => {
    expect(sut.identify(`Bearer ${signer.idToken(alice, 60, nowSeconds())}`, undefined)).toMatchObject({
      authenticated: false,
      failure: 'Token decode failure. no HTTP_ORIGIN to identify the VO',
    });
  });

  it.each([
    ['cms', 'Unknown vo : cms'],
    ['atlas:production', 'Not a member of the atlas/production group'],
    ['atlas.production', 'Not a member of the atlas/production group'],
  ])('refuses alice with Origin %p', (origin, failure) => {
    expect(sut.identify(`Bearer ${signer.idToken(alice, 60, nowSeconds())}`, origin)).toMatchObject({
      authenticated: false,
      failure,
    });
  });

  it.each(['atlas', 'atlas:production', 'atlas.production'])(
    'gives carol the production role with Origin %p',
    (origin) => {
      const caller = sut.identify(`Bearer ${signer.idToken(carol, 60, nowSeconds())}`, origin);
      expect(caller).toMatchObject({
        authenticated: true,
        productionRole: true,
        fqans: ['/atlas/Role=production'],
      });
    },
  );
});
