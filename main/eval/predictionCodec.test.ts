import { describe, expect, it } from 'vitest';
import type { PredictionRecord } from '../datasets/predictionFile';
import { decodePrediction, encodePrediction, encodedLength } from './predictionCodec';

const roundTrip = (r: PredictionRecord) => {
  const out = Buffer.alloc(encodedLength(r) + 5);
  const end = encodePrediction(r, out, 5);
  expect(end).toBe(out.length);
  return decodePrediction(out, 5);
};

describe('prediction codec', () => {
  it('gives back every field, NaN and -0 included', () => {
    const r: PredictionRecord = {
      imageSourceId: 'S9/Posing 1.54138969_000123',
      index: 41,
      annId: 'ann-ü',
      bbox: [1.5, -0, 300.25, 1e-300],
      score: 0.9875,
      rootCam: [12.5, NaN, 5000.000001],
      jointsCam: Float64Array.from([1, NaN, -0, Number.MAX_VALUE, -3.25, 7]),
      jointsImg: Float64Array.from([320.5, 240.25]),
      jointScores: Float64Array.from([0.5]),
      imageName: 'TS1/img_000000',
    };
    const back = roundTrip(r);
    expect(back).toEqual(r);
    expect(Object.is(back.bbox?.[1], -0)).toBe(true);
    expect(Object.is(back.jointsCam?.[2], -0)).toBe(true);
  });

  it('leaves out what the record does not have', () => {
    const back = roundTrip({ imageSourceId: '7', index: 0, jointsCam: new Float64Array(51) });
    expect(Object.keys(back).sort()).toEqual(['imageSourceId', 'index', 'jointsCam']);
    expect(back.jointsCam).toHaveLength(51);
  });

  it('copies a view’s own values, not its buffer', () => {
    const whole = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const view = whole.subarray(2, 4);
    const back = roundTrip({ imageSourceId: '1', index: 3, jointsImg: view });
    expect([...back.jointsImg!]).toEqual([3, 4]);
  });
});
