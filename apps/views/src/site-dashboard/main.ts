import { newestClick } from '../common/newest-click';
import { problemOf, startView } from '../common/view-app';
import { queueDetail, siteModel } from './site.model';
import { renderQueueDetail, renderSites } from './site.render';

/**
 * The queue view: the host hands it site_overview's result, it draws it; a click on a queue calls
 * site_overview for that queue through the host.
 */
const root = document.getElementById('view') as HTMLElement;

startView('panda-mcp queue view', root, (structured, app) => {
  const clicks = newestClick();
  const showQueue = async (site: string) => {
    const newest = clicks.next();
    root.setAttribute('aria-busy', 'true');
    try {
      const result = await app.callTool('site_overview', { site });
      if (!newest()) return;
      const detail = result.isError ? undefined : queueDetail(result.structuredContent);
      renderQueueDetail(root, detail ?? { problem: problemOf(result, `No jobs by state for ${site}.`) });
    } catch (error) {
      if (!newest()) return;
      renderQueueDetail(root, { problem: `The queue could not be read: ${(error as Error).message}` });
    } finally {
      if (newest()) root.removeAttribute('aria-busy');
    }
  };
  renderSites(root, siteModel(structured), (site) => void showQueue(site));
});
