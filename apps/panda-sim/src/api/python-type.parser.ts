import { PyFileStorage, PyFloat, pyTypeName } from './python-value.util';

/**
 * PanDA's parameter annotations (`x-panda-type`, e.g. "int", "List[int]", "int | None",
 * "Dict | str") parsed into a small model of the Python typing objects that request_validation
 * inspects: get_origin, get_args, isinstance and the name it prints in error messages.
 */
export type PyType =
  /** A class: int, float, str, bool, dict, list, FileStorage, NoneType, or Any (accepts everything). */
  | { kind: 'class'; name: string }
  /** A generic alias: typing.List / typing.Dict (bare or subscripted) or list[int]; `typing` tells which. */
  | {
      kind: 'generic';
      origin: 'list' | 'dict' | 'set' | 'tuple';
      display: string;
      typing: boolean;
      args: PyType[];
    }
  | { kind: 'union'; members: PyType[] }
  /** Something that is not a type (`id`) or that the sim does not know: not checked. */
  | { kind: 'opaque'; name: string };

const CLASSES = new Set([
  'int',
  'float',
  'str',
  'bool',
  'dict',
  'list',
  'set',
  'tuple',
  'FileStorage',
  'Any',
  'object',
]);
const TYPING_ALIASES: Record<string, 'list' | 'dict' | 'set' | 'tuple'> = {
  List: 'list',
  Dict: 'dict',
  Set: 'set',
  Tuple: 'tuple',
  Sequence: 'list',
};

/** undefined means "no annotation": PanDA then passes the value through unchecked. */
export function parseAnnotation(text: string | undefined | null): PyType | undefined {
  if (text === undefined || text === null) return undefined;
  const source = String(text).trim();
  if (source === '' || source === 'None') return undefined;
  const tokens = source.match(/[A-Za-z_][\w.]*|[[\],|]/g) ?? [];
  let i = 0;
  const parseUnion = (): PyType => {
    const members = [parseTerm()];
    while (tokens[i] === '|') {
      i++;
      members.push(parseTerm());
    }
    return members.length === 1 ? members[0] : { kind: 'union', members };
  };
  const parseTerm = (): PyType => {
    const raw = tokens[i++] ?? '';
    const name = raw.replace(/^typing\./, '');
    let args: PyType[] = [];
    if (tokens[i] === '[') {
      i++;
      args.push(parseUnion());
      while (tokens[i] === ',') {
        i++;
        args.push(parseUnion());
      }
      i++; // ]
      if (name === 'Optional')
        return { kind: 'union', members: [args[0], { kind: 'class', name: 'NoneType' }] };
      if (name === 'Union') return { kind: 'union', members: args };
    } else {
      args = [];
    }
    if (name === 'None') return { kind: 'class', name: 'NoneType' };
    if (name in TYPING_ALIASES) {
      return { kind: 'generic', origin: TYPING_ALIASES[name], display: name, typing: true, args };
    }
    if (args.length > 0 && (name === 'list' || name === 'dict' || name === 'set' || name === 'tuple')) {
      return { kind: 'generic', origin: name, display: name, typing: false, args };
    }
    if (CLASSES.has(name)) return { kind: 'class', name };
    return { kind: 'opaque', name };
  };
  return parseUnion();
}

/** typing.get_origin: the container of a generic, 'union' for a union, undefined for a class. */
export function originOf(type: PyType): 'list' | 'dict' | 'set' | 'tuple' | 'union' | undefined {
  if (type.kind === 'generic') return type.origin;
  if (type.kind === 'union') return 'union';
  return undefined;
}

function reprOf(type: PyType, typingStyle: boolean): string {
  switch (type.kind) {
    case 'class':
      if (type.name === 'NoneType') return typingStyle ? 'NoneType' : 'None';
      if (type.name === 'Any') return 'typing.Any';
      return type.name;
    case 'opaque':
      return type.name;
    case 'generic': {
      const base = type.typing ? `typing.${type.display}` : type.display;
      return type.args.length ? `${base}[${type.args.map((a) => reprOf(a, typingStyle)).join(', ')}]` : base;
    }
    case 'union':
      return type.members.map((m) => reprOf(m, typingStyle)).join(' | ');
  }
}

/** PanDA's type_name(): `__name__` when the object has one, else str() of the annotation. */
export function typeNameOf(type: PyType): string {
  switch (type.kind) {
    case 'class':
      return type.name;
    case 'opaque':
      return type.name;
    case 'generic':
      return type.display;
    case 'union': {
      // a union with a typing alias is a typing.Union and prints as such; otherwise a types.UnionType
      const typingStyle = type.members.some((m) => m.kind === 'generic' && m.typing);
      if (!typingStyle) return reprOf(type, false);
      const members = type.members.map((m) => reprOf(m, true));
      const nonNone = type.members.filter((m) => !(m.kind === 'class' && m.name === 'NoneType'));
      if (nonNone.length === 1 && members.length === 2) return `typing.Optional[${reprOf(nonNone[0], true)}]`;
      return `typing.Union[${members.join(', ')}]`;
    }
  }
}

/** isinstance(value, isinstance_types(type)); a bool is an int, as in Python. */
export function isInstance(value: unknown, type: PyType): boolean {
  switch (type.kind) {
    case 'opaque':
      return true;
    case 'union':
      return type.members.some((member) => isInstance(value, member));
    case 'generic':
      return isInstanceOfClass(value, type.origin);
    case 'class':
      return isInstanceOfClass(value, type.name);
  }
}

function isInstanceOfClass(value: unknown, name: string): boolean {
  const actual = pyTypeName(value);
  switch (name) {
    case 'Any':
    case 'object':
      return true;
    case 'int':
      return actual === 'int' || actual === 'bool';
    case 'float':
      return value instanceof PyFloat;
    case 'FileStorage':
      return value instanceof PyFileStorage;
    case 'set':
    case 'tuple':
      // JSON has neither; PanDA's check of a JSON list against them fails
      return false;
    default:
      return actual === name;
  }
}
