import { BadRequestError } from '@bourse/core';
import argon2 from 'argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes) raised a little: about 30 ms per hash here. */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 3, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Passwords long enough for the policy that every cracking list tries first. */
const COMMON = new Set([
  'password1234',
  'password12345',
  'password123456',
  '123456789012',
  '1234567890123',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwerty123456',
  'iloveyou1234',
  'letmein12345',
  'administrator',
  'welcome12345',
  'changeme1234',
  'passwordpassword',
  'abc123456789',
  'aaaaaaaaaaaa',
  '111111111111',
  '000000000000',
  'correcthorsebatterystaple',
  'trustno11234',
  'football1234',
  'baseball1234',
  'princess1234',
  'sunshine1234',
  'monkey123456',
  'dragon123456',
  'master123456',
  'superman1234',
  'bourse123456',
  'bourseadmin1',
]);

/** Throws a 400 naming what is wrong with a new password. */
export function checkPasswordPolicy(password: string, email: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new BadRequestError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new BadRequestError(`password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || new Set(lower).size <= 2) throw new BadRequestError('password is too common');
  if (lower === email.toLowerCase() || lower === email.split('@')[0]?.toLowerCase()) {
    throw new BadRequestError('password must not be the email address');
  }
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spend the time of a verification when there is no account, so timing does not tell whether one exists. */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-0000');
  await verifyPassword(await dummy, password);
}

/** Lower-case, trimmed, NFKC: one account per mailbox however it is typed. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;
export function checkEmail(email: string): void {
  if (!EMAIL.test(email)) throw new BadRequestError('body.email must be an email address');
}
