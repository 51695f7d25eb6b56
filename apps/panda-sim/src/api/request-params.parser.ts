import * as zlib from 'node:zlib';
import { parsePythonJson } from './python-json.parser';
import { PyError, PyFileStorage, pyTypeName } from './python-value.util';

export interface RawApiRequest {
  method: string;
  /** The query string without "?". */
  query: string;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  body: Buffer;
}

/** Python's urllib.parse.unquote_plus with errors="replace". */
function unquotePlus(text: string): string {
  const bytes: number[] = [];
  const raw = Buffer.from(text.replace(/\+/g, ' '), 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const hex = raw.subarray(i + 1, i + 3).toString('latin1');
    if (raw[i] === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(raw[i]);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** parse_qsl(keep_blank_values=True): pairs in order, "&" as the only separator. */
export function parseQsl(query: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const field of query.split('&')) {
    if (!field) continue;
    const eq = field.indexOf('=');
    const name = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? '' : field.slice(eq + 1);
    pairs.push([unquotePlus(name), unquotePlus(value)]);
  }
  return pairs;
}

/** PanDA's GET parameters: one value stays a str, a repeated key becomes a list of str. */
export function parseQueryParameters(query: string): Record<string, unknown> {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of parseQsl(query)) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return Object.fromEntries(
    [...grouped].map(([name, values]) => [name, values.length === 1 ? values[0] : values]),
  );
}

function headerParam(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}\\*?=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(
    header,
  );
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

/** werkzeug's multipart parsing, reduced to what PanDA's handlers receive: str fields and FileStorage files. */
export function parseMultipart(body: Buffer, contentType: string): Record<string, unknown> {
  const boundary = headerParam(contentType, 'boundary');
  const result: Record<string, unknown> = {};
  if (!boundary) return result;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next < 0) break;
    // a part is CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter
    const part = body.subarray(partStart + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8').split('\r\n');
      const content = part.subarray(split + 4);
      const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
      const type = headers.find((h) => /^content-type:/i.test(h))?.replace(/^content-type:\s*/i, '') ?? '';
      const name = headerParam(disposition, 'name');
      const filename = headerParam(disposition, 'filename');
      // dict() of werkzeug's MultiDict keeps the first value of a repeated field
      if (name !== undefined && !(name in result)) {
        result[name] =
          filename !== undefined
            ? new PyFileStorage(filename, type || 'application/octet-stream', Buffer.from(content))
            : content.toString('utf8');
      }
    }
    start = next;
  }
  return result;
}

/**
 * The parameters PanDA hands to an API function: a JSON body only for POST/PUT with
 * `Content-Type: application/json` exactly; otherwise the query string for GET/HEAD and the form
 * (urlencoded or multipart) for anything else; a POST's query string is ignored, as in PanDA.
 * Errors are PyErrors: PanDA does not catch them, so they become a 500 with their text.
 */
export function parseRequestParameters(
  request: RawApiRequest,
  functionName: string,
): Record<string, unknown> {
  const method = request.method.toUpperCase();
  const contentType = request.contentType;
  if (contentType === 'application/json' && (method === 'POST' || method === 'PUT')) {
    let body = request.body;
    if (request.contentEncoding === 'gzip') {
      try {
        body = zlib.gunzipSync(body);
      } catch {
        throw new PyError(
          'ValueError',
          `Not a gzipped file (${JSON.stringify(body.subarray(0, 2).toString('latin1'))})`,
        );
      }
    }
    const params = parsePythonJson(body.toString('utf8'));
    if (pyTypeName(params) !== 'dict') {
      throw new PyError(
        'TypeError',
        `${functionName}() argument after ** must be a mapping, not ${pyTypeName(params)}`,
      );
    }
    return params as Record<string, unknown>;
  }
  if (method === 'GET' || method === 'HEAD') return parseQueryParameters(request.query);
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') {
    const result: Record<string, unknown> = {};
    for (const [name, value] of parseQsl(request.body.toString('utf8')))
      if (!(name in result)) result[name] = value;
    return result;
  }
  if (mediaType === 'multipart/form-data' && contentType) return parseMultipart(request.body, contentType);
  return {};
}
