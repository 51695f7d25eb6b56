import { Injectable } from '@nestjs/common';
import { PyFileStorage, PyFloat } from '../api/python-value.util';

/** One API call as `/_sim/requests` reports it. It never holds the token or the Authorization header. */
export interface SimRequestRecord {
  /** Increasing number of the call since start (or reset). */
  seq: number;
  /** ISO time the call arrived. */
  time: string;
  method: string;
  /** Path as requested, e.g. /api/v1/task/kill. */
  path: string;
  /** Query parameters (a repeated key gives a list). */
  query: Record<string, unknown>;
  /** Decoded body parameters of a POST; null for GET or when there was no body. */
  body: unknown;
  /** The Origin header as received. */
  origin: string | null;
  /** Accept and Content-Type as received: they decide whether PanDA answers JSON. */
  accept: string | null;
  contentType: string | null;
  /** X-Request-Id as received: the caller's correlation id (panda-mcp forwards its request id). */
  requestId: string | null;
  /** The W3C traceparent as received (panda-mcp sends it when tracing is on). */
  traceparent: string | null;
  /** The names of all headers received, lower case (values other than those above are not kept). */
  headerNames: string[];
  /** Whether an Authorization header was sent (its value is never kept). */
  authorization: boolean;
  /** `preferred_username` and `sub` of the caller's token, when it verified. */
  user: string | null;
  subject: string | null;
  /** `jti` of the caller's verified token (tells a refreshed token from the one before). */
  tokenId: string | null;
  /** Why a presented token was refused. */
  tokenError: string | null;
  /** Endpoint as the sim resolved it, when it exists. */
  module: string | null;
  function: string | null;
  status: number;
  /** `success` of the answer, when it was a PanDA response object. */
  success: boolean | null;
  message: string | null;
}

const CAPACITY = 1000;
const REDACTED = '[redacted]';

/** Keeps the most recent API calls for tests to inspect. */
@Injectable()
export class RequestLogService {
  private records: SimRequestRecord[] = [];
  private seq = 0;

  add(record: Omit<SimRequestRecord, 'seq'>, token?: string): SimRequestRecord {
    const entry: SimRequestRecord = {
      ...record,
      seq: ++this.seq,
      query: scrub(record.query, token) as Record<string, unknown>,
      body: scrub(record.body, token),
    };
    this.records.push(entry);
    if (this.records.length > CAPACITY) this.records.splice(0, this.records.length - CAPACITY);
    return entry;
  }

  /** Newest first. */
  recent(limit: number): SimRequestRecord[] {
    return this.records.slice(-Math.max(0, limit)).reverse();
  }

  clear(): void {
    this.records = [];
    this.seq = 0;
  }
}

/**
 * Makes parameters JSON-safe for the log (uploads become a summary) and blanks any value that
 * contains the caller's own token, in case a client put it somewhere other than the header.
 */
function scrub(value: unknown, token: string | undefined): unknown {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof PyFileStorage) {
    return { filename: value.filename, content_type: value.contentType, size: value.content.length };
  }
  if (typeof value === 'string') return token && token.length > 8 && value.includes(token) ? REDACTED : value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, token));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, token)]));
  }
  return value;
}
