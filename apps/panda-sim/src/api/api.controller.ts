import { once } from 'node:events';
import { All, Controller, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BodyTooLargeError, headerOf, rawPathOf, rawQueryOf, readRawBody } from '../http/http.util';
import { ApiDispatcherService } from './api-dispatcher.service';

const CHUNK = 64 * 1024;

/**
 * Writes a large answer in 64 kB chunks, producing the next ones only once the client has taken
 * the last (backpressure), so the answer and its records are never all in memory.
 */
async function writeAsRead(res: Response, pieces: Iterable<string>): Promise<void> {
  let chunk: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    chunk.push(piece);
    size += piece.length;
    if (size < CHUNK) continue;
    const flushed = res.write(chunk.join(''));
    chunk = [];
    size = 0;
    if (!flushed) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    if (res.destroyed) return;
  }
  res.end(chunk.join(''));
}

/** Every /api/... request, whatever the method: PanDA itself decides what a wrong method gets. */
@Controller()
export class ApiController {
  constructor(private readonly dispatcher: ApiDispatcherService) {}

  @All('api/*path')
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    let body: Buffer;
    try {
      body = await readRawBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.status(413).type('text/plain').send(`ERROR : ${error.message}`);
        return;
      }
      throw error;
    }
    const answer = this.dispatcher.handle({
      method: req.method,
      path: rawPathOf(req),
      query: rawQueryOf(req),
      headers: {
        authorization: headerOf(req, 'authorization'),
        origin: headerOf(req, 'origin'),
        contentType: headerOf(req, 'content-type'),
        contentEncoding: headerOf(req, 'content-encoding'),
        accept: headerOf(req, 'accept'),
        host: headerOf(req, 'host'),
        requestId: headerOf(req, 'x-request-id'),
        traceparent: headerOf(req, 'traceparent'),
        names: Object.keys(req.headers),
      },
      body,
      remoteAddress: req.socket.remoteAddress ?? '',
      secureTransport: (req.socket as { encrypted?: boolean }).encrypted === true,
    });
    res.status(answer.status).setHeader('Content-Type', answer.contentType);
    if (typeof answer.body === 'string') {
      res.end(answer.body);
      return;
    }
    await writeAsRead(res, answer.body);
  }
}
