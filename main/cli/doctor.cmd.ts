import { doctor } from '../inference/doctor';
import { modelFolders } from '../inference/modelRegistry';
import { remoteDoctor, type RemoteReport } from '../inference/remote/remoteDoctor';
import { readRemoteSettings } from '../inference/remote/remoteSettings';
import { userSettingsFile } from '../platform/userDataDir';
import { userModelFolder } from '../platform/userModelFolder';

export interface DoctorOptions {
  readonly json: boolean;
  /** Servers to report on instead of this machine's providers. */
  readonly remote: readonly string[];
  readonly remoteCa?: string;
  readonly modelDir: readonly string[];
  readonly userData?: string;
}

/** `posescope doctor`: platform, onnxruntime and the execution providers that really run here. */
export async function doctorCommand(appRoot: string, o: DoctorOptions): Promise<number> {
  if (o.remote.length > 0) return remoteDoctorCommand(appRoot, o);
  const r = await doctor();
  if (o.json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `platform     ${r.platform} ${r.arch} (${r.osRelease}), ${r.cpuCores} CPU cores`,
    `node         ${r.node}`,
    `onnxruntime  ${r.onnxruntime} (onnxruntime-node)`,
    'providers    (tried in this order; the first that works runs inference)',
    ...r.providers.map(
      (p) =>
        `  ${p.available ? 'yes' : 'no '} ${p.name.padEnd(7)}${p.bundled ? '' : ' (needs npm run gpu:install)'}${p.error ? ` — ${p.error}` : ''}`,
    ),
    `chosen       ${r.chosen ?? 'none'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

const STATUS = { fits: 'fits    ', mismatch: 'MISMATCH', 'not served': '', error: 'ERROR   ' };

function formatRemote(r: RemoteReport): string {
  if (r.error) return `server     ${r.url}: ${r.error}`;
  const s = r.server!;
  const notServed = r.cards.filter((c) => c.status === 'not served');
  const lines = [
    `server     ${r.url}: ${s.name ?? 'unnamed'}${s.version ? ` ${s.version}` : ''}, ready; extensions: ${s.extensions.join(', ') || 'none'}`,
    r.models === null
      ? 'models     (the server does not list its models: no model_repository extension)'
      : `models     ${r.models.length} listed: ${r.models.map((m) => `${m.name}${m.version ? `/${m.version}` : ''}${m.state ? ` (${m.state}${m.reason ? `: ${m.reason}` : ''})` : ''}`).join(', ') || 'none'}`,
    'cards      installed cards, each asked for under its own name:',
    ...r.cards
      .filter((c) => c.status !== 'not served')
      .map(
        (c) =>
          `  ${STATUS[c.status]} ${c.card} (${c.skeleton})${c.detail ? `\n           ${c.detail}` : ''}`,
      ),
    ...(notServed.length > 0
      ? [`  not served ${notServed.length}: ${notServed.map((c) => c.card).join(', ')}`]
      : []),
    r.pipelines.length === 0
      ? 'pipelines  none wholly served (posescope models export-repository writes a repository that serves them)'
      : `pipelines  wholly served, for infer --remote ${r.url}: ${r.pipelines.map((p) => `${p.name} (${p.skeleton})`).join(', ')}`,
  ];
  return lines.join('\n');
}

/** `posescope doctor --remote <url>`: each server, its models and how installed cards fit. */
async function remoteDoctorCommand(appRoot: string, o: DoctorOptions): Promise<number> {
  let reports: RemoteReport[];
  try {
    const settings = readRemoteSettings(userSettingsFile(o.userData));
    const folders = modelFolders(appRoot, o.modelDir, userModelFolder(o.userData));
    reports = [];
    for (const url of o.remote)
      reports.push(await remoteDoctor(url, folders, settings, o.remoteCa));
  } catch (err) {
    process.stderr.write(`posescope: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    o.json
      ? `${JSON.stringify({ servers: reports }, null, 2)}\n`
      : `${reports.map(formatRemote).join('\n\n')}\n`,
  );
  return reports.every((r) => !r.error) ? 0 : 1;
}
