import { describe, expect, it } from 'vitest';
import {
  FilterSyntaxError,
  type FilterTarget,
  parseFilter,
} from '../src/webpubsub/odata-filter.js';

const conn = (id: string, userId: string | undefined, groups: string[]): FilterTarget => ({
  id,
  userId,
  groups: new Set(groups),
});
const all = [
  conn('c1', 'alice', ['red', "it's"]),
  conn('c2', 'bob', ['red', 'blue']),
  conn('c3', undefined, []),
  conn('c4', 'alice', ['blue']),
];
const select = (filter: string) => all.filter(parseFilter(filter)).map((c) => c.id);

describe('OData filter', () => {
  it.each([
    ["userId eq 'alice'", ['c1', 'c4']],
    ["userId ne 'alice'", ['c2', 'c3']],
    ["connectionId eq 'c2'", ['c2']],
    ["'red' in groups", ['c1', 'c2']],
    ["not ('red' in groups)", ['c3', 'c4']],
    ["userId eq 'alice' and 'blue' in groups", ['c4']],
    ["userId eq 'bob' or connectionId eq 'c3'", ['c2', 'c3']],
    // `and` binds tighter than `or`.
    ["connectionId eq 'c3' or userId eq 'alice' and 'red' in groups", ['c1', 'c3']],
    ["(connectionId eq 'c3' or userId eq 'alice') and not ('red' in groups)", ['c3', 'c4']],
    ['userId eq null', ['c3']],
    ['userId ne null', ['c1', 'c2', 'c4']],
    ["'it''s' in groups", ['c1']],
    ["UserId EQ 'bob'", ['c2']],
    ["userId gt 'alice'", ['c2']],
    ['true', ['c1', 'c2', 'c3', 'c4']],
    ['not true', []],
  ])('%s', (filter, expected) => {
    expect(select(filter)).toEqual(expected);
  });

  it.each([
    ["userId eq 'alice", /position 10: unterminated string literal/],
    ["userId = 'a'", /position 7: unexpected character '='/],
    ["nickname eq 'a'", /unknown identifier 'nickname'/],
    ["'a' in userId", /expected 'groups' after 'in'/],
    ['userId in groups', /left side of 'in groups' must be a string literal/],
    ["(userId eq 'a'", /expected '\)' but found the end of the filter/],
    ["userId eq 'a' userId", /unexpected 'userId'/],
    ["userId startswith 'a'", /expected eq, ne, gt, ge, lt, le or in/],
    ['', /expected a field or a string literal/],
  ])('rejects %j with a message naming the problem', (filter, message) => {
    expect(() => parseFilter(filter)).toThrow(FilterSyntaxError);
    expect(() => parseFilter(filter)).toThrow(message);
  });
});
