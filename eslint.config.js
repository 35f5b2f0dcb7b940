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

const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*TestKit.ts'];

const MAIN_OUTSIDE = [
  { regex: intoFolder(['renderer']), message: 'main/ never imports renderer/ UI code' },
  {
    regex: intoFolder(['scripts', 'test']),
    message: 'main/ is the product: scripts/ and test/ use it, never the other way',
  },
];

/**
 * main/'s folders, lowest tier first. A module may import folders of lower tiers only; folders of
 * one tier are independent of each other, except the shells, which may start one another (the
 * CLI starts the server or the desktop window).
 */
export const MAIN_TIERS = [
  ['platform'],
  ['datasets'],
  ['store'],
  ['eval'],
  ['indexer'],
  ['edit', 'inference', 'export'],
  ['services'],
  ['cli', 'electron', 'server'],
];
const SHELLS = MAIN_TIERS.length - 1;

/**
 * One block per folder and depth: from main/<folder>/ at depth d an import of main/<other> is
 * exactly d + 1 `../` then <other>, so a subfolder that shares a name with a tier is not mistaken
 * for it. Tests and test kits may reach any tier (they build fixtures with the indexer).
 */
function mainTiers() {
  const blocks = [];
  MAIN_TIERS.forEach((tier, k) => {
    const above = MAIN_TIERS.slice(k + 1).flat();
    for (const folder of tier) {
      const peers = k === SHELLS ? [] : tier.filter((f) => f !== folder);
      const refused = [...above, ...peers];
      for (let depth = 0; depth < 4; depth++) {
        blocks.push({
          files: [`main/${folder}/${'*/'.repeat(depth)}*.ts`],
          ignores: TEST_FILES,
          rules: {
            'no-restricted-imports': restrict([
              ...MAIN_OUTSIDE,
              ...(refused.length === 0
                ? []
                : [
                    {
                      regex: `^(\\.\\./){${depth + 1}}(${refused.join('|')})(/|$)`,
                      message: `main/${folder} (tier ${k}: ${tier.join(', ')}) imports only lower tiers; ${refused.join(', ')} are not below it`,
                    },
                  ]),
            ]),
          },
        });
      }
    }
  });
  return blocks;
}

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
  // main/: Node side; it never reaches into the renderer's UI code, the scripts or the tests.
  {
    files: ['main/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(MAIN_OUTSIDE.slice(0, 1)) },
  },
  // Tiers inside main/: a folder imports only folders of lower tiers (ARCHITECTURE.md).
  ...mainTiers(),
  { files: ['main/*.ts'], rules: { 'no-restricted-imports': restrict(MAIN_OUTSIDE) } },
  // SQL lives in main/store/: elsewhere code calls its typed functions, never a statement.
  {
    files: ['main/**/*.ts', 'scripts/**/*.ts', 'models/**/*.ts'],
    ignores: ['main/store/**', ...TEST_FILES],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['prepare', 'pragma'].map((name) => ({
          selector: `CallExpression[callee.property.name='${name}']`,
          message: `SQL belongs in main/store/: call (or add) a function there instead of .${name}()`,
        })),
        {
          selector:
            "CallExpression[callee.property.name='exec'][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
          message: 'SQL belongs in main/store/: call (or add) a function there instead of .exec()',
        },
      ],
    },
  },
);
