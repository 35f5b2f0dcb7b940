import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { NdArray, readNumpyPickle } from '../pickle/numpyPickle';

/** An .npy header's dict text and where the data starts (NEP 1: versions 1.0, 2.0 and 3.0). */
function npyHeader(bytes: Uint8Array): { text: string; data: number } | undefined {
  if (bytes.length < 10 || String.fromCharCode(...bytes.subarray(0, 6)) !== '\x93NUMPY')
    return undefined;
  const major = bytes[6]!;
  const long = major >= 2;
  if (bytes.length < (long ? 12 : 10)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = long ? view.getUint32(8, true) : view.getUint16(8, true);
  const start = long ? 12 : 10;
  if (bytes.length < start + size) return undefined;
  return {
    text: new TextDecoder('latin1').decode(bytes.subarray(start, start + size)),
    data: start + size,
  };
}

/** Whether an .npy header declares pickled Python objects (`np.savez(…, positions_3d=dict)`). */
const isObjectHeader = (text: string) => /'descr'\s*:\s*'\|?O'/.test(text);

/**
 * An .npz's arrays, and those of them that hold pickled Python objects, from their headers
 * alone: each member is inflated only as far as its first chunk, so telling a VideoPose3D file
 * from plain arrays costs little however large it is.
 */
export function npzObjectMembers(bytes: Uint8Array): { members: string[]; objects: string[] } {
  const members: string[] = [];
  const objects: string[] = [];
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (f) => {
    if (!f.name.endsWith('.npy')) return;
    members.push(f.name.slice(0, -4));
    let seen = new Uint8Array(0);
    f.ondata = (err, chunk, final) => {
      if (err) return;
      const joined = new Uint8Array(seen.length + chunk.length);
      joined.set(seen);
      joined.set(chunk, seen.length);
      seen = joined;
      const header = npyHeader(seen);
      if (!header && !final && seen.length < 1 << 16) return;
      if (header && isObjectHeader(header.text)) objects.push(f.name.slice(0, -4));
      f.terminate();
    };
    f.start();
  };
  try {
    unzip.push(bytes, true);
  } catch {
    // A zip fflate's stream cannot walk (no sizes in its local headers) is read whole.
    const all = Object.entries(unzipSync(bytes)).filter(([name]) => name.endsWith('.npy'));
    return {
      members: all.map(([name]) => name.slice(0, -4)),
      objects: all
        .filter(([, data]) => isObjectHeader(npyHeader(data)?.text ?? ''))
        .map(([name]) => name.slice(0, -4)),
    };
  }
  return { members, objects };
}

/**
 * The Python value an .npz member pickles: numpy saves a dict passed to `np.savez` as a 0-d
 * object array whose data is the pickle of that array (`np.load(…, allow_pickle=True)[key]
 * .item()` reads it back). Dicts come back as Maps, lists as arrays, numpy arrays as NdArray.
 * Throws naming the member when it is not such an array.
 */
export function readNpzObject(where: string, bytes: Uint8Array): unknown {
  const header = npyHeader(bytes);
  if (!header) throw new Error(`${where}: not an .npy array (no \\x93NUMPY header)`);
  if (!isObjectHeader(header.text))
    throw new Error(
      `${where}: an array of numbers (${header.text.trim()}), not the pickled dict of takes`,
    );
  let value: unknown;
  try {
    value = readNumpyPickle(bytes.subarray(header.data));
  } catch (err) {
    throw new Error(
      `${where}: its pickle cannot be read (${err instanceof Error ? err.message : String(err)})`,
      { cause: err },
    );
  }
  // A 0-d object array holds its one value; anything else is returned as it is.
  if (value instanceof NdArray && value.dtype === 'O' && value.shape.length === 0)
    return (value.data as unknown[])[0];
  return value;
}
