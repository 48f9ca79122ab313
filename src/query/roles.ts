/**
 * Finding what a command reads in an interface by its declared role
 * (src/syntax/roles.ts), never by the item's name.
 */
import type { MInterface } from '../model/model.ts';
import type { InputRole, OutputRole } from '../syntax/roles.ts';

type Output = MInterface['outputs'][number];
type Input = MInterface['inputs'][number];

/** The output of `iface` with `role` (the first, for `guest`; otherwise the only one: PM2352). */
export function outputWithRole(
  iface: MInterface | undefined,
  role: OutputRole,
): Output | undefined {
  return iface?.outputs.find((o) => o.role === role);
}

/** Every output of `iface` with `role` (the registers of a guest leaf). */
export function outputsWithRole(iface: MInterface | undefined, role: OutputRole): Output[] {
  return iface?.outputs.filter((o) => o.role === role) ?? [];
}

/** The input of `iface` with `role` (the only one: PM2352). */
export function inputWithRole(iface: MInterface | undefined, role: InputRole): Input | undefined {
  return iface?.inputs.find((i) => i.role === role);
}
