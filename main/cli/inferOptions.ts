import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import type { BoxSource } from '../inference/stageTypes';
import { inferWorkerOf } from '../platform/paths';
import { collect, collectList, indexOptions, nonNegativeInt, positiveInt } from './cliOptions';
import { inferCommand } from './infer.cmd';

/** `posescope infer`: its options, turned into an inference request. */
export function registerInferCommand(
  program: Command,
  appRoot: string,
  parseWorker: string | undefined,
): void {
  indexOptions(
    program
      .command('infer <folder>')
      .description('run a pipeline of ONNX models over a dataset into a scored prediction run')
      .requiredOption(
        '--pipeline <cards>',
        'model cards (files or installed names), comma-separated, in order',
      )
      .option('--run-name <name>', 'name of the run (default: the card names joined by +)')
      .option('--provider <name>', 'auto | cuda | dml | coreml | webgpu | cpu', 'auto')
      .option('--batch-size <n>', 'inputs per model call', positiveInt)
      .option('--rerun', 'start the run over instead of resuming it', false)
      .addOption(
        new Option(
          '--boxes <source>',
          'person boxes for pipelines with a detector: the dataset’s where it has one (auto), always the dataset’s (gt), or always the detector’s',
        )
          .choices(['auto', 'gt', 'detector'])
          .default('auto'),
      )
      .option('--model-dir <dir>', 'another folder of model cards (repeatable)', collect, []),
  )
    .option('--json', 'print the run and its figures as JSON, no progress bar', false)
    .option(
      '--remote <urls>',
      'run the models on Open Inference Protocol servers (Triton, KServe, Seldon MLServer, OpenVINO Model Server), comma-separated or repeated: batches go to whichever is least busy; credentials come from the settings file or $POSESCOPE_REMOTE_TOKEN, never from the command line',
      collectList,
      [],
    )
    .option('--remote-model <name>', "the model's name on the server (default: its card's name)")
    .option('--remote-version <version>', 'the model version on the server (default: its choice)')
    .option('--remote-json', 'send tensors as JSON even where the server takes binary data', false)
    .option('--remote-inflight <n>', 'batches in flight per server (default 2)', positiveInt)
    .option(
      '--remote-timeout <seconds>',
      'seconds to wait for each answer (default 60)',
      positiveInt,
    )
    .option(
      '--remote-retries <n>',
      'times a request refused with a 5xx or lost is sent again (default 3)',
      nonNegativeInt,
    )
    .option(
      '--remote-ca <pem>',
      "a CA certificate file the servers' TLS certificates are signed by",
    )
    .action(
      async (
        folder: string,
        o: {
          pipeline: string;
          runName?: string;
          remote: string[];
          remoteModel?: string;
          remoteVersion?: string;
          remoteJson: boolean;
          remoteInflight?: number;
          remoteTimeout?: number;
          remoteRetries?: number;
          remoteCa?: string;
          provider?: string;
          batchSize?: number;
          rerun: boolean;
          boxes: BoxSource;
          modelDir: string[];
          db?: string;
          userData?: string;
          format?: string;
          json: boolean;
        },
      ) => {
        const { remote, remoteModel, remoteVersion, remoteJson, ...rest } = o;
        const { remoteInflight, remoteTimeout, remoteRetries, remoteCa, ...plain } = rest;
        process.exitCode = await inferCommand(folder, {
          ...plain,
          ...(remote.length === 0
            ? {}
            : {
                remote: {
                  servers: remote,
                  ...(remoteModel === undefined ? {} : { model: remoteModel }),
                  ...(remoteVersion === undefined ? {} : { version: remoteVersion }),
                  ...(remoteJson ? { binary: false } : {}),
                  ...(remoteInflight === undefined ? {} : { inflight: remoteInflight }),
                  ...(remoteTimeout === undefined ? {} : { timeoutMs: remoteTimeout * 1000 }),
                  ...(remoteRetries === undefined ? {} : { retries: remoteRetries }),
                  ...(remoteCa === undefined ? {} : { ca: resolve(remoteCa) }),
                },
              }),
          parseWorker,
          inferWorker: inferWorkerOf(appRoot),
          appRoot,
        });
      },
    );
}
