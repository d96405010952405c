// The package boundaries of DESIGN.md, checked on every `npm run lint`:
// services -> kit/bus/store/cache -> core; quant depends on nothing but core; services never
// import each other; nothing imports apps; no import cycles; shipped code uses no dev dependency.
// (Undeclared and unused dependencies are knip's job: knip.json.)
const source = '^(packages|services|apps)/[^/]+/src/';
const tests = '(\\.test\\.tsx?$|\\.bench\\.ts$|/testing/|/testing\\.ts$|/test-setup\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import cycle', from: {}, to: { circular: true } },
    {
      name: 'services-never-import-services',
      severity: 'error',
      comment: 'services talk through bus subjects and HTTP contracts in packages/core, never by import',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'nothing-imports-apps',
      severity: 'error',
      comment: 'apps are the outermost layer',
      from: { pathNot: '^(apps|tests)/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-are-separate',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'core-is-the-centre',
      severity: 'error',
      comment: 'core depends on no other Bourse package',
      from: { path: '^packages/core/' },
      to: { path: '^(packages|services|apps)/', pathNot: '^packages/core/' },
    },
    {
      name: 'quant-imports-only-core',
      severity: 'error',
      comment: 'quant is pure math: core and nothing else (its tests may use their references)',
      from: { path: '^packages/quant/', pathNot: tests },
      to: { pathNot: '^(packages/(quant|core)/|node_modules/typebox/)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'packages-never-import-services',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(services|tests)/' },
    },
    {
      name: 'adapters-below-kit',
      severity: 'error',
      comment: 'bus, cache, store and client depend on core (the store also on quant for bar aggregation), not on the kit',
      from: { path: '^packages/(bus|cache|store|client)/' },
      to: { path: '^packages/kit/' },
    },
    {
      name: 'client-is-browser-safe',
      severity: 'error',
      comment: '@bourse/client runs in browsers: no Node built-ins, and from core only what is browser-safe',
      from: { path: '^packages/client/src/', pathNot: tests },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shipped-code-uses-no-dev-dependency',
      severity: 'error',
      from: { path: source, pathNot: tests },
      to: { dependencyTypes: ['npm-dev'] },
    },
    { name: 'resolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(packages|services|apps)/[^/]+/dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'default', 'node'], mainFields: ['module', 'main'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
