// The OData `filter` of Web PubSub sends (learn.microsoft.com azure-web-pubsub/reference-odata-filter):
// `userId` / `connectionId` compared with eq, ne, gt, ge, lt, le; `'g' in groups`; `not`, `and`, `or`,
// parentheses, `true` / `false` and `null`. Parsed once per request into a predicate.

export interface FilterTarget {
  /** The connection id. */
  readonly id: string;
  readonly userId: string | undefined;
  readonly groups: ReadonlySet<string>;
}

export type FilterPredicate = (target: FilterTarget) => boolean;

export class FilterSyntaxError extends Error {
  constructor(message: string, position: number) {
    super(`Invalid filter at position ${position}: ${message}`);
    this.name = 'FilterSyntaxError';
  }
}

type Token =
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'word'; value: string; pos: number }
  | { kind: '(' | ')' | 'end'; pos: number };

type Operand =
  | { kind: 'field'; field: 'userId' | 'connectionId' }
  | { kind: 'value'; value: string | null };

const comparisons: Record<string, (a: string, b: string) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
};

export function parseFilter(text: string): FilterPredicate {
  const parser = new Parser(tokenize(text));
  const predicate = parser.expression();
  parser.expectEnd();
  return predicate;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, pos: i++ });
    } else if (ch === "'") {
      const start = i++;
      let value = '';
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError('unterminated string literal', start);
        if (text[i] === "'") {
          // A doubled quote is an escaped quote inside the literal.
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ kind: 'string', value, pos: start });
    } else if (/[A-Za-z_]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i] as string)) i++;
      tokens.push({ kind: 'word', value: text.slice(start, i), pos: start });
    } else {
      throw new FilterSyntaxError(`unexpected character '${ch}'`, i);
    }
  }
  tokens.push({ kind: 'end', pos: text.length });
  return tokens;
}

class Parser {
  #index = 0;
  constructor(readonly tokens: Token[]) {}

  get #peek(): Token {
    return this.tokens[this.#index] as Token;
  }

  #isWord(word: string): boolean {
    const t = this.#peek;
    return t.kind === 'word' && t.value.toLowerCase() === word;
  }

  expression(): FilterPredicate {
    let left = this.#and();
    while (this.#isWord('or')) {
      this.#index++;
      const a = left;
      const b = this.#and();
      left = (t) => a(t) || b(t);
    }
    return left;
  }

  expectEnd(): void {
    const t = this.#peek;
    if (t.kind !== 'end') throw new FilterSyntaxError(`unexpected ${describe(t)}`, t.pos);
  }

  #and(): FilterPredicate {
    let left = this.#unary();
    while (this.#isWord('and')) {
      this.#index++;
      const a = left;
      const b = this.#unary();
      left = (t) => a(t) && b(t);
    }
    return left;
  }

  #unary(): FilterPredicate {
    if (this.#isWord('not')) {
      this.#index++;
      const inner = this.#unary();
      return (t) => !inner(t);
    }
    return this.#primary();
  }

  #primary(): FilterPredicate {
    const t = this.#peek;
    if (t.kind === '(') {
      this.#index++;
      const inner = this.expression();
      const close = this.#peek;
      if (close.kind !== ')')
        throw new FilterSyntaxError(`expected ')' but found ${describe(close)}`, close.pos);
      this.#index++;
      return inner;
    }
    if (this.#isWord('true') || this.#isWord('false')) {
      this.#index++;
      const value = (t as { value: string }).value.toLowerCase() === 'true';
      return () => value;
    }
    const left = this.#operand();
    if (this.#isWord('in')) return this.#inGroups(left, t.pos);
    const op = this.#peek;
    const compare = op.kind === 'word' ? comparisons[op.value.toLowerCase()] : undefined;
    if (!compare) {
      throw new FilterSyntaxError(
        `expected eq, ne, gt, ge, lt, le or in but found ${describe(op)}`,
        op.pos,
      );
    }
    this.#index++;
    const right = this.#operand();
    return (target) => {
      const a = operandValue(left, target);
      const b = operandValue(right, target);
      if (a === null || b === null) {
        // Only equality is defined for null.
        if (compare === comparisons.eq) return a === b;
        if (compare === comparisons.ne) return a !== b;
        return false;
      }
      return compare(a, b);
    };
  }

  #inGroups(left: Operand, pos: number): FilterPredicate {
    this.#index++;
    if (!this.#isWord('groups')) {
      const t = this.#peek;
      throw new FilterSyntaxError(`expected 'groups' after 'in' but found ${describe(t)}`, t.pos);
    }
    this.#index++;
    if (left.kind !== 'value' || left.value === null) {
      throw new FilterSyntaxError("the left side of 'in groups' must be a string literal", pos);
    }
    const group = left.value;
    return (t) => t.groups.has(group);
  }

  #operand(): Operand {
    const t = this.#peek;
    this.#index++;
    if (t.kind === 'string') return { kind: 'value', value: t.value };
    if (t.kind === 'word') {
      const word = t.value.toLowerCase();
      if (word === 'userid') return { kind: 'field', field: 'userId' };
      if (word === 'connectionid') return { kind: 'field', field: 'connectionId' };
      if (word === 'null') return { kind: 'value', value: null };
      if (word === 'groups') {
        throw new FilterSyntaxError("'groups' can only be used as \"'<group>' in groups\"", t.pos);
      }
      throw new FilterSyntaxError(
        `unknown identifier '${t.value}' (use userId, connectionId or groups)`,
        t.pos,
      );
    }
    throw new FilterSyntaxError(
      `expected a field or a string literal but found ${describe(t)}`,
      t.pos,
    );
  }
}

function operandValue(operand: Operand, target: FilterTarget): string | null {
  if (operand.kind === 'value') return operand.value;
  return (operand.field === 'connectionId' ? target.id : target.userId) ?? null;
}

function describe(t: Token): string {
  if (t.kind === 'end') return 'the end of the filter';
  if (t.kind === 'string') return `'${t.value}'`;
  if (t.kind === 'word') return `'${t.value}'`;
  return `'${t.kind}'`;
}
