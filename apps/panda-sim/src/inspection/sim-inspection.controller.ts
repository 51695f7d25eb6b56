import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { isLoopbackHost } from '@panda-mcp/common';
import type { Request, Response } from 'express';
import { SimDataStore } from '../data/sim-data.store';
import { RequestLogService } from '../request-log/request-log.service';

/** Test hooks. Answered only to loopback peers: the request log says who called what. */
@Controller('_sim')
export class SimInspectionController {
  constructor(
    private readonly log: RequestLogService,
    private readonly store: SimDataStore,
  ) {}

  @Get('requests')
  requests(@Query('limit') limit: string | undefined, @Req() req: Request, @Res() res: Response): void {
    if (!this.fromLoopback(req, res)) return;
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 0) {
      res.status(400).type('text/plain').send('limit must be a non-negative integer');
      return;
    }
    res.json(this.log.recent(n));
  }

  /** Restores the seed data and clears the request log; logins and tokens stay valid. */
  @Post('reset')
  reset(@Req() req: Request, @Res() res: Response): void {
    if (!this.fromLoopback(req, res)) return;
    this.store.reset();
    this.log.clear();
    res.status(200).json({ reset: true });
  }

  private fromLoopback(req: Request, res: Response): boolean {
    if (isLoopbackHost(req.socket.remoteAddress)) return true;
    res.status(403).type('text/plain').send('ERROR : /_sim is only answered to loopback clients');
    return false;
  }
}
