import type { Bar, DashboardModel, FailureGroupBar } from './dashboard.model';
import { formatCount } from './dashboard.model';

/**
 * Draws the dashboard as Charts.css tables: each chart is a real <table> with a caption, so screen
 * readers read the numbers, and the text stays selectable. Sizes go through CSSOM (style.setProperty),
 * which the view's Content-Security-Policy allows where inline style attributes would not be.
 */

type Attributes = Record<string, string>;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function sized(cell: HTMLTableCellElement, size: number): HTMLTableCellElement {
  cell.style.setProperty('--size', String(Math.max(0, Math.min(1, size))));
  return cell;
}

function barTable(
  id: string,
  caption: string,
  head: [string, string],
  rows: HTMLTableRowElement[],
): HTMLElement {
  return el(
    'table',
    { id, class: 'charts-css bar show-labels data-outside data-spacing-2 show-primary-axis' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, head[0]), el('th', { scope: 'col' }, head[1]))),
    el('tbody', {}, ...rows),
  );
}

function barRow(bar: Bar, label: Node | string, attributes: Attributes): HTMLTableRowElement {
  return el(
    'tr',
    attributes,
    el('th', { scope: 'row' }, label),
    sized(el('td', {}, el('span', { class: 'data' }, bar.text)), bar.size),
  );
}

function section(title: string, note: string | undefined, ...content: Node[]): HTMLElement {
  return el(
    'section',
    {},
    el('h2', {}, title),
    ...(note ? [el('p', { class: 'note' }, note)] : []),
    ...content,
  );
}

function groupButton(group: FailureGroupBar, onSelect: (group: FailureGroupBar) => void): HTMLButtonElement {
  const button = el(
    'button',
    { type: 'button', title: group.meaning, 'aria-label': `${group.label}: ${group.meaning}, list its jobs` },
    group.label,
  );
  button.addEventListener('click', () => onSelect(group));
  return button;
}

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
            barRow(group, groupButton(group, onSelectGroup), {
              'data-group': `${group.field}:${group.code}`,
              'data-count': String(group.value),
            }),
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
