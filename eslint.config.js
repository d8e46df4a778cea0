import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'web/dist/**', 'migrations/**', 'test-results/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // Module boundary (STYLE.md): outside a module, import only its public index.ts.
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^@/modules/[^/]+/(?!index$).+',
          message: 'Import another module only through its index.ts (e.g. @/modules/identity/index).',
        }, {
          regex: '^(\\.\\./)+modules/[^/]+/(?!index(\\.js)?$).+',
          message: 'Import another module only through its index.ts.',
        }],
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Inside a module, its own files may import each other relatively.
    files: ['src/modules/**/*.ts'],
    rules: {},
  },
);
