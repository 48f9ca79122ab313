/**
 * `role NAME` on an interface input or output: the roles are a word list of
 * the language (src/syntax/roles.ts), not declarations in the tables, so the
 * server hovers them with what reads them and completes them from that list.
 */
import { inputRoles, outputRoles, type RoleSpec } from '../syntax/roles.ts';

export interface RoleUse {
  readonly name: string;
  /** Whether the line declares an input or an output. */
  readonly on: 'input' | 'output';
  /** Undefined for a word that is not a role of that side. */
  readonly spec?: RoleSpec;
}

/** The roles of an input or output line (`  output event : E role `), if the line is one. */
function sideOf(line: string): 'input' | 'output' | undefined {
  const m = /^\s*(input|output)\b/.exec(line);
  return m?.[1] === 'input' || m?.[1] === 'output' ? m[1] : undefined;
}

const specOf = (on: 'input' | 'output', name: string): RoleSpec | undefined => {
  const roles: Readonly<Record<string, RoleSpec>> = on === 'input' ? inputRoles : outputRoles;
  return Object.hasOwn(roles, name) ? roles[name] : undefined;
};

/** The role named at `column` of `line` (`role event`), or undefined when the word there is not one. */
export function roleAt(line: string, start: number, name: string): RoleUse | undefined {
  const on = sideOf(line);
  if (on === undefined || !/\brole\s+$/.test(line.slice(0, start))) return undefined;
  const spec = specOf(on, name);
  return spec ? { name, on, spec } : { name, on };
}

/** The roles to complete after `role ` on an input or output line, with what reads each. */
export function rolesToComplete(
  lineBefore: string,
): { name: string; spec: RoleSpec }[] | undefined {
  const on = sideOf(lineBefore);
  if (on === undefined || !/\brole\s+[A-Za-z_0-9]*$/.test(lineBefore)) return undefined;
  const roles: Readonly<Record<string, RoleSpec>> = on === 'input' ? inputRoles : outputRoles;
  return Object.entries(roles).map(([name, spec]) => ({ name, spec }));
}

/** A role's hover: what it is and who reads it. */
export function roleHover(role: RoleUse): string {
  const head = ['```pmumap', `${role.on} … role ${role.name}`, '```'];
  if (!role.spec) return [...head, `not a role of an ${role.on} (src/syntax/roles.ts)`].join('\n');
  const type = role.spec.type === 'any' ? 'any type' : `type: ${role.spec.type}`;
  return [...head, `${role.on} role · ${type}`, '', role.spec.doc].join('\n');
}
