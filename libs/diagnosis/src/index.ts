export {
  BUNDLED_ERROR_CATALOGUE,
  COMPONENT_FIELDS,
  ERROR_COMPONENTS,
  ERROR_HINTS,
  ErrorCatalogue,
  ErrorCatalogueError,
  JOB_ERROR_FIELDS,
} from './error-catalogue';
export type {
  DiagCase,
  ErrorCodeEntry,
  ErrorCodeLookup,
  ErrorComponent,
  ErrorComponentEntry,
  ErrorHint,
  KillCodeEntry,
  KnownErrorCode,
  UnknownErrorCode,
} from './error-catalogue';
export { normaliseDiagnostic, MAX_NORMALISED_LENGTH } from './diagnostic-normaliser';
export { errorsSet, groupFailures, DEFAULT_GROUPING_LIMITS } from './failure-groups';
export type { ErrorField, FailureGroup, FailureSummary, GroupingLimits } from './failure-groups';
export { OWN_TOOLS, checkArguments, checkIdArguments, outcomeProblem } from './own-tool';
export type { OwnParameter, OwnTool, OwnToolCheck, OwnToolContext, PandaCaller } from './own-tool';
export { taskDiagnosisTool, parseStatistics } from './task-diagnosis.tool';
export { jobDiagnosisTool } from './job-diagnosis.tool';
export { taskOverviewTool } from './task-overview.tool';
export { siteOverviewTool } from './site-overview.tool';
export { taskFailedJobsTool } from './task-failed-jobs.tool';
export { taskDashboardExtras, MAX_SITE_ROWS, MAX_TIMELINE_POINTS } from './task-dashboard.data';
export type { SiteRow, SiteTable, TaskDashboardExtras, Timeline, TimelinePoint } from './task-dashboard.data';
export { DiagnosisModule } from './diagnosis.module';
export { DIAGNOSIS_PROMPTS } from './diagnosis.prompts';
export type { PanDAPrompt } from './diagnosis.prompts';
export { confirmationQuestion, MAX_QUESTION_LENGTH } from './confirmation-question';
