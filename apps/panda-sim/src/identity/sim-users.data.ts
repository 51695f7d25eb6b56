/**
 * The people the sim's identity provider knows. PanDA stores a task's owner as the cleaned DN it
 * derives from the token's `name` claim (e.g. "Alice Anderson"), so the records use those names.
 */
export interface SimUser {
  /** Login name: `preferred_username`, the `--user` of `sim:token`. */
  username: string;
  /** Display name: the `name` claim, from which PanDA derives the owner name of tasks and jobs. */
  name: string;
  email: string;
  /** Stable subject identifier (`sub`). */
  sub: string;
  /** The `groups` claim. */
  groups: string[];
}

export const SIM_USERS: readonly SimUser[] = [
  {
    username: 'alice',
    name: 'Alice Anderson',
    email: 'alice@example.org',
    sub: '6c1d3a52-0a1e-4b8e-9d2a-a11ce0000001',
    groups: ['atlas'],
  },
  {
    username: 'bob',
    name: 'Bob Brown',
    email: 'bob@example.org',
    sub: '0b0b0b0b-5e7d-4c3f-8f6a-b0b000000002',
    groups: ['atlas'],
  },
  {
    username: 'carol',
    name: 'Carol Carter',
    email: 'carol@example.org',
    sub: 'ca401ca4-9b2f-4e61-a1d7-ca4010000003',
    groups: ['atlas', 'atlas/production'],
  },
];

export function findSimUser(username: string): SimUser | undefined {
  return SIM_USERS.find((user) => user.username === username);
}

/** The owner name PanDA records for a user: the cleaned DN of the token's `name`. */
export function ownerNameOf(username: string): string {
  const user = findSimUser(username);
  if (!user) throw new Error(`panda-sim: unknown user ${username}`);
  return user.name;
}
