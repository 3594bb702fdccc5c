// Flat config: typescript-eslint on top of ESLint's recommended rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Name exports explicitly (no export *).' },
        { selector: 'TSEnumDeclaration', message: 'Use `as const` objects rather than enum.' },
      ],
    },
  },
  {
    // Pure layers must not do I/O or reach into network functions.
    files: ['src/crypto/**/*.ts', 'src/aka/**/*.ts', 'src/initial-attach/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:fs*', 'node:net', 'node:dgram', 'node:http*', 'node:tls', 'better-sqlite3'],
              message: 'Pure layer: no I/O.',
            },
            {
              group: ['**/nf/**', '**/store/**', '**/cli/**', '**/device/**'],
              message: 'Pure layer: depends on nothing above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
