import { endpointParameterFromPython } from './python-annotation.schema';
import { inputSchemaOf } from './tool-input.schema';

describe(inputSchemaOf.name, () => {
  const sut = inputSchemaOf;

  it('gives each parameter its schema and description, keeps defaults other than null, and lists the required ones', () => {
    expect(
      sut([
        endpointParameterFromPython({ name: 'client_name', annotation: 'str', description: 'The client.' }),
        endpointParameterFromPython({
          name: 'token_key',
          annotation: 'str',
          default: null,
          description: 'The key.',
        }),
        endpointParameterFromPython({
          name: 'timeout',
          annotation: 'int',
          default: 60,
          description: 'Timeout',
        }),
        endpointParameterFromPython({ name: 'broadcast', annotation: 'bool', default: false }),
      ]),
    ).toEqual({
      type: 'object',
      properties: {
        client_name: { type: 'string', description: 'The client.' },
        token_key: { type: ['string', 'null'], description: 'The key.' },
        timeout: { type: 'integer', default: 60, description: 'Timeout' },
        broadcast: { type: 'boolean', default: false },
      },
      required: ['client_name'],
      additionalProperties: false,
    });
  });

  it('leaves out the description of a parameter without one, and `required` when none is', () => {
    const parameter = { ...endpointParameterFromPython({ name: 'x', annotation: 'id' }), required: false };
    expect(sut([parameter])).toEqual({ type: 'object', properties: { x: {} }, additionalProperties: false });
    expect(sut([])).toEqual({ type: 'object', properties: {}, additionalProperties: false });
  });

  it('does not share the parameter schemas', () => {
    const parameter = endpointParameterFromPython({ name: 'task_id', annotation: 'int' });
    expect(sut([parameter]).properties.task_id).not.toBe(parameter.schema);
  });
});
