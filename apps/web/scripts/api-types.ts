// Regenerates src/api/schema.d.ts, the API's types, from its OpenAPI document:
//   npm run api-types -w @bourse/web                              starts a throwaway Bourse and reads its /openapi.json
//   BOURSE_URL=http://localhost:8080 npm run api-types -w @bourse/web   reads a running one's
// Nothing leaves the machine: the document comes from this repository's own server.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { startBourse } from './bourse-server.ts';

const out = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

const server = process.env.BOURSE_URL ? undefined : await startBourse();
try {
  const base = process.env.BOURSE_URL ?? server!.url;
  const response = await fetch(`${base}/openapi.json`);
  if (!response.ok) throw new Error(`${base}/openapi.json answered ${response.status}`);
  const document = (await response.json()) as Parameters<typeof openapiTS>[0];
  const ast = await openapiTS(document, { alphabetize: true });
  const header = "// Generated from the API's /openapi.json by `npm run api-types -w @bourse/web`: do not edit.\n";
  writeFileSync(out, header + astToString(ast));
  // in the repository's own format, so that a regeneration's diff is the API's change only
  execFileSync('npx', ['biome', 'format', '--write', out], { stdio: 'ignore' });
  console.log(`wrote ${out}`);
} finally {
  await server?.stop();
}
