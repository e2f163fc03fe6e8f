/** Argument checks made before any request, each failing with a ValidationError that names the argument. */
import { ValidationError } from './errors.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 80))}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** A non-empty string. */
export function checkString(name: string, value: unknown, maxLength = 4096): string {
  if (typeof value !== 'string') throw ValidationError.forField(name, `must be a string, got ${describe(value)}`);
  if (!value.trim()) throw ValidationError.forField(name, 'must not be empty');
  if (value.length > maxLength) throw ValidationError.forField(name, `must be at most ${maxLength} characters`);
  return value;
}

/** An integer within bounds. */
export function checkInt(name: string, value: unknown, minimum: number, maximum = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw ValidationError.forField(name, `must be an integer, got ${describe(value)}`);
  }
  if (value < minimum || value > maximum) {
    throw ValidationError.forField(name, `must be between ${minimum} and ${maximum}, got ${value}`);
  }
  return value;
}

/** A finite number with `above < value <= maximum`. */
export function checkNumber(name: string, value: unknown, above: number, maximum: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw ValidationError.forField(name, `must be a number, got ${describe(value)}`);
  }
  if (value <= above || value > maximum) {
    throw ValidationError.forField(name, `must be greater than ${above} and at most ${maximum}, got ${value}`);
  }
  return value;
}

/** A boolean. */
export function checkBool(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw ValidationError.forField(name, `must be true or false, got ${describe(value)}`);
  return value;
}

/** One of the known values. */
export function checkChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw ValidationError.forField(name, `must be one of ${choices.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/** A list of known values (a single string stands for a list of one). */
export function checkChoices<T extends string>(name: string, value: unknown, choices: readonly T[]): T[] {
  const values = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(values)) throw ValidationError.forField(name, `must be an array, got ${describe(value)}`);
  return values.map((item, i) => checkChoice(`${name}[${i}]`, item, choices));
}

/** An RFC 3339 date-time (a Date is converted). */
export function checkDateTime(name: string, value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw ValidationError.forField(name, 'is an invalid Date');
    return value.toISOString();
  }
  const text = checkString(name, value, 64);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text) ||
    Number.isNaN(Date.parse(text))
  ) {
    throw ValidationError.forField(
      name,
      `must be an RFC 3339 date-time such as 2024-01-01T00:00:00Z, got ${describe(value)}`,
    );
  }
  return text;
}

/** An options argument: undefined or a plain object. */
export function checkOptions<T extends object>(name: string, value: T | undefined): Partial<T> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw ValidationError.forField(name, `must be an options object, got ${describe(value)}`);
  }
  return value;
}
