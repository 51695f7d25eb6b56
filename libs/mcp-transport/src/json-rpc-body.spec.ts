import { MAX_JSON_DEPTH, parseJsonRpcBody } from './json-rpc-body';
import { JsonRpcHttpError } from './json-rpc-http.error';

function refusal(text: string): JsonRpcHttpError {
  try {
    parseJsonRpcBody(text);
  } catch (error) {
    return error as JsonRpcHttpError;
  }
  throw new Error('expected a refusal');
}

describe(parseJsonRpcBody.name, () => {
  it('accepts a JSON-RPC request', () => {
    expect(parseJsonRpcBody('{"jsonrpc":"2.0","id":1,"method":"tools/list"}')).toEqual({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
    });
  });

  it('answers malformed JSON with 400 and -32700', () => {
    expect(refusal('{"jsonrpc": "2.0",')).toMatchObject({ httpStatus: 400, rpcCode: -32700 });
  });

  it.each([
    ['a number', '42'],
    ['no jsonrpc', '{"id":1,"method":"x"}'],
    ['no method', '{"jsonrpc":"2.0","id":1}'],
    ['an object id', '{"jsonrpc":"2.0","id":{},"method":"x"}'],
    ['a batch', '[{"jsonrpc":"2.0","id":1,"method":"x"}]'],
  ])('answers %s with 400 and -32600', (_label, text) => {
    expect(refusal(text)).toMatchObject({ httpStatus: 400, rpcCode: -32600 });
  });

  it('refuses JSON nested deeper than the limit', () => {
    const deep = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1);
    const text = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":${deep}}`;
    expect(refusal(text)).toMatchObject({
      httpStatus: 400,
      message: expect.stringContaining('nested deeper'),
    });
  });

  it('removes __proto__ and constructor.prototype keys so nothing can pollute prototypes', () => {
    const sut = parseJsonRpcBody(
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}}}',
    );
    const args = (sut.params as { arguments: Record<string, unknown> }).arguments;
    expect(Object.keys(args)).not.toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
