import { describe, expect, it } from 'vitest';
import { createRng, type Vec3 } from '../../core';
import type { FramePlace, TakePlaces } from '../store/takes/tracks';
import { TemporalTally } from './temporalTally';

describe('TemporalTally', () => {
  it('gives the same figures whether a take is finished as its last frame is scored or at the end', () => {
    // Two takes of 30 frames whose images interleave (ids alternate), two people in each; some
    // frames lack a person (a chain ends there) and slot 15 is missing from take B.
    const frames = new Map<number, FramePlace>();
    const tracks = new Map<number, string>();
    const images: { id: number; people: number[] }[] = [];
    let instance = 0;
    for (let slot = 0; slot < 30; slot++)
      for (const take of ['A', 'B']) {
        const id = images.length + 1;
        frames.set(id, { take, slot: take === 'B' && slot >= 15 ? slot + 1 : slot });
        const people = [];
        for (const who of ['p', 'q']) {
          if ((slot + who.length * 7) % 11 === 0) continue;
          tracks.set(++instance, who);
          people.push(instance);
        }
        images.push({ id, people });
      }
    const places: TakePlaces = {
      frames,
      tracks,
      groups: new Map([
        ['A', 'Walking'],
        ['B', 'Eating'],
      ]),
      sizes: new Map([
        ['A', 30],
        ['B', 30],
      ]),
      order: ['A', 'B'],
    };
    const rand = createRng(3);
    const r = () => rand.next();
    const pose = (): Vec3[] => Array.from({ length: 4 }, () => [r() * 900, r() * 900, r() * 900]);
    const scored = images.map((im) => ({ ...im, poses: im.people.map(() => [pose(), pose()]) }));
    const early = new TemporalTally(places, [0]);
    const late = new TemporalTally(places, [0]);
    for (const im of scored) {
      im.people.forEach((person, k) => {
        const [pred, gt] = im.poses[k]!;
        early.add(im.id, person, pred!, gt!);
        late.add(im.id, person, pred!, gt!);
      });
      early.frameScored(im.id);
    }
    const figures = early.summary();
    expect(figures).toEqual(late.summary());
    expect(figures.per_take.map((t) => t.take)).toEqual(['A', 'B']);
    expect(figures.MPJVE).toBeGreaterThan(0);
  });
});
