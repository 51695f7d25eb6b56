import { Module } from '@nestjs/common';
import { ErrorCatalogue } from './error-catalogue';
import { jobDiagnosisTool } from './job-diagnosis.tool';
import { OWN_TOOLS } from './own-tool';
import { taskDiagnosisTool } from './task-diagnosis.tool';

/** panda-mcp's diagnosis tools over the shipped error catalogue (validated once, at start). */
@Module({
  providers: [
    { provide: ErrorCatalogue, useFactory: () => ErrorCatalogue.bundledCatalogue() },
    {
      provide: OWN_TOOLS,
      inject: [ErrorCatalogue],
      useFactory: (catalogue: ErrorCatalogue) => [taskDiagnosisTool(catalogue), jobDiagnosisTool(catalogue)],
    },
  ],
  exports: [ErrorCatalogue, OWN_TOOLS],
})
export class DiagnosisModule {}
