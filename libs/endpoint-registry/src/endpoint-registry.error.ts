/** A startup problem of the endpoint registry; `problems` lists every problem found, one sentence each. */
export class EndpointRegistryError extends Error {
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[], heading?: string) {
    const list = typeof problems === 'string' ? [problems] : [...problems];
    const message =
      list.length === 1 && !heading
        ? list[0]
        : `${heading ?? 'The endpoint registry cannot start'}:\n${list.map((p) => `  - ${p}`).join('\n')}`;
    super(message);
    this.name = 'EndpointRegistryError';
    this.problems = list;
  }
}
