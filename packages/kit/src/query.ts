import { BadRequestError, MAX_EPOCH_MS } from '@bourse/core';
import Type from 'typebox';

/** A time in a query string: UTC epoch milliseconds or an ISO 8601 date-time. */
export const TimeQuery = Type.Union([Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS }), Type.String({ format: 'date-time' })], {
  description: 'UTC epoch milliseconds or an ISO 8601 date-time',
});

/** A TimeQuery value as epoch milliseconds; `field` names it in the 400 when it is no time. */
export function queryTime(value: number | string, field: string): number;
export function queryTime(value: number | string | undefined, field: string): number | undefined;
export function queryTime(value: number | string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new BadRequestError(`querystring.${field} must be epoch milliseconds or an ISO 8601 date-time`);
  return ms;
}
