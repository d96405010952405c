import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Config, ConfigError } from '@bourse/core';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Logger } from './logger.ts';

/** The access-token signing key of the auth service: Ed25519, with its public half as a JWKS. */
export interface SigningKeys {
  readonly alg: 'EdDSA';
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwks: { keys: JWK[] };
}

/** Where development keys are kept (never in production). */
export function devKeyPath(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'keys', 'jwt-ed25519.pem');
}

export async function signingKeysFrom(privateKey: KeyObject): Promise<SigningKeys> {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new ConfigError('BOURSE_JWT_PRIVATE_KEY', 'must be an Ed25519 private key');
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return { alg: 'EdDSA', kid, privateKey, publicKey, jwks: { keys: [{ ...jwk, kid, alg: 'EdDSA', use: 'sig' }] } };
}

/**
 * The signing key from config (BOURSE_JWT_PRIVATE_KEY or BOURSE_JWT_KEY_FILE). Without one,
 * production refuses to start; development generates a key pair once, keeps it under the data
 * folder and says so; tests get a fresh key per process.
 */
export async function loadSigningKeys(config: Config, log: Logger): Promise<SigningKeys> {
  const { privateKeyPem, keyFile } = config.auth;
  if (privateKeyPem) return signingKeysFrom(parsePrivate(privateKeyPem, 'BOURSE_JWT_PRIVATE_KEY'));
  if (keyFile) {
    let text: string;
    try {
      text = readFileSync(keyFile, 'utf8');
    } catch (err) {
      throw new ConfigError('BOURSE_JWT_KEY_FILE', `cannot be read (${(err as Error).message})`);
    }
    return signingKeysFrom(parsePrivate(text, 'BOURSE_JWT_KEY_FILE'));
  }
  if (config.env === 'production') {
    throw new ConfigError(
      'BOURSE_JWT_PRIVATE_KEY',
      'must be set (or BOURSE_JWT_KEY_FILE) in production: Bourse generates signing keys only in development',
    );
  }
  if (config.env === 'test') return signingKeysFrom(generateKeyPairSync('ed25519').privateKey);
  const path = devKeyPath(config);
  if (existsSync(path)) return signingKeysFrom(parsePrivate(readFileSync(path, 'utf8'), path));
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  log.warn({ path }, 'generated a development JWT signing key (set BOURSE_JWT_PRIVATE_KEY or BOURSE_JWT_KEY_FILE in production)');
  return signingKeysFrom(privateKey);
}

/** The public key a verifying process was given directly, if any (config, or the development key file). */
export function configuredPublicKey(config: Config): KeyObject | undefined {
  const { publicKeyPem, privateKeyPem, keyFile } = config.auth;
  try {
    if (publicKeyPem) return createPublicKey(publicKeyPem);
    if (privateKeyPem) return createPublicKey(parsePrivate(privateKeyPem, 'BOURSE_JWT_PRIVATE_KEY'));
    if (keyFile) return createPublicKey(parsePrivate(readFileSync(keyFile, 'utf8'), 'BOURSE_JWT_KEY_FILE'));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(
      publicKeyPem ? 'BOURSE_JWT_PUBLIC_KEY' : 'BOURSE_JWT_KEY_FILE',
      `is not a usable key (${(err as Error).message})`,
    );
  }
  if (config.env === 'development' && existsSync(devKeyPath(config))) {
    return createPublicKey(parsePrivate(readFileSync(devKeyPath(config), 'utf8'), devKeyPath(config)));
  }
  return undefined;
}

function parsePrivate(pem: string, variable: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (err) {
    throw new ConfigError(variable, `is not a PKCS#8 PEM private key (${(err as Error).message})`);
  }
}
