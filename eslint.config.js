import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

/** A relative import that climbs into one of the named top-level folders. */
const intoFolder = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

const restrict = (patterns, paths = []) => [
  'error',
  {
    paths: paths.map((name) => ({ name, message: 'not allowed across this process boundary' })),
    patterns,
  },
];

const CORE_MESSAGE = 'core/ is pure pose math: it imports only other core/ modules';

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-warning-comments': ['error', { terms: ['todo', 'fixme', 'xxx'] }],
    },
  },
  // Process boundaries. core/: no Node, DOM, Electron or other folders.
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      'no-restricted-imports': restrict([
        { regex: '^(?!\\.)', message: CORE_MESSAGE },
        {
          regex: intoFolder(['main', 'preload', 'renderer', 'models', 'test', 'assets']),
          message: CORE_MESSAGE,
        },
      ]),
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'Buffer',
        'require',
        '__dirname',
      ],
    },
  },
  {
    files: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [{ regex: intoFolder(['main', 'preload', 'renderer']), message: CORE_MESSAGE }],
        [...nodeBuiltins, 'electron'],
      ),
    },
  },
  // renderer/: browser code over the typed contract; never main/, never Node or Electron.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(
        [
          {
            regex: intoFolder(['main']),
            message: 'renderer/ never imports main/: call the typed contract instead',
          },
        ],
        [...nodeBuiltins, 'electron', 'better-sqlite3', 'onnxruntime-node'],
      ),
    },
  },
  // contract/: the typed boundary both sides import; schemas (zod) and core types only.
  {
    files: ['contract/**/*.ts'],
    ignores: ['contract/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            regex: intoFolder(['main', 'preload', 'renderer', 'models', 'test', 'assets']),
            message: 'contract/ is shared by both processes: zod, core/ and itself only',
          },
        ],
        [...nodeBuiltins, 'electron', 'better-sqlite3', 'onnxruntime-node', 'sharp'],
      ),
    },
  },
  // preload/: the bridge only; it may use electron but not main/ or renderer/.
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          regex: intoFolder(['main', 'renderer']),
          message: 'preload/ is the bridge: contract and electron only',
        },
      ]),
    },
  },
  // main/: Node side; it never reaches into the renderer's UI code.
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { regex: intoFolder(['renderer']), message: 'main/ never imports renderer/ UI code' },
      ]),
    },
  },
);
