import { newestClick } from '../common/newest-click';
import { problemOf, startView } from '../common/view-app';
import { dashboardModel, FailureGroupBar } from './dashboard.model';
import { JobRow, renderDashboard, renderGroupJobs } from './dashboard.render';

/**
 * The task dashboard view: the host hands it task_diagnose's result, it draws it; a click on a failure
 * group calls task_failed_jobs through the host.
 */
const root = document.getElementById('view') as HTMLElement;

startView('panda-mcp task dashboard', root, (structured, app) => {
  const model = dashboardModel(structured);
  const taskId = model.taskId;
  const clicks = newestClick();
  const showGroupJobs = async (group: FailureGroupBar) => {
    if (taskId === undefined) return;
    const newest = clicks.next();
    root.setAttribute('aria-busy', 'true');
    try {
      const result = await app.callTool('task_failed_jobs', {
        task_id: taskId,
        error_field: group.field,
        code: group.code,
        limit: 20,
      });
      if (!newest()) return;
      const page = result.structuredContent as { matched?: number; jobs?: JobRow[] } | undefined;
      renderGroupJobs(
        root,
        group,
        result.isError || !page || !Array.isArray(page.jobs)
          ? { problem: problemOf(result, 'The server sent no list of jobs.') }
          : { matched: page.matched ?? page.jobs.length, jobs: page.jobs },
      );
    } catch (error) {
      if (!newest()) return;
      renderGroupJobs(root, group, { problem: `The jobs could not be listed: ${(error as Error).message}` });
    } finally {
      if (newest()) root.removeAttribute('aria-busy');
    }
  };
  renderDashboard(root, model, (group) => void showGroupJobs(group));
});
