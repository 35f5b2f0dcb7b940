import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../services/settings';
import { accessFor, readRemoteSettings, TOKEN_VARIABLE } from './remoteSettings';

const settings = {
  servers: [
    { url: 'https://gpu.lab.org:8000', token: 'server-wide' },
    {
      url: 'https://gpu.lab.org:8000/team-a',
      token: 'team-a',
      headers: { 'x-api-key': 'k1' },
      ca: '/etc/lab-ca.pem',
    },
    { url: 'http://other:8000', headers: { 'x-api-key': 'k2' } },
  ],
};

describe('inference server credentials', () => {
  it('takes the most specific entry covering the server, and the environment token over it', () => {
    expect(accessFor('https://gpu.lab.org:8000', settings, {})).toEqual({
      headers: { authorization: 'Bearer server-wide' },
    });
    expect(accessFor('https://gpu.lab.org:8000/team-a/v2-proxy', settings, {})).toEqual({
      headers: { 'x-api-key': 'k1', authorization: 'Bearer team-a' },
      caFile: '/etc/lab-ca.pem',
    });
    // A path that only starts with the same letters is another prefix.
    expect(accessFor('https://gpu.lab.org:8000/team-ab', settings, {}).headers).toEqual({
      authorization: 'Bearer server-wide',
    });
    // Another port or scheme is another server.
    expect(accessFor('http://gpu.lab.org:8000', settings, {}).headers).toEqual({});
    expect(accessFor('http://other:8000', settings, { [TOKEN_VARIABLE]: ' env ' })).toEqual({
      headers: { 'x-api-key': 'k2', authorization: 'Bearer env' },
    });
    // The app: the environment's token goes to listed servers only, never to a typed-in URL.
    const env = { [TOKEN_VARIABLE]: 'env' };
    expect(accessFor('http://evil.example:80', settings, env, false).headers).toEqual({});
    expect(accessFor('http://other:8000', settings, env, false).headers.authorization).toBe(
      'Bearer env',
    );
    // A token no header can carry is refused without being quoted.
    expect(() => accessFor('http://x', settings, { [TOKEN_VARIABLE]: 'ab\ncd' })).toThrow(
      /^POSESCOPE_REMOTE_TOKEN holds characters a header cannot carry$/,
    );
  });

  it('reads the settings file, naming the field of a mistake without quoting a value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'posescope-remote-settings-'));
    const file = join(dir, 'settings.json');
    expect(readRemoteSettings(file)).toEqual({ servers: [] });
    writeFileSync(file, JSON.stringify({ recent: [], remote: settings }));
    expect(readRemoteSettings(file).servers).toHaveLength(3);
    writeFileSync(
      file,
      JSON.stringify({ remote: { servers: [{ url: 'gpu:8000', token: 'hush-123' }] } }),
    );
    const err = (() => {
      try {
        readRemoteSettings(file);
        return undefined;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(`${file}: remote.servers.0.url: `);
    expect(err?.message).not.toContain('hush-123');
    writeFileSync(file, JSON.stringify({ remote: { servers: [{ url: 'http://a', tokn: 'x' }] } }));
    expect(() => readRemoteSettings(file)).toThrow(`${file}: remote.servers.0: `);
    writeFileSync(
      file,
      JSON.stringify({ remote: { servers: [{ url: 'http://a', token: 'line\r\nX-Evil: 1' }] } }),
    );
    expect(() => readRemoteSettings(file)).toThrow(
      `${file}: remote.servers.0.token: holds characters a header cannot carry`,
    );
    writeFileSync(file, '{ not json');
    expect(() => readRemoteSettings(file)).toThrow(`${file}: not JSON`);
  });

  it('survives the app saving its settings, in a file only its owner can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'posescope-remote-settings-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ recent: [], remote: settings }));
    const store = new SettingsStore(dir);
    store.setAnnotator('ana');
    expect(JSON.parse(readFileSync(file, 'utf8')).remote).toEqual(settings);
    expect(readRemoteSettings(file)).toEqual(settings);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    // A server added by hand while the app runs survives the app's next save.
    const added = { servers: [...settings.servers, { url: 'http://gpu-03:8000', token: 't3' }] };
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), remote: added }),
    );
    store.addRecent('/data/set', 'coco');
    expect(readRemoteSettings(file)).toEqual(added);
    expect(JSON.parse(readFileSync(file, 'utf8')).recent[0].path).toBe('/data/set');
    // A mistake in the section is the section's to report: the file is not set aside.
    writeFileSync(file, JSON.stringify({ recent: [], remote: { servers: 'none' } }));
    const warnings: string[] = [];
    new SettingsStore(dir, (w) => warnings.push(w)).setAnnotator('bo');
    expect(warnings).toEqual([]);
    expect(() => readRemoteSettings(file)).toThrow(`${file}: remote.servers: `);
  });
});
