/**
 * Dependency rules, run by `npm run lint:deps` in CI.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'A file never reaches itself through its imports: cycles make load order and ownership unclear.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'migrations-frozen',
      comment: 'Migrations are frozen in time: they never import application code, which keeps changing.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^src/' },
    },
    {
      name: 'src-not-from-tests',
      comment: 'The service never imports tests, benchmarks or scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'lower-layers-stay-low',
      comment:
        'db, config and time are the bottom layer: they import no feature module. The one exception by design is the ' +
        "database's type, composed from each module's table shapes (*.table.ts hold types only).",
      severity: 'error',
      from: { path: '^src/(db|config|time)/' },
      to: { path: '^src/', pathNot: ['^src/(db|config|time)/', '[.]table[.]ts$'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Browser modules import by URL (/assets/…): they are pages, not part of the server's module graph.
    exclude: { path: '^src/web/assets/' },
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
