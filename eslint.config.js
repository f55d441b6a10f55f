// typescript-eslint's recommended rules over the TypeScript sources; formatting is prettier's, not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'templates/', 'test/golden/', 'examples/', 'bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // An unused binding is a leftover; a leading underscore says it is unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true }],
      // Output in aligned columns is matched as it looks.
      'no-regex-spaces': 'off',
    },
  },
  {
    // Tests read kubectl's and the servers' JSON and check its shape with assertions at run time.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
