// Electron main entry: everything lives in modules.
import { runElectronApp } from './electron/app';

runElectronApp();
