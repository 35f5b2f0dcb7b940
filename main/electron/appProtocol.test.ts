import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServiceBackend } from '../services/backend';
import { CONTENT_SECURITY_POLICY } from '../platform/csp';
import { answerAppRequest, protocolHeaders } from './appProtocol';

describe('the desktop window protocol (posescope://app)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-protocol-'));
  const web = join(tmp, 'renderer');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<title>PoseScope</title>');
  writeFileSync(join(web, 'assets', 'app.js'), 'run()');
  writeFileSync(join(tmp, 'secret.txt'), 'do not serve');
  const media: string[] = [];
  const backend = {
    media: async (url: string) => {
      media.push(url);
      return { status: 200, type: 'image/jpeg', body: Buffer.from('jpeg') };
    },
  } as unknown as ServiceBackend;
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('serves the built renderer with its type and the CSP', async () => {
    const index = await answerAppRequest('posescope://app/', web, backend);
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(Buffer.from(index.body).toString()).toContain('PoseScope');
    const js = await answerAppRequest('posescope://app/assets/app.js', web, backend);
    expect(js.type).toBe('text/javascript; charset=utf-8');
    expect(protocolHeaders(js)['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('hands /media/ to the services (they check the path inside the dataset)', async () => {
    await answerAppRequest('posescope://app/media/1/thumb/4?w=320', web, backend);
    expect(media).toEqual(['/media/1/thumb/4?w=320']);
  });

  it.each([
    'posescope://app/%2e%2e/secret.txt',
    'posescope://app/assets/..%2f..%2fsecret.txt',
    'posescope://app/..%5csecret.txt',
    `posescope://app/${encodeURIComponent(join(tmp, 'secret.txt'))}`,
  ])('refuses paths that leave the renderer folder: %s', async (url) => {
    const r = await answerAppRequest(url, web, backend);
    expect(r.status).toBe(404);
    expect(Buffer.from(r.body).toString()).not.toContain('do not serve');
  });

  it('answers 404 for a folder inside the renderer, instead of throwing EISDIR', async () => {
    for (const url of ['posescope://app/assets', 'posescope://app/assets/']) {
      const r = await answerAppRequest(url, web, backend);
      expect(r.status, url).toBe(404);
    }
  });

  it('refuses other hosts of the scheme', async () => {
    expect((await answerAppRequest('posescope://other/index.html', web, backend)).status).toBe(403);
  });
});
