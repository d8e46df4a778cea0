import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// Module boundary (STYLE.md): code outside a module imports it only through its index.ts.
const BASE_PATTERNS = [{
  regex: '^@/modules/[^/]+/(?!index(\\.js)?$).+',
  message: 'Import another module only through its index.ts (e.g. @/modules/identity/index.js).',
}, {
  regex: '^(\\.{1,2}/)+modules/[^/]+/(?!index(\\.js)?$).+',
  message: 'Import another module only through its index.ts.',
}];
// Inside src/modules/<m>/…, a relative path that climbs out of <m> reaches another module's internals.
const climbOut = (depth) => ({
  regex: `^(\\.\\./){${depth}}[^/.][^/]*/(?!index(\\.js)?$).+`,
  message: 'Import another module only through @/modules/<name>/index.js.',
});
const boundary = (extra = []) => ({ 'no-restricted-imports': ['error', { patterns: [...BASE_PATTERNS, ...extra] }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'web/dist/**', 'web/.dist-*/**', 'web/src/api/schema.d.ts', 'migrations/**', 'test-results/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      ...boundary(),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { files: ['src/modules/*/*.ts'], rules: boundary([climbOut(1)]) },
  { files: ['src/modules/*/*/*.ts'], rules: boundary([climbOut(2)]) },
  { files: ['src/modules/*/*/*/*.ts'], rules: boundary([climbOut(3)]) },
  {
    // The web app: the two classic hook rules (the compiler-era rules of v7 are not used).
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
