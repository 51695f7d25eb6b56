import { decodeUnverifiedJwtPayload } from './unverified-jwt';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe(decodeUnverifiedJwtPayload.name, () => {
  const sut = decodeUnverifiedJwtPayload;

  it('reads the payload of a compact JWS without verifying it', () => {
    expect(sut(`${part({ alg: 'RS256' })}.${part({ sub: 'alice', exp: 5 })}.sig`)).toEqual({
      sub: 'alice',
      exp: 5,
    });
  });

  it.each([
    undefined,
    '',
    'opaque-token',
    'a.b',
    `x.${part([1, 2])}.y`,
    `x.${part('text')}.y`,
    'x.!!!.y',
    'a.b.c.d',
  ])('gives undefined for %s', (token) => expect(sut(token)).toBeUndefined());
});
