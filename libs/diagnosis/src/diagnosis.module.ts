import { Module } from '@nestjs/common';
import { ErrorCatalogue } from './error-catalogue';
import { jobDiagnosisTool } from './job-diagnosis.tool';
import { OWN_TOOLS } from './own-tool';
import { siteOverviewTool } from './site-overview.tool';
import { taskDiagnosisTool } from './task-diagnosis.tool';
import { taskFailedJobsTool } from './task-failed-jobs.tool';
import { taskOverviewTool } from './task-overview.tool';

/** panda-mcp's diagnosis and overview tools over the shipped error catalogue (validated once, at start). */
@Module({
  providers: [
    { provide: ErrorCatalogue, useFactory: () => ErrorCatalogue.bundledCatalogue() },
    {
      provide: OWN_TOOLS,
      inject: [ErrorCatalogue],
      useFactory: (catalogue: ErrorCatalogue) => [
        taskDiagnosisTool(catalogue),
        taskFailedJobsTool(catalogue),
        jobDiagnosisTool(catalogue),
        taskOverviewTool(),
        siteOverviewTool(),
      ],
    },
  ],
  exports: [ErrorCatalogue, OWN_TOOLS],
})
export class DiagnosisModule {}
