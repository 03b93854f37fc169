// Checks the commands of `execute` before any request and serializes exactly the properties the
// service knows (its schema forbids others), so a typo fails here with the command's index.
import {
  optionalString,
  requireBodySize,
  requireGroup,
  requireId,
  requireOneOf,
} from '../validation.js';
import type { SignalRCommand } from './client-options.js';

const TYPES = ['SendMessage', 'JoinGroup', 'LeaveGroup', 'CloseConnection'] as const;
const ALLOWED: Record<(typeof TYPES)[number], readonly string[]> = {
  SendMessage: ['type', 'message'],
  JoinGroup: ['type', 'group'],
  LeaveGroup: ['type', 'group'],
  CloseConnection: ['type', 'reason'],
};

function requireObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object`);
  }
  return value as Record<string, unknown>;
}

function checkCommand(value: unknown, name: string): SignalRCommand {
  const command = requireObject(value, name);
  const type = requireOneOf(command.type, `${name}.type`, TYPES);
  for (const key of Object.keys(command)) {
    if (!ALLOWED[type].includes(key)) {
      throw new RangeError(`${name}.${key} is not a property of a ${type} command`);
    }
  }
  switch (type) {
    case 'SendMessage': {
      const message = requireObject(command.message, `${name}.message`);
      const target = requireId(message.target, `${name}.message.target`);
      const args = message.arguments ?? [];
      if (!Array.isArray(args)) throw new TypeError(`${name}.message.arguments must be an array`);
      return { type, message: { target, arguments: args } };
    }
    case 'JoinGroup':
    case 'LeaveGroup':
      return { type, group: requireGroup(command.group, `${name}.group`, false) };
    case 'CloseConnection': {
      const reason = optionalString(command.reason, `${name}.reason`);
      return reason === undefined ? { type } : { type, reason };
    }
  }
}

/** The request body of `:execute`: the checked commands as a JSON array. */
export function commandsBody(commands: unknown): string {
  if (!Array.isArray(commands)) throw new TypeError('commands must be an array');
  if (commands.length === 0) throw new RangeError('commands must not be empty');
  const body = JSON.stringify(commands.map((c, i) => checkCommand(c, `commands[${i}]`)));
  return requireBodySize(body, 'commands');
}
