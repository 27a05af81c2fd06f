/**
 * The link through which SHAP values are additive (shap's `links.identity` / `links.logit`):
 * identity explains the model's output as is; logit explains log(p / (1 − p)) of a probability.
 */
export type LinkName = 'identity' | 'logit';

export function applyLink(link: LinkName, v: number): number {
  return link === 'identity' ? v : Math.log(v / (1 - v));
}
