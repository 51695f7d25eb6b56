/** Thrown when one answer grows past the most one answer may be. */
export class AnswerTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`answer larger than ${limitBytes} bytes`);
  }
}

/** Thrown when taking more of an answer would pass the budget of answer bytes held at once. */
export class AnswerBudgetExceededError extends Error {
  constructor() {
    super('the budget of PanDA answer bytes held at once is spent');
  }
}

/**
 * The bytes of PanDA answers held at once, all calls together (max_upstream_buffer). Each call takes
 * its bytes as they arrive and gives them all back when its answer has been parsed, so a burst of
 * large answers is refused with a clear error instead of taking the process past its memory limit.
 */
export class AnswerBudget {
  private held = 0;

  constructor(readonly limitBytes: number) {}

  get heldBytes(): number {
    return this.held;
  }

  take(bytes: number): boolean {
    if (this.held + bytes > this.limitBytes) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }
}
