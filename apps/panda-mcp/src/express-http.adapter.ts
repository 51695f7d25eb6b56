import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import * as http from 'node:http';
import * as https from 'node:https';

type NodeConstructor = (this: object, ...args: unknown[]) => void;

/** A constructor that builds Node's object (req or res) with `prototype` as its prototype from birth. */
function bornWithPrototype<T>(base: T, prototype: object): T {
  const init = base as unknown as NodeConstructor;
  function Born(this: object, ...args: unknown[]): void {
    init.apply(this, args);
  }
  Born.prototype = prototype;
  return Born as unknown as T;
}

/**
 * Nest's Express adapter, with one change where it creates the HTTP server: requests and responses are
 * created with Express's request/response prototypes already in place. Express otherwise swaps the
 * prototype of every req and res on arrival (`Object.setPrototypeOf`), which makes V8 treat each of them
 * as a new shape and slows every later property access, in Node's HTTP code and in the MCP SDK alike
 * (measured with `npm run bench`). Setting a prototype an object already has changes nothing, so Express
 * and Nest work exactly as before.
 */
export class ExpressHttpAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    const app = this.getInstance<Express>();
    const serverOptions = {
      IncomingMessage: bornWithPrototype(http.IncomingMessage, app.request),
      ServerResponse: bornWithPrototype(http.ServerResponse, app.response),
    };
    this.httpServer = options.httpsOptions
      ? https.createServer({ ...options.httpsOptions, ...serverOptions }, app)
      : http.createServer(serverOptions, app);
  }
}
