import type { Tags } from '../common.js';

// Readers of JSON columns shared by several entities' mappers (rows → domain objects).

export function toTags(value: unknown): Tags {
  const tags: Tags = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, tag] of Object.entries(value)) {
      if (typeof tag === 'string') tags[key] = tag;
    }
  }
  return tags;
}
