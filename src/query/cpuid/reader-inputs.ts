/**
 * What tells two CPUs of a dump apart for `cpuid LEAF --dump`: the leaf's
 * own registers (the decoded fields) and the inputs every interface that
 * reads the leaf is given (bindInputs: whole registers an input is typed
 * by, single bits for boolean inputs). A register no reader takes, such as
 * the APIC id in CPUID.1:EBX, does not split CPUs into separate answers.
 */
import type { MInterface, Model } from '../../model/model.ts';
import type { Value } from '../../runtime/values.ts';
import { formatValue } from '../../runtime/values.ts';
import { wholeCpuInterfaces } from '../cpu/cpu-interfaces.ts';
import { bindInputs, leafRegisters, type LeafValues } from './leaf-answer.ts';

export function readerInputsKey(model: Model, leaf: bigint, values: LeafValues): string {
  const regs = leafRegisters(model, leaf);
  const own = regs.map((r) => `${r.name}=${values.get(r.name) ?? ''}`);
  const read = model.interfaces
    .filter(
      (iface) =>
        iface.inputs.some((i) => regs.some((r) => r.name === i.type)) &&
        !wholeCpuInterfaces(model).has(iface.name),
    )
    .map((iface) => {
      // An input the dump lacks runs with its default: a CPU whose dump
      // omits a leaf is told apart only if the default differs from the
      // other CPU's value.
      const inputs: Record<string, Value> = { ...constantDefaults(iface) };
      Object.assign(inputs, bindInputs(model, iface, values, {}));
      return `${iface.name}(${Object.keys(inputs)
        .sort()
        .map((k) => `${k}=${formatValue(inputs[k]!)}`)
        .join(',')})`;
    });
  return [...own, ...read].join(';');
}

/** The inputs whose default is a constant, at that constant. */
function constantDefaults(iface: MInterface): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const i of iface.inputs) {
    if (i.default?.op === 'const') out[i.name] = BigInt(i.default.value);
    else if (i.default?.op === 'bool') out[i.name] = i.default.value;
  }
  return out;
}
