/**
 * Dependency rules, run by `npm run lint:deps` in CI. No exceptions: a rule that needs one is a design to change.
 *
 * The service is layered. A module imports only modules of lower layers, and only through their face, `index.ts`.
 * Within a layer, modules do not import each other. From the bottom:
 */
const LAYERS = [
  ['config', 'time'], // settings from the environment; Vietnam's clock
  ['db'], // the connection, the migrator, the batch writer and the tables' shapes
  ['http'], // errors, cursors, CSV, idempotency, guards: what every route shares
  ['admin-units'], // the official provinces and wards: every place below teams, merchants and activations names one
  ['institutions', 'settings', 'teams', 'tax'], // reference data and rules with no feature behind them
  ['auth'], // tokens, roles, staff
  ['sites'], // the streets and markets; every stall belongs to one
  ['realtime'], // the events outbox, the feed, the hub, the board and merchant channels, the tickets
  ['qr', 'activations'],
  ['merchants'],
  ['catalog'], // a stall's goods; carts of payment requests and sales resolve against it
  ['payment-requests'],
  ['tax-authority'], // the queue of invoices to transmit and its sender; invoices queue theirs in their own write
  ['invoices'],
  ['sales'],
  ['payments'],
  ['stats'],
  ['reports'], // sales.csv and the daily and monthly reports: read-only, over everything below
  ['check', 'demo', 'sandbox', 'docs', 'health'],
  ['web'], // the pages, at the top
];

const group = (names) => `^src/(${names.join('|')})/`;

/** For each layer, the modules above it (and its neighbours in the same layer) are out of reach. */
const layerRules = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1).flat();
  return layer.map((name) => ({
    name: `layer-${name}`,
    comment: `${name} may import only modules of lower layers (see LAYERS).`,
    severity: 'error',
    from: { path: `^src/${name}/` },
    to: { path: group([...above, ...layer.filter((other) => other !== name)]) },
  }));
});

/** @type {import('dependency-cruiser').IConfiguration} */
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
      name: 'no-folder-cycles',
      comment: 'No folder reaches itself through the folders it imports: each module stands on the ones below it.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-import-past-a-face',
      comment:
        'Another module is reached only through its face, src/<module>/index.ts: what is not exported there is that ' +
        "module's own business.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index[.]ts$'] },
    },
    {
      name: 'composition-root-through-faces',
      comment: 'app.ts and server.ts compose the modules, through their faces like everyone else.',
      severity: 'error',
      from: { path: '^src/[^/]+[.]ts$' },
      to: { path: '^src/[^/]+/', pathNot: '^src/[^/]+/index[.]ts$' },
    },
    {
      name: 'every-module-known',
      comment: 'A folder under src/ is a module with a place in LAYERS (or the composition root, src/*.ts).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/[^/]+/', pathNot: group(LAYERS.flat()) },
    },
    ...layerRules,
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
