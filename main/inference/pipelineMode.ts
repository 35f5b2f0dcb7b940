import { ModelCardError, type LoadedCard } from './modelCard';

/** Checks a pipeline's order: DRM stands alone; a lifter's ranking input needs a ranking stage first. */
export function pipelineMode(cards: readonly LoadedCard[]): 'person' | 'image' {
  const drm = cards.findIndex((c) => c.card.family === 'drm');
  if (drm >= 0 && cards.length > 1)
    throw new ModelCardError(
      cards[drm]!.file,
      'family',
      'a drm model finds people itself and runs alone, not in a pipeline',
    );
  const detector = cards.findIndex((c) => c.card.family === 'blazepose-detector');
  const landmarks = cards.findIndex((c) => c.card.family === 'blazepose');
  if (detector >= 0 && !(landmarks > detector))
    throw new ModelCardError(
      cards[detector]!.file,
      'family',
      'a blazepose-detector finds the crop for a blazepose landmark model: put one after it',
    );
  cards.forEach((c, i) => {
    const needsRanking = c.card.inputs.some((inp) => inp.source === 'ranking');
    if (needsRanking && !cards.slice(0, i).some((p) => p.card.family === 'ranking'))
      throw new ModelCardError(
        c.file,
        'inputs',
        'takes a ranking matrix: put a ranking model before it',
      );
  });
  return drm >= 0 ? 'image' : 'person';
}
