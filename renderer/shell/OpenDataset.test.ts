import { describe, expect, it } from 'vitest';
import { DATASET_FORMATS, type DatasetFormat } from '../../contract';
import { formatLabel, unreadableFolder } from './OpenDataset';

describe('the open dialog', () => {
  it('names every contract format, falling back to the id for one without a label', () => {
    expect(DATASET_FORMATS.map(formatLabel)).toEqual(
      expect.arrayContaining(['Human3.6M', 'MuPoTS-3D', 'COCO-style keypoints', 'image folder']),
    );
    expect(formatLabel('newformat' as DatasetFormat)).toBe('newformat');
  });

  it('finds the folder in a refusal of unreadable annotation files, and only there', () => {
    expect(
      unreadableFolder(
        'no reader for the annotation files in /data/my photos: saw notes.json; expected …',
      ),
    ).toBe('/data/my photos');
    expect(unreadableFolder('cannot open /x: no such folder')).toBeNull();
    expect(unreadableFolder(null)).toBeNull();
  });
});
