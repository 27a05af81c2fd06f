/**
 * Expected stems from NLTK's own documentation (nltk/test/stem.doctest, "Unit tests for the Porter
 * stemmer", default NLTK_EXTENSIONS mode).
 */
import { describe, expect, it } from 'vitest';
import { porterStem } from '../porterStemmer.js';

describe('porterStem (NLTK 3.8 PorterStemmer, NLTK_EXTENSIONS)', () => {
  it('stems the stem.doctest plurals as NLTK prints them', () => {
    const plurals = [
      'caresses',
      'flies',
      'dies',
      'mules',
      'denied',
      'died',
      'agreed',
      'owned',
      'humbled',
      'sized',
      'meeting',
      'stating',
      'siezing',
      'itemization',
      'sensational',
      'traditional',
      'reference',
      'colonizer',
      'plotted',
    ];
    expect(plurals.map(porterStem).join(' ')).toBe(
      'caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot',
    );
  });

  it('irregular forms bypass the rules (sky/skies, dying, news)', () => {
    expect(['skies', 'dying', 'news', 'proceed'].map(porterStem)).toEqual([
      'sky',
      'die',
      'news',
      'proceed',
    ]);
  });
});
