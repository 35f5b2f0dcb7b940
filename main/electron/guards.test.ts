import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { guardContents, guardSession } from './guards';

describe('window and session guards', () => {
  it('stops navigation and redirects away from the app, and denies new windows', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    guardContents(contents as never);
    for (const event of ['will-navigate', 'will-redirect']) {
      const e = { preventDefault: vi.fn() };
      contents.emit(event, e, 'https://elsewhere.example/');
      expect(e.preventDefault, event).toHaveBeenCalled();
    }
    const open = contents.setWindowOpenHandler.mock.calls[0]![0] as () => unknown;
    expect(open()).toEqual({ action: 'deny' });
  });

  it('denies every permission request and every permission check', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    guardSession(session as never);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (
      wc: unknown,
      p: string,
      done: (ok: boolean) => void,
    ) => void;
    const done = vi.fn();
    request({}, 'media', done);
    expect(done).toHaveBeenCalledWith(false);
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as () => boolean;
    expect(check()).toBe(false);
  });
});
