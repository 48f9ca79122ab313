/**
 * An unknown `--vendor` is one line and exit 2, naming the closest vendor
 * string the tables declare (tables/x86/arch.pmumap `command cpu`'s `for`
 * blocks, each X86Vendor member by its doc in tables/x86/cpu.pmumap). Before,
 * `cpu x86 --vendor GenuineIotel` answered nothing, exit 0, with only the
 * warning "the tables bind no interfaces to this CPU's vendor".
 */
import { describe, expect, it } from 'vitest';
import { declaredVendorStrings } from '../../src/query/cpu/known-vendor.ts';
import { rawCpuValues } from '../../src/query/cpu/raw-cpu.ts';
import { shipped } from '../helpers.ts';
import { cli } from './run-cli.ts';

const EXPECTED =
  "(expected 'GenuineIntel', 'AuthenticAMD', 'HygonGenuine', '  Shanghai  ', 'CentaurHauls')";

describe('an unknown --vendor', () => {
  it('cpu x86: one line, exit 2, the closest declared vendor string', async () => {
    const r = await cli([
      'cpu',
      'x86',
      '--vendor',
      'GenuineIotel',
      '--family',
      '6',
      '--model',
      '0x55',
    ]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `pmumap: --vendor 'GenuineIotel': the tables answer for no such vendor; did you mean 'GenuineIntel'? ${EXPECTED}\n`,
    );
  });

  it('generic x86 (identity cpu.generic): the same', async () => {
    const r = await cli([
      'generic',
      'x86',
      '--vendor',
      'AuthenticAMX',
      '--family',
      '0x19',
      '--model',
      '1',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `pmumap: --vendor 'AuthenticAMX': the tables answer for no such vendor; did you mean 'AuthenticAMD'? ${EXPECTED}\n`,
    );
  });

  it('takes the vendor strings from the tables, each read back as its vendor by x86_identity', () => {
    const { model, tables } = shipped();
    const command = model.archs.flatMap((a) => a.cpuCommands ?? []).find((c) => c.name === 'cpu')!;
    // The other registers x86_identity reads (CPUID.1's signature) from --family 6 --model 0x55.
    const given = new Map([
      ['family', 6n],
      ['model', 0x55n],
    ]);
    const values = rawCpuValues(model, tables, command, {
      vendor: 'GenuineIntel',
      given,
      registers: new Map(),
    });
    expect(declaredVendorStrings(model, tables, command, values)).toEqual([
      'GenuineIntel',
      'AuthenticAMD',
      'HygonGenuine',
      '  Shanghai  ',
      'CentaurHauls',
    ]);
  });
});
