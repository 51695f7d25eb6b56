export { shapeAnswer, resultWithinBudget, cutText } from './answer-shaper';
export type { AnswerToShape } from './answer-shaper';
export type { Page } from './page-notice';
export { RecordList } from './list-window';
export { compactJob, compactTask, compactSite, viewOf, isJobRecord, isTaskRecord } from './record-views';
export type { FieldSelection } from './record-views';
export { resultShapeOf, outputSchemaOf, PANDA_JOB_DESCRIPTION_CAP } from './result-shapes';
export type { ListShape, ListPath, RecordKind, RecordShape, ResultShape } from './result-shapes';
export { BYTES_PER_TOKEN, byteSize, renderJson, textBlock } from './result-size';
export {
  splitShapingArguments,
  shapingParameterSchemas,
  DEFAULT_SHAPING,
  SHAPING_PREFIX,
  OFFSET,
  LIMIT,
  FIELDS,
  ALL_FIELDS,
} from './shaping-parameters';
export type { ShapingOptions, ShapingSplit } from './shaping-parameters';
