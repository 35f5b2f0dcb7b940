import type { Session, WebContents } from 'electron';

/** No page may navigate or be redirected away from the app, or open windows of its own. */
export function guardContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * The app asks the web platform for no permission: every request is denied, and every check
 * (navigator.permissions.query, a device API probing first) answers no as well.
 */
export function guardSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_wc, _permission, done) => done(false));
  session.setPermissionCheckHandler(() => false);
}
