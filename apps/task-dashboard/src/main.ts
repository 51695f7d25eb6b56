import {
  App,
  applyDocumentTheme,
  applyHostStyleVariables,
  McpUiHostContext,
} from '@modelcontextprotocol/ext-apps';
import { dashboardModel, FailureGroupBar } from './dashboard.model';
import { JobRow, renderDashboard, renderGroupJobs } from './dashboard.render';

/**
 * The task dashboard view: the host hands it task_diagnose's result, it draws it; a click on a failure
 * group calls task_failed_jobs through the host (with the user's own credentials, like every call).
 */
const root = document.getElementById('dashboard') as HTMLElement;
const app = new App({ name: 'panda-mcp task dashboard', version: '1.0.0' });
let taskId: number | undefined;

function applyHostContext(context: McpUiHostContext | undefined): void {
  if (context?.theme) applyDocumentTheme(context.theme);
  if (context?.styles?.variables) applyHostStyleVariables(context.styles.variables);
}

async function showGroupJobs(group: FailureGroupBar): Promise<void> {
  if (taskId === undefined) return;
  root.setAttribute('aria-busy', 'true');
  try {
    const result = await app.callServerTool({
      name: 'task_failed_jobs',
      arguments: { task_id: taskId, error_field: group.field, code: group.code, limit: 20 },
    });
    const page = result.structuredContent as { matched?: number; jobs?: JobRow[] } | undefined;
    if (result.isError || !page || !Array.isArray(page.jobs)) {
      const first = result.content?.[0];
      renderGroupJobs(root, group, {
        problem: first?.type === 'text' ? first.text : 'The server sent no list of jobs.',
      });
    } else {
      renderGroupJobs(root, group, { matched: page.matched ?? page.jobs.length, jobs: page.jobs });
    }
  } catch (error) {
    renderGroupJobs(root, group, { problem: `The jobs could not be listed: ${(error as Error).message}` });
  } finally {
    root.removeAttribute('aria-busy');
  }
}

app.ontoolresult = (result) => {
  if (result.isError) {
    const first = result.content?.[0];
    root.textContent = first?.type === 'text' ? first.text : 'The diagnosis failed.';
    return;
  }
  const model = dashboardModel(result.structuredContent);
  taskId = model.taskId;
  renderDashboard(root, model, (group) => void showGroupJobs(group));
  root.dataset.rendered = String(performance.now());
};
app.onhostcontextchanged = (changed) => applyHostContext(changed);

void app.connect().then(() => applyHostContext(app.getHostContext()));
