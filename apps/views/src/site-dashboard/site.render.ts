import { barRow, barTable, choiceButton, el, section } from '../common/charts.dom';
import type { QueueDetail, SiteModel } from './site.model';

/** Draws the queue view: the worst queues by failed fraction, and one queue's jobs by state. */

function detailSection(detail: QueueDetail): HTMLElement {
  return section(
    `Queue ${detail.site}`,
    detail.rank,
    barTable(
      'queue-states',
      `Jobs of ${detail.site} by state`,
      ['State', 'Jobs'],
      detail.states.map((bar) =>
        barRow(bar, bar.label, { 'data-state': bar.label, 'data-count': String(bar.value) }),
      ),
    ),
  );
}

export function renderSites(root: HTMLElement, model: SiteModel, onChoose: (site: string) => void): void {
  const parts: Node[] = [
    el(
      'header',
      {},
      el('h1', {}, model.detail ? `PanDA queue ${model.detail.site}` : 'PanDA queues'),
      el('p', { class: 'summary' }, model.summary),
    ),
  ];
  if (model.window) parts.push(el('p', { class: 'note' }, `jobs active, or ended in ${model.window}`));
  if (model.queues.length) {
    parts.push(
      section(
        'Failed fraction of ended jobs',
        model.shown ? `${model.shown}, worst first; choose one for its jobs by state` : undefined,
        barTable(
          'queues',
          'Failed fraction of ended jobs per queue',
          ['Queue', 'Failed'],
          model.queues.map((bar) =>
            barRow(
              bar,
              choiceButton(bar.label, `${bar.label}: ${bar.text}, show its jobs by state`, () =>
                onChoose(bar.label),
              ),
              {
                'data-site': bar.label,
              },
            ),
          ),
        ),
        el('div', { id: 'queue-detail', 'aria-live': 'polite' }),
      ),
    );
  }
  if (model.detail) parts.push(detailSection(model.detail));
  root.replaceChildren(...parts);
}

export function renderQueueDetail(root: HTMLElement, detail: QueueDetail | { problem: string }): void {
  const target = root.querySelector<HTMLElement>('#queue-detail');
  if (!target) return;
  target.replaceChildren(
    'problem' in detail
      ? el('p', { class: 'problem', role: 'alert' }, detail.problem)
      : detailSection(detail),
  );
}
