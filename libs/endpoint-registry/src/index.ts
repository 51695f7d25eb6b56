export * from './endpoint.types';
export { EndpointRegistryError } from './endpoint-registry.error';
export {
  schemaForPythonAnnotation,
  endpointParameterFromPython,
  schemaAcceptsNull,
} from './python-annotation.schema';
export { loadApiSpec, parseApiSpec } from './api-spec.loader';
export { inputSchemaOf } from './tool-input.schema';
export type { ApiSpecStyle, LoadedApiSpec } from './api-spec.loader';
export { loadEndpointList, parseEndpointList } from './endpoint-list.loader';
export type { EndpointListEntry } from './endpoint-list.loader';
export { destructiveEffect, hiddenArguments } from './destructive-effects';
export { annotationsByRule, accessFromText, accessSentence, humanTitle } from './tool-rules';
export { createArgumentChecker, createArgumentAjv, describeSchema, describeValue } from './argument-checker';
export { EndpointRegistry, ALWAYS_EXPOSED_TOOL, selectEndpoints } from './endpoint-registry.service';
export type { EndpointRegistryOptions, EndpointRegistrySources } from './endpoint-registry.service';
export { EndpointRegistryModule } from './endpoint-registry.module';
