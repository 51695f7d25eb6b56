import { formatCount } from '../common/bars';
import type { DashboardModel, FailureGroupBar } from './dashboard.model';

import { barRow, barTable, choiceButton, el, section, sized } from '../common/charts.dom';

/** Draws the task dashboard (see ../common/charts.dom.ts for how charts are drawn). */
export function renderDashboard(
  root: HTMLElement,
  model: DashboardModel,
  onSelectGroup: (group: FailureGroupBar) => void,
): void {
  const header = el(
    'header',
    {},
    el('h1', {}, model.title),
    el(
      'p',
      { class: 'summary' },
      `${model.taskId !== undefined ? `jediTaskID ${model.taskId} · ` : ''}${model.status ? `${model.status} · ` : ''}`,
      el('strong', { id: 'total-jobs' }, formatCount(model.total)),
      ' jobs',
    ),
  );
  const parts: Node[] = [header];
  parts.push(
    section(
      'Jobs by state',
      undefined,
      barTable(
        'states',
        'Jobs by state',
        ['State', 'Jobs'],
        model.states.map((bar) =>
          barRow(bar, bar.label, { 'data-state': bar.label, 'data-count': String(bar.value) }),
        ),
      ),
    ),
  );
  if (model.groups.length) {
    parts.push(
      section(
        'Failure groups',
        model.groupsNote ?? 'largest first; choose one to list its jobs',
        barTable(
          'groups',
          'Failed jobs by component and error code',
          ['Component and code', 'Failed jobs'],
          model.groups.map((group) =>
            barRow(
              group,
              choiceButton(group.label, `${group.label}: ${group.meaning}, list its jobs`, () =>
                onSelectGroup(group),
              ),
              {
                'data-group': `${group.field}:${group.code}`,
                'data-count': String(group.value),
              },
            ),
          ),
        ),
        el('div', { id: 'group-jobs', 'aria-live': 'polite' }),
      ),
    );
  }
  if (model.sites.length) {
    parts.push(
      section(
        'Failures by site',
        model.sitesNote,
        barTable(
          'sites',
          'Failed fraction of ended jobs per site',
          ['Site', 'Failed'],
          model.sites.map((bar) => barRow(bar, bar.label, { 'data-site': bar.label })),
        ),
      ),
    );
  }
  if (model.timeline.length) {
    const rows = model.timeline.map((column) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, column.label),
        sized(
          el('td', { class: 'finished' }, el('span', { class: 'data' }, formatCount(column.finished))),
          column.finishedSize,
        ),
        sized(
          el('td', { class: 'failed' }, el('span', { class: 'data' }, formatCount(column.failed))),
          column.failedSize,
        ),
      ),
    );
    parts.push(
      section(
        'Over time',
        model.timelineNote,
        el(
          'ul',
          { class: 'charts-css legend legend-inline legend-square' },
          el('li', {}, 'finished'),
          el('li', {}, 'failed'),
        ),
        el(
          'table',
          { id: 'timeline', class: 'charts-css column multiple stacked data-spacing-1 show-primary-axis' },
          el('caption', {}, 'Jobs finished and failed over time'),
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', { scope: 'col' }, 'Time'),
              el('th', { scope: 'col' }, 'Finished'),
              el('th', { scope: 'col' }, 'Failed'),
            ),
          ),
          el('tbody', {}, ...rows),
        ),
      ),
    );
  }
  for (const note of model.notes) parts.push(el('p', { class: 'note' }, note));
  root.replaceChildren(...parts);
}

export interface JobRow {
  PandaID?: unknown;
  computingSite?: unknown;
  ended?: unknown;
  attemptNr?: unknown;
  diagnostic?: unknown;
}

/** The jobs of one failure group, as task_failed_jobs returned them (or why there are none). */
export function renderGroupJobs(
  root: HTMLElement,
  group: FailureGroupBar,
  page: { matched: number; jobs: JobRow[] } | { problem: string },
): void {
  const target = root.querySelector<HTMLElement>('#group-jobs');
  if (!target) return;
  if ('problem' in page) {
    target.replaceChildren(el('p', { class: 'problem', role: 'alert' }, page.problem));
    return;
  }
  const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  // PanDA's "2026-11-30 13:01:08", or ISO with milliseconds: shown as the former
  const time = (value: unknown) =>
    text(value)
      .replace('T', ' ')
      .replace(/\.\d+Z?$|Z$/, '');
  target.replaceChildren(
    el('h3', {}, `${group.label}: ${formatCount(page.jobs.length)} of ${formatCount(page.matched)} jobs`),
    el(
      'table',
      { class: 'jobs', 'data-group': `${group.field}:${group.code}` },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['PandaID', 'Site', 'Ended', 'Attempt', 'Diagnostic'].map((h) => el('th', { scope: 'col' }, h)),
        ),
      ),
      el(
        'tbody',
        {},
        ...page.jobs.map((job) =>
          el(
            'tr',
            { 'data-panda-id': text(job.PandaID) },
            ...[job.PandaID, job.computingSite, time(job.ended), job.attemptNr, job.diagnostic].map((v) =>
              el('td', {}, text(v)),
            ),
          ),
        ),
      ),
    ),
  );
}
