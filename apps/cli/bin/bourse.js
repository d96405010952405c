#!/usr/bin/env node
// The `bourse` command. After `npm run build` it runs the compiled JavaScript under dist/, with every
// @bourse/* package resolved to its own dist/ (the "@bourse/compiled" export condition, turned on by
// the resolve hook in compiled-hooks.js): production never loads TypeScript. In a source checkout
// that has not been built it runs the sources through tsx, as `npm start` does.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const compiled = new URL('../dist/main.js', import.meta.url);
if (existsSync(compiled) && process.env.BOURSE_RUN_SOURCES !== '1') {
  register('./compiled-hooks.js', import.meta.url);
  await import(compiled.href);
} else {
  const tsx = await import('tsx/esm/api');
  tsx.register();
  await import('../src/main.ts');
}
