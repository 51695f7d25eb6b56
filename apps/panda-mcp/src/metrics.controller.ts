import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { MetricsService } from '@panda-mcp/operations';

/** Prometheus scrape endpoint on the main port (unless metrics_port moves it to a port of its own). */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  scrape(@Res() res: Response): Promise<void> {
    return this.metrics.scrape(res);
  }
}
