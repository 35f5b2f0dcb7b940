import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `<name>.onnx` and its card `<name>.json` into `dir`; returns the card's path. */
export function writeModel(dir: string, card: Record<string, unknown>, bytes: Uint8Array): string {
  const name = String(card.name);
  writeFileSync(join(dir, `${name}.onnx`), bytes);
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { model: `${name}.onnx`, license: 'MIT', provenance: 'built by the test', ...card },
      null,
      2,
    ),
  );
  return file;
}
