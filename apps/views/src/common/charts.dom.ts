/**
 * The DOM pieces every view draws with: Charts.css bar tables (a real <table> with a caption, so screen
 * readers read the numbers and the text stays selectable) and sections. Sizes go through CSSOM
 * (style.setProperty), which the views' Content-Security-Policy allows where inline style attributes
 * would not be. Text always goes in as text nodes, never as markup: PanDA's names and messages are data.
 */

import type { Bar } from './bars';

export type Attributes = Record<string, string>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function sized(cell: HTMLTableCellElement, size: number): HTMLTableCellElement {
  cell.style.setProperty('--size', String(Math.max(0, Math.min(1, size))));
  return cell;
}

export function barTable(
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

export function barRow(bar: Bar, label: Node | string, attributes: Attributes): HTMLTableRowElement {
  return el(
    'tr',
    attributes,
    el('th', { scope: 'row' }, label),
    sized(el('td', {}, el('span', { class: 'data' }, bar.text)), bar.size),
  );
}

export function section(title: string, note: string | undefined, ...content: Node[]): HTMLElement {
  return el(
    'section',
    {},
    el('h2', {}, title),
    ...(note ? [el('p', { class: 'note' }, note)] : []),
    ...content,
  );
}

/** A label that asks for more: a button reading as a link, described for screen readers. */
export function choiceButton(label: string, description: string, onChoose: () => void): HTMLButtonElement {
  const button = el(
    'button',
    { type: 'button', class: 'choice', title: description, 'aria-label': description },
    label,
  );
  button.addEventListener('click', onChoose);
  return button;
}
