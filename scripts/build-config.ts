// Writes the compiled build's configuration from the workspaces' own package.json files, so that
// the project references of `tsc -b` cannot drift from the declared dependencies:
//   node --import tsx scripts/build-config.ts          write them
//   node --import tsx scripts/build-config.ts --check  fail if the committed files differ
//
// Each package, service and app gets a tsconfig.build.json (its src/ compiled to dist/, tests left
// out, a reference per @bourse/* dependency) and its package.json exports gain the
// "@bourse/compiled" condition pointing at dist/. Without that condition (development, tests, tsx)
// every @bourse/* import resolves to the TypeScript sources; the built `bourse` command turns it on
// (apps/cli/bin/bourse.js), so production runs only the compiled JavaScript.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONDITION = '@bourse/compiled';

interface Manifest {
  name: string;
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** The workspaces that ship in production: every package, service and app with a src/ folder. */
function workspaces(): { dir: string; manifest: Manifest; text: string }[] {
  const out = [];
  for (const group of ['packages', 'services', 'apps']) {
    for (const name of readdirSync(join(repo, group)).sort()) {
      const dir = `${group}/${name}`;
      const file = join(repo, dir, 'package.json');
      // the web app is built by its own bundler, not by tsc -b
      if (!existsSync(file) || !existsSync(join(repo, dir, 'src')) || existsSync(join(repo, dir, 'vite.config.ts'))) continue;
      const text = readFileSync(file, 'utf8');
      out.push({ dir, manifest: JSON.parse(text) as Manifest, text });
    }
  }
  return out;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function files(): [string, string][] {
  const all = workspaces();
  const byName = new Map(all.map((w) => [w.manifest.name, w.dir]));
  const out: [string, string][] = [];
  for (const { dir, manifest } of all) {
    const references = Object.keys(manifest.dependencies ?? {})
      .filter((d) => byName.has(d))
      .sort()
      .map((d) => ({ path: `../../${byName.get(d)}/tsconfig.build.json` }));
    out.push([
      `${dir}/tsconfig.build.json`,
      json({
        extends: '../../tsconfig.json',
        compilerOptions: {
          noEmit: false,
          composite: true,
          declaration: true,
          declarationMap: true,
          sourceMap: true,
          rewriteRelativeImportExtensions: true,
          rootDir: 'src',
          outDir: 'dist',
          tsBuildInfoFile: 'dist/.tsbuildinfo',
        },
        include: ['src/**/*.ts'],
        exclude: ['src/**/*.test.ts', 'src/**/*.bench.ts', 'src/testing/**'],
        references,
      }),
    ]);
    if (manifest.exports !== undefined) {
      const exports: Record<string, Record<string, string>> = {};
      for (const [key, target] of Object.entries(manifest.exports)) {
        const source = typeof target === 'string' ? target : target.default;
        if (source === undefined || !source.startsWith('./src/') || !source.endsWith('.ts'))
          throw new Error(`${dir}/package.json: export "${key}" must point at a ./src/*.ts file`);
        exports[key] = { [CONDITION]: `./dist/${source.slice('./src/'.length, -'.ts'.length)}.js`, default: source };
      }
      out.push([`${dir}/package.json`, json({ ...manifest, exports })]);
    }
  }
  out.push(['tsconfig.build.json', json({ files: [], references: all.map((w) => ({ path: `./${w.dir}/tsconfig.build.json` })) })]);
  return out;
}

// Compared as JSON values: the files on disk are laid out by the repository's formatter.
const same = (full: string, text: string) =>
  existsSync(full) && JSON.stringify(JSON.parse(readFileSync(full, 'utf8'))) === JSON.stringify(JSON.parse(text));

const check = process.argv.includes('--check');
let stale = 0;
const written: string[] = [];
for (const [path, text] of files()) {
  const full = join(repo, path);
  if (same(full, text)) continue;
  if (check) {
    console.error(`${path} differs from what scripts/build-config.ts writes`);
    stale++;
  } else {
    writeFileSync(full, text);
    written.push(path);
  }
}
if (written.length > 0) execFileSync('npx', ['biome', 'format', '--write', ...written], { cwd: repo, stdio: 'ignore' });
if (stale > 0) {
  console.error('run: node --import tsx scripts/build-config.ts');
  process.exit(1);
}
console.log(check ? 'the build configuration is up to date' : 'the build configuration is written');
