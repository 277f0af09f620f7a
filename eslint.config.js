// `npm run lint`: ESLint with typescript-eslint. The service and its migrations get the type-checked rules. Tests,
// benchmarks and scripts get the plain recommended ones: they read JSON answers, driver rows and child-process
// messages whose shape is what they check or print, not something the compiler can know.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const unusedUnlessUnderscored = ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }];

export default tseslint.config(
  // Plain JS here is configuration or browser modules (type-checked by tsconfig.browser.json where shared).
  {
    ignores: [
      'node_modules/',
      'data/',
      'dist/',
      'dist.partial/',
      'test-artifacts/',
      '.stryker-tmp/',
      'reports/',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  {
    files: ['src/**/*.ts', 'migrations/**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Fastify's contract: plugins and route handlers are async functions; one that awaits nothing is still right.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': unusedUnlessUnderscored,
    },
  },
  {
    // Migrations are frozen in time and typed against no schema: Kysely<any> is how they stay independent of the app.
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    extends: [...tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': unusedUnlessUnderscored,
    },
  },
);
