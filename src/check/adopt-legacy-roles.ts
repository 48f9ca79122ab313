/**
 * Tables written before roles existed still compile, so that `pmumap diff
 * OLD:tables NEW:tables` and a user's own tables keep working across the
 * change that made contracts declarations (issue 16 item 2).
 *
 * Before roles, `pmumap host` read the interfaces of `host devices`, `host
 * plan` and `host guest` rules by their items' names (`plan`, `why`,
 * `set_pmu`, `compatible`, the input `counter`), and tables without those
 * roles now fail PM2353 or PM2359. So such an
 * interface, when none of its items declares a role, is read the way those
 * tables meant: each item named like a role word of the language
 * (src/syntax/roles.ts) takes that role. One warning (PM2344) per interface
 * says which, so the author can declare them. An interface that declares
 * any role is taken at its word, and interfaces that no host rule binds are
 * left alone: a missing role there costs a JSON key, not the compile.
 *
 * The roles are written into the AST before the other passes run, so the
 * contract checks and the model builder see one set of roles. The inferred
 * Ident carries `legacy: true`, so a second check of the same AST (the
 * language server re-checks) still recognises and reports them.
 */
import type * as A from '../syntax/ast.ts';
import { inputRoles, outputRoles } from '../syntax/roles.ts';
import type { CheckContext } from './context.ts';
import { declsOf } from './context.ts';

type LegacyIdent = A.Ident & { readonly legacy?: true };

function legacyRoleName(item: A.InterfaceItem): string | undefined {
  const name = item.name?.name;
  if (!name) return undefined;
  const words = item.kind === 'input' ? inputRoles : outputRoles;
  return Object.hasOwn(words, name) ? name : undefined;
}

export function adoptLegacyRoles(ctx: CheckContext): void {
  const bound = new Set(declsOf(ctx.files, 'arch').flatMap(hostInterfaces));
  for (const iface of declsOf(ctx.files, 'interface')) {
    if (!bound.has(iface.name.name)) continue;
    const items = iface.items.filter((i) => i.kind !== 'outcome');
    const declared = items.some((i) => i.role && !(i.role as LegacyIdent).legacy);
    if (declared) continue;
    const adopted: string[] = [];
    for (const item of items) {
      const role = item.role ?? inferRole(item);
      if (role) adopted.push(`${item.name?.name ?? ''} as ${role.name}`);
    }
    if (adopted.length > 0)
      ctx.bag.report('LegacyRoles', iface.name.span, [iface.name.name, adopted.join(', ')]);
  }
}

/** The interfaces an arch's host rules read: `host devices|plan` and the `host guest` command's. */
function hostInterfaces(arch: A.ArchDecl): string[] {
  return arch.host.flatMap((r) => {
    if (r.item === 'rule') return [r.iface.name];
    if (r.item !== 'guest') return [];
    const command = arch.commands.find((c) => c.name.name === r.command.name);
    return command ? [command.iface.name] : [];
  });
}

/** Writes the inferred role into the item (the AST is otherwise read-only). */
function inferRole(item: A.InterfaceItem): LegacyIdent | undefined {
  const name = legacyRoleName(item);
  if (!name || !item.name) return undefined;
  const role: LegacyIdent = { name, span: item.name.span, legacy: true };
  (item as { role?: A.Ident }).role = role;
  return role;
}
