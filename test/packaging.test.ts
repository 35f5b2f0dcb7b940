import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/**
 * `npm run dist` needs the Electron binary, which cannot be downloaded here, so the packaging
 * configuration is checked field by field instead.
 */
describe('electron-builder configuration', () => {
  it('names the app and ships the built code, not the sources', () => {
    expect(config).toMatchObject({
      appId: 'org.posescope.app',
      productName: 'PoseScope',
      asar: true,
      npmRebuild: true,
    });
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json']));
    expect(pkg.main).toBe('dist/main/index.cjs');
    expect(pkg.scripts.dist).toMatch(
      /npm run build && electron-builder --config electron-builder.yml/,
    );
  });

  it('flips the fuses that keep the packaged binary from running as plain Node', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Every key is one electron-builder knows (its own schema), so none is silently ignored.
    const scheme = JSON.parse(
      readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'),
    ) as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
    for (const key of Object.keys(config.electronFuses as object))
      expect(scheme.definitions.FuseOptionsV1.properties, key).toHaveProperty(key);
  });

  it('unpacks every native module from the archive (they are rebuilt for Electron)', () => {
    const unpack = config.asarUnpack as string[];
    expect(unpack).toContain('**/*.node');
    for (const native of ['better-sqlite3', 'onnxruntime-node', 'sharp']) {
      expect(pkg.dependencies[native], native).toBeDefined();
      expect(
        unpack.some((p) => p.startsWith(`node_modules/${native}/`)),
        native,
      ).toBe(true);
    }
  });

  it('ships the models and the sample dataset as extra resources', () => {
    const extra = config.extraResources as { from: string; to: string }[];
    expect(extra).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'models', to: 'models' }),
        expect.objectContaining({ from: 'assets/sample', to: 'sample' }),
      ]),
    );
  });

  it('targets Linux (AppImage, deb), Windows (nsis) and macOS (dmg) with an icon that exists', async () => {
    const { linux, win, mac } = config as Record<
      string,
      { target: string | string[]; icon: string }
    >;
    expect(linux!.target).toEqual(['AppImage', 'deb']);
    expect(win!.target).toBe('nsis');
    expect(mac!.target).toBe('dmg');
    for (const icon of [linux!.icon, win!.icon, mac!.icon]) {
      expect(existsSync(join(root, icon)), icon).toBe(true);
      // electron-builder wants at least 256×256 (512 for macOS).
      const meta = await sharp(join(root, icon)).metadata();
      expect(Math.min(meta.width ?? 0, meta.height ?? 0)).toBeGreaterThanOrEqual(512);
    }
  });

  it('ships h5wasm (MPI-INF-3DHP .mat files) with its WebAssembly inline: nothing to unpack', () => {
    expect(pkg.dependencies.h5wasm).toBeDefined();
    const node = join(root, 'node_modules', 'h5wasm', 'dist', 'node');
    expect(readdirSync(node).filter((f) => f.endsWith('.wasm'))).toEqual([]);
  });
});
