/**
 * Where the vendor data lives: $PMUMAP_VENDOR_DATA, else ../shared/data
 * beside the repository (the developers' layout), else /work/shared/data
 * (where a CI clone elsewhere on the same machine finds it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';

export const VENDOR_DATA =
  process.env['PMUMAP_VENDOR_DATA'] ??
  [join(ROOT, '../shared/data'), '/work/shared/data'].find((d) =>
    existsSync(join(d, 'intel-perfmon')),
  ) ??
  join(ROOT, '../shared/data');
