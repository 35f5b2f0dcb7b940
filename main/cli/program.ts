import { Command, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { parseWorkerOf, rendererDirOf } from '../platform/paths';
import { applyPatchCommand, mergePatchesCommand, reportCommand } from './corrections.cmd';
import { evalCommand } from './eval.cmd';
import { exportCommand } from './export.cmd';
import { indexCommand } from './index.cmd';
import {
  collect,
  collectList,
  indexHelp,
  indexOptions,
  USER_DATA,
  userDataHelp,
} from './cliOptions';
import { registerInferCommand } from './inferOptions';
import { doctorCommand, type DoctorOptions } from './doctor.cmd';
import { modelsCommand, registerModelCommands } from './models.cmd';
import { serveCommand } from './serve';
import { skeletonsCommand } from './skeletons';
import { startCommand } from './start';
import {
  PROTOCOL_IDS,
  PROTOCOLS,
  SKELETON_IDS,
  type ProtocolId,
  type SkeletonId,
} from '../../core';

/** `eval --help`'s list of protocols, each with what it measures and its source. */
const protocolHelp = `
Protocols (--protocol; without it, one row of every figure, each defined by one of these):
${PROTOCOL_IDS.map((id) => {
  const p = PROTOCOLS[id];
  return `  ${id.padEnd(8)} ${p.title} (${p.kind}): ${p.summary}.\n           Source: ${p.source}.`;
}).join('\n')}`;

const portNumber = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`"${v}" is not a port number (0–65535; 0 picks a free one)`);
  }
  return n;
};

export function buildProgram(appRoot: string, version: string): Command {
  const rendererDir = rendererDirOf(appRoot);
  const parseWorker = parseWorkerOf(appRoot);
  const program = new Command('posescope')
    .description('Inspect, compare and correct monocular 3D human pose datasets and predictions.')
    .version(version);

  program
    .command('start [folder]')
    .description(
      'open PoseScope on a dataset (default: the last one, or the bundled sample): the desktop window, or browser mode when Electron or a display is missing',
    )
    .action((folder: string | undefined) => startCommand(appRoot, rendererDir, version, folder));

  program
    .command('serve [folder]')
    .description(
      'serve the PoseScope UI and its services to a browser (loopback only by default, token in the URL)',
    )
    .option('--port <port>', 'port to listen on; 0 picks a free one', portNumber, 0)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--allow-remote', 'allow a non-loopback --host', false)
    .option(USER_DATA, 'keep settings and indexes (in <dir>/indexes) in this folder')
    .addHelpText('after', indexHelp)
    .action(
      async (
        folder: string | undefined,
        o: { port: number; host: string; allowRemote: boolean; userData?: string },
      ) => {
        await serveCommand(appRoot, rendererDir, version, folder, o);
      },
    );

  indexOptions(
    program
      .command('index <folder>')
      .description('index a dataset folder (Human3.6M, MuPoTS-3D, COCO or images) into SQLite'),
  )
    .option('--json', 'print the summary as JSON, no progress bar', false)
    .action(
      (folder: string, o: { db?: string; userData?: string; format?: string; json: boolean }) => {
        process.exitCode = indexCommand(folder, { ...o, parseWorker });
      },
    );

  indexOptions(
    program
      .command('eval <folder>')
      .description(
        'score prediction files or inference runs against a dataset (MPJPE, PA-MPJPE, MRPE, 3DPCK, AP)',
      )
      .option(
        '--pred <file>',
        'predictions: RootNet JSON, COCO keypoint results, MMPose JSON (file or folder), .npy/.npz, VideoPose3D .npz, OpenPose JSON (file or folder), AlphaPose JSON (repeat for several models)',
        collect,
        [],
      )
      .addOption(
        new Option(
          '--pred-skeleton <id>',
          "the skeleton of the predictions' joints, mapped onto the dataset's by anatomy (default: the dataset's, or the one skeleton with their joint count)",
        ).choices(SKELETON_IDS),
      )
      .option('--run <name>', 'a stored inference run to score again (repeatable)', collect, []),
  )
    .option('--json', 'print the figures as JSON, no progress bar', false)
    .addOption(
      new Option('--protocol <id>', 'print one published protocol’s figures and tables').choices(
        PROTOCOL_IDS,
      ),
    )
    .addHelpText('after', protocolHelp)
    .action(
      (
        folder: string,
        o: {
          pred: string[];
          predSkeleton?: SkeletonId;
          run: string[];
          db?: string;
          userData?: string;
          format?: string;
          json: boolean;
          protocol?: ProtocolId;
        },
      ) => {
        process.exitCode = evalCommand(folder, { ...o, parseWorker });
      },
    );

  program
    .command('export <source>')
    .description('write a dataset (folder or index file) back in its own layout, atomically')
    .requiredOption(
      '--format <format>',
      "h36m | mupots | coco | mpii (the dataset's own; mpi3dhp, panoptic and 3dpw with --patch only), or coco-keypoints (COCO person keypoints from any dataset)",
    )
    .option('--out <dir>', 'folder to write into (may be left out with --patch)')
    .option('--only-edited', 'only the images with a corrected person (a subset, same layout)')
    .option('--images', 'hard-link (or copy) the images beside the annotations', false)
    .option('--patch <file>', 'also write the corrections patch (JSON) here')
    .option('--db <file>', 'index file for a folder source (default: see Index files below)')
    .option(USER_DATA, userDataHelp)
    .addHelpText('after', indexHelp)
    .option('--json', 'print what was written as JSON', false)
    .action(
      (
        source: string,
        o: {
          format: string;
          out?: string;
          onlyEdited?: boolean;
          images: boolean;
          patch?: string;
          db?: string;
          userData?: string;
          json: boolean;
        },
      ) => {
        process.exitCode = exportCommand(source, { ...o, parseWorker });
      },
    );

  program
    .command('apply-patch <source> <patch>')
    .description(
      'apply a corrections patch to a dataset (folder or index file) through the edit log; conflicting entries are reported, not written',
    )
    .option('--dry-run', 'check every entry and report, writing nothing', false)
    .option('--db <file>', 'index file for a folder source (default: see Index files below)')
    .option(USER_DATA, userDataHelp)
    .addHelpText('after', indexHelp)
    .option('--json', 'print the report as JSON', false)
    .action(
      (
        source: string,
        patch: string,
        o: { dryRun: boolean; db?: string; userData?: string; json: boolean },
      ) => {
        process.exitCode = applyPatchCommand(source, patch, { ...o, parseWorker });
      },
    );

  program
    .command('merge-patches <a> <b>')
    .description(
      "merge two annotators' corrections patches; exit 1 on conflicts unless --prefer picks a side",
    )
    .requiredOption('-o, --out <file>', 'merged patch to write')
    .addOption(
      new Option('--prefer <side>', 'keep this side of conflicting joints').choices(['a', 'b']),
    )
    .option('--json', 'print the merge report as JSON', false)
    .action((a: string, b: string, o: { out: string; prefer?: 'a' | 'b'; json: boolean }) => {
      process.exitCode = mergePatchesCommand(a, b, o);
    });

  program
    .command('report <source>')
    .description(
      "each run's metrics against the original and the corrected labels (before/after corrections)",
    )
    .option('--out <file>', 'write the report as JSON (.json) or CSV (.csv)')
    .option('--db <file>', 'index file for a folder source (default: see Index files below)')
    .option(USER_DATA, userDataHelp)
    .addHelpText('after', indexHelp)
    .option('--json', 'print the whole report as JSON', false)
    .action(
      (source: string, o: { out?: string; db?: string; userData?: string; json: boolean }) => {
        process.exitCode = reportCommand(source, { ...o, parseWorker });
      },
    );

  registerInferCommand(program, appRoot, parseWorker);

  const models = program
    .command('models')
    .description(
      'list installed model cards and check that each model loads; add or remove your own',
    )
    .option('--model-dir <dir>', 'another folder of model cards (repeatable)', collect, [])
    .option('--json', 'machine-readable output', false)
    .action(async (o: { modelDir: string[]; json: boolean }) => {
      process.exitCode = await modelsCommand(appRoot, o);
    });
  registerModelCommands(models, appRoot);

  program
    .command('doctor')
    .description(
      'platform, onnxruntime version and which execution providers work here; with --remote, an inference server, its models and how installed cards fit them',
    )
    .option(
      '--remote <urls>',
      'report on Open Inference Protocol servers instead (comma-separated or repeated)',
      collectList,
      [],
    )
    .option(
      '--remote-ca <pem>',
      "a CA certificate file the servers' TLS certificates are signed by",
    )
    .option('--model-dir <dir>', 'another folder of model cards (repeatable)', collect, [])
    .option(USER_DATA, 'the settings folder whose settings.json holds server credentials')
    .option('--json', 'machine-readable output', false)
    .action(async (o: DoctorOptions) => {
      process.exitCode = await doctorCommand(appRoot, {
        ...o,
        ...(o.remoteCa ? { remoteCa: resolve(o.remoteCa) } : {}),
      });
    });

  program
    .command('skeletons [id]')
    .description('list the skeletons PoseScope knows, or the joints of one')
    .option('--json', 'machine-readable output', false)
    .action((id: string | undefined, o: { json: boolean }) => {
      process.stdout.write(`${skeletonsCommand(id, o.json)}\n`);
    });

  return program;
}
