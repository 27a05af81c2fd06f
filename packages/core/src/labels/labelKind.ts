import { InvalidInputError } from '../errors/index.js';
import type { Label } from './compareLabels.js';

/** What an array of labels holds: numbers, strings, or nothing yet (empty). */
export type LabelKind = 'number' | 'string' | 'empty';

/**
 * Returns the kind of the labels in `labels` and throws when they mix numbers and strings or
 * when a number is not an integer: scikit-learn treats non-integer numbers as a continuous target,
 * which classification metrics reject ("Classification metrics can't handle … continuous").
 */
export function labelKind(name: string, labels: readonly Label[]): LabelKind {
  if (labels.length === 0) return 'empty';
  const kind = typeof labels[0] === 'number' ? 'number' : 'string';
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (typeof label !== kind) {
      const message = `${name}[${i}] is a ${typeof label} but ${name}[0] is a ${kind}; labels must be all numbers or all strings`;
      throw new InvalidInputError(message, [{ path: [name, i], message }]);
    }
    if (kind === 'number' && !Number.isInteger(label)) {
      const message = `${name}[${i}] is ${label}; numeric labels must be integers (a continuous target is not a set of classes)`;
      throw new InvalidInputError(message, [{ path: [name, i], message }]);
    }
  }
  return kind;
}

/**
 * Checks every named label array with {@link labelKind} and that they all hold the same kind.
 * @returns the common kind (`'empty'` only if every array is empty).
 */
export function assertSameLabelKind(arrays: Record<string, readonly Label[]>): LabelKind {
  let common: LabelKind = 'empty';
  let commonName = '';
  for (const [name, labels] of Object.entries(arrays)) {
    const kind = labelKind(name, labels);
    if (kind === 'empty') continue;
    if (common === 'empty') {
      common = kind;
      commonName = name;
    } else if (kind !== common) {
      const message = `${commonName} holds ${common}s but ${name} holds ${kind}s; labels must be all numbers or all strings`;
      throw new InvalidInputError(message, [{ path: [name], message }]);
    }
  }
  return common;
}
