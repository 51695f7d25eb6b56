import { SpecDiagnostics } from './spec-diagnostics.collector';
import { SpecRefResolver } from './spec-ref.resolver';

/** What every part of the API description reader shares: where problems go, and how $refs are followed. */
export interface SpecReaderContext {
  diagnostics: SpecDiagnostics;
  refs: SpecRefResolver;
}

/** `file` is only used in messages. */
export function createSpecReaderContext(document: unknown, file: string): SpecReaderContext {
  const diagnostics = new SpecDiagnostics(file);
  return { diagnostics, refs: new SpecRefResolver(document, diagnostics) };
}
