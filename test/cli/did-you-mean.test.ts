/** The edit distance and the suggestion threshold behind every "did you mean". */
import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance } from '../../src/io/did-you-mean.ts';

describe('editDistance (Damerau-Levenshtein, optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['check', 'check', 0],
    ['chekc', 'check', 1], // one swap of neighbours, not two substitutions
    ['NO_GENERIC_EVNT', 'NO_GENERIC_EVENT', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3], // OSA: no edit of a substring twice
  ])('%s -> %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closestName', () => {
  const refusals = ['NOT_IMPLEMENTED', 'HOST_ONLY', 'FILTERED', 'NO_GENERIC_EVENT', 'UNSUPPORTED'];

  it('names the closest member of an enum for a typo', () => {
    expect(closestName('NO_GENERIC_EVNT', refusals)).toBe('NO_GENERIC_EVENT');
    expect(didYouMean('NO_GENERIC_EVNT', refusals)).toBe("; did you mean 'NO_GENERIC_EVENT'?");
  });

  it('ignores case, and keeps the candidate spelling', () => {
    expect(closestName('host_only', refusals)).toBe('HOST_ONLY');
  });

  it('suggests nothing past a third of the word in edits', () => {
    expect(closestName('FILTRD', refusals)).toBe('FILTERED'); // 2 edits in 6 letters
    expect(closestName('FLTRD', refusals)).toBeUndefined(); // 3 edits in 5 letters
    expect(didYouMean('zzz', refusals)).toBe('');
  });

  it('a short word allows one edit', () => {
    expect(closestName('mpa', ['map', 'gen'])).toBe('map');
    expect(closestName('xy', ['map'])).toBeUndefined();
  });

  it('ties go to the first candidate', () => {
    expect(closestName('bat', ['cat', 'hat'])).toBe('cat');
  });
});
