/**
 * The CPUID leaf a question that names none is about: the one an arch
 * declares with `default leaf LEAF` (at most one arch may, PM2356).
 */
import type { Model } from '../../model/model.ts';

export function defaultLeaf(model: Model): bigint | undefined {
  const declared = model.archs.find((a) => a.defaultLeaf !== undefined)?.defaultLeaf;
  return declared === undefined ? undefined : BigInt(declared);
}
