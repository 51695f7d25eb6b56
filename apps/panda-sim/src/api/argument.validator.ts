import { EndpointSpec } from './api-catalogue.service';
import { pyLiteralEval } from './python-literal.parser';
import { isInstance, originOf, PyType, typeNameOf } from './python-type.parser';
import {
  pyEquals,
  PyError,
  PyFloat,
  pyFloatFromString,
  pyIntFromFloat,
  pyRepr,
  pyTypeName,
} from './python-value.util';

export type ValidationResult = { ok: true; args: Record<string, unknown> } | { ok: false; message: string };

const SEQUENCE_ORIGINS = new Set(['list', 'set', 'tuple']);

/**
 * The argument part of PanDA's request_validation decorator: bind the received parameters to the
 * signature (missing / unexpected arguments), then for each parameter whose value differs from its
 * default, cast GET strings to the annotation and check the type. Messages are PanDA's.
 * A PyError escaping from here is one PanDA does not catch either, and becomes a 500.
 */
export function validateArguments(
  spec: EndpointSpec,
  received: Record<string, unknown>,
  method: string,
): ValidationResult {
  // inspect.Signature.bind: `req` is taken by the request object itself
  if ('req' in received) return { ok: false, message: "Argument error: multiple values for argument 'req'" };
  const known = new Set(spec.params.map((p) => p.name));
  for (const param of spec.params) {
    if (param.required && !(param.name in received)) {
      return { ok: false, message: `Argument error: missing a required argument: '${param.name}'` };
    }
  }
  const extra = Object.keys(received).find((name) => !known.has(name));
  if (extra !== undefined && !spec.acceptsExtraKwargs) {
    return { ok: false, message: `Argument error: got an unexpected keyword argument '${extra}'` };
  }

  const args: Record<string, unknown> = {};
  for (const param of spec.params) {
    const given = param.name in received;
    let value = given ? received[param.name] : param.defaultValue;
    const type = param.type;
    if (!type || pyEquals(param.defaultValue, value)) {
      args[param.name] = value;
      continue;
    }
    // look through `X | None` to X for casting; the check below still accepts None
    let castType: PyType = type;
    if (type.kind === 'union') {
      const nonNone = type.members.filter((m) => !(m.kind === 'class' && m.name === 'NoneType'));
      if (nonNone.length === 1) castType = nonNone[0];
    }
    const origin = originOf(castType);
    const typeArgs = castType.kind === 'generic' ? castType.args : [];

    if (method === 'GET') {
      try {
        value = castGetValue(value, castType, param.defaultValue);
      } catch (error) {
        if (error instanceof PyError && (error.kind === 'ValueError' || error.kind === 'TypeError')) {
          const shown = error instanceof CastFailure ? error.value : value;
          return {
            ok: false,
            message: `Type error: '${param.name}' with value '${pyStr(shown)}' could not be casted to type ${typeNameOf(
              error instanceof CastFailure ? error.castType : castType,
            )} from ${pyTypeName(shown)}.`,
          };
        }
        throw error;
      }
    }

    const defaultIsNone = value === null && pyEquals(value, param.defaultValue);
    if (origin && origin !== 'union') {
      if (!isInstance(value, { kind: 'class', name: origin }) && !defaultIsNone) {
        return {
          ok: false,
          message: `Type error: '${param.name}' must be of type ${origin}, got ${pyTypeName(value)}.`,
        };
      }
      if (typeArgs.length && value !== null && SEQUENCE_ORIGINS.has(origin)) {
        if (!(value as unknown[]).every((item) => isInstance(item, typeArgs[0]))) {
          return {
            ok: false,
            message: `Type error: All elements in '${param.name}' must be ${typeNameOf(typeArgs[0])}.`,
          };
        }
      }
    } else if (!isInstance(value, type) && !defaultIsNone) {
      return {
        ok: false,
        message: `Type error: '${param.name}' must be of type ${typeNameOf(type)}, got ${pyTypeName(value)}.`,
      };
    }
    args[param.name] = value;
  }
  if (spec.acceptsExtraKwargs) {
    for (const [name, value] of Object.entries(received)) if (!known.has(name)) args[name] = value;
  }
  return { ok: true, args };
}

/** A failed cast that already changed the value (a single GET value wrapped into a list, say). */
class CastFailure extends PyError {
  constructor(
    readonly value: unknown,
    readonly castType: PyType,
    cause: PyError,
  ) {
    super(cause.kind, cause.message);
  }
}

/** str() of a value inside a message: strings bare, everything else as repr(). */
function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function lower(value: unknown): string {
  if (typeof value !== 'string') {
    throw new PyError('AttributeError', `'${pyTypeName(value)}' object has no attribute 'lower'`);
  }
  return value.toLowerCase();
}

function intFromString(value: unknown): number {
  if (typeof value !== 'string') {
    throw new PyError(
      'TypeError',
      `float() argument must be a string or a real number, not '${pyTypeName(value)}'`,
    );
  }
  return pyIntFromFloat(pyFloatFromString(value));
}

/** The GET branch of request_validation: query values arrive as str, or a list of str when repeated. */
function castGetValue(value: unknown, castType: PyType, defaultValue: unknown): unknown {
  if (value === 'None' && defaultValue === null) return null;
  if (castType.kind === 'class' && castType.name === 'str') return value;
  if (castType.kind === 'class' && castType.name === 'bool') return ['true', '1'].includes(lower(value));
  if (castType.kind === 'class' && castType.name === 'int') return intFromString(value);
  const origin = originOf(castType);
  if (origin && SEQUENCE_ORIGINS.has(origin) && castType.kind === 'generic' && castType.args.length) {
    const items = typeof value === 'string' ? [value] : value;
    const element = castType.args[0];
    try {
      if (!Array.isArray(items)) return items;
      if (element.kind === 'class' && element.name === 'int') return items.map(intFromString);
      if (element.kind === 'class' && element.name === 'float') {
        return items.map((i) => new PyFloat(pyFloatFromString(String(i))));
      }
      if (element.kind === 'class' && element.name === 'bool')
        return items.map((i) => ['true', '1'].includes(lower(i)));
      return items;
    } catch (error) {
      if (error instanceof PyError) throw new CastFailure(items, castType, error);
      throw error;
    }
  }
  // anything else: ast.literal_eval of the text, then the normalised type must match
  const normalised: PyType =
    castType.kind === 'generic' ? { kind: 'class', name: castType.origin } : castType;
  let cast = value;
  try {
    if (!isInstance(cast, normalised)) cast = pyLiteralEval(String(value));
  } catch (error) {
    if (error instanceof PyError && error.kind === 'ValueError')
      throw new CastFailure(value, normalised, error);
    throw error;
  }
  if (!isInstance(cast, normalised)) {
    throw new CastFailure(cast, normalised, new PyError('TypeError', `Expected ${typeNameOf(normalised)}`));
  }
  return cast;
}
