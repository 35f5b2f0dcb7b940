import { join } from 'node:path';
import { userDataDir } from './userDataDir';

/**
 * The user's model folder, where "Add model…" and `posescope models add` save cards: `models/`
 * in the same settings folder the app uses, so a model added in a terminal is one the app
 * lists, and the reverse. Never the app's own `models/`, which an update replaces and an
 * install may not let us write.
 */
export function userModelFolder(userData?: string): string {
  return join(userDataDir(userData), 'models');
}
