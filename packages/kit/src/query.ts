import { BadRequestError } from '@bourse/core';
import Type from 'typebox';

/**
 * The latest instant a request may name: 9999-12-31T23:59:59.999Z. PostgreSQL's timestamptz reaches
 * year 294276, but a Date past year 9999 is written as an extended ISO year (`+010000-01-01T...`) that
 * the server reads as a time-zone displacement and refuses: so the API's times end where four-digit
 * years do, and a later one is a 400 naming the field rather than a 500 from the store.
 */
export const LATEST_QUERY_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A time in a query string: UTC epoch milliseconds or an ISO 8601 date-time, from 1970 to the end of year 9999. */
export const TimeQuery = Type.Union(
  [Type.Integer({ minimum: 0, maximum: LATEST_QUERY_TIME_MS }), Type.String({ format: 'date-time', maxLength: 64 })],
  { description: 'UTC epoch milliseconds or an ISO 8601 date-time, from 1970-01-01 to 9999-12-31' },
);

/**
 * A TimeQuery value as epoch milliseconds; `field` names it in the 400 when it is no time, or a time
 * outside 1970..9999 (a date-time string with an offset can land outside the range its digits suggest).
 */
export function queryTime(value: number | string, field: string): number;
export function queryTime(value: number | string | undefined, field: string): number | undefined;
export function queryTime(value: number | string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) throw new BadRequestError(`querystring.${field} must be epoch milliseconds or an ISO 8601 date-time`);
  if (!Number.isInteger(ms) || ms < 0 || ms > LATEST_QUERY_TIME_MS)
    throw new BadRequestError(`querystring.${field} must be between 1970-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z`);
  return ms;
}
