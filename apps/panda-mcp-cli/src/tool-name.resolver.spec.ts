import { UsageError } from './cli.errors';
import { resolveToolName } from './tool-name.resolver';

describe(resolveToolName.name, () => {
  const tools = ['system_is_alive', 'task_get_status', 'job_get_status', 'task_kill'];

  it('takes an exact name first', () => {
    expect(resolveToolName('task_kill', tools)).toBe('task_kill');
  });

  it("accepts PanDA's bare function name when exactly one tool ends with it", () => {
    expect(resolveToolName('is_alive', tools)).toBe('system_is_alive');
    expect(resolveToolName('kill', tools)).toBe('task_kill');
  });

  it('names the candidates of an ambiguous name', () => {
    expect(() => resolveToolName('get_status', tools)).toThrow('job_get_status, task_get_status');
  });

  it('refuses an unknown name as a usage error', () => {
    expect(() => resolveToolName('status', tools)).toThrow(UsageError);
  });
});
