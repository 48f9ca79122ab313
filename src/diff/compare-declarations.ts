/**
 * What a version declares that the other does not: archs, pmus, refusal
 * reasons, host rules (device and marker globs, the devices/plan rules, the CPU
 * identification file, the guest's modes) and examples. Compared by name
 * and meaning, never by file or line, so a copy of the same tables at
 * another path gives nothing here. A host item whose meaning changed under
 * the same name is one removed and one added.
 */
import type { MArch, Model } from '../model/model.ts';

export interface Declared {
  readonly subject: string;
  readonly text: string;
  readonly origin: string;
}

export interface DeclarationChanges {
  readonly added: Declared[];
  readonly removed: Declared[];
}

export type DeclarationKind = 'archs' | 'pmus' | 'reasons' | 'hostRules' | 'examples';

function hostRules(arch: MArch): Declared[] {
  const h = arch.host;
  if (!h) return [];
  const origin = arch.origin;
  const rules: Declared[] = h.devices.map((d) => ({
    subject: `${arch.name} host device "${d.pattern}"${d.when ? ` when ${d.when.dir} ${d.when.name} = "${d.when.glob}"` : ''}`,
    text: d.pmu,
    origin,
  }));
  for (const m of h.markers ?? [])
    rules.push({
      subject: `${arch.name} host marker "${m.pattern}"${m.when ? ` when ${m.when.dir} ${m.when.name} = "${m.when.glob}"` : ''}`,
      text: m.absent,
      origin,
    });
  for (const r of h.rules)
    rules.push({
      subject: `${arch.name} host ${r.role}`,
      text: `${r.interface} default ${r.consumer}`,
      origin,
    });
  if (h.cpu)
    rules.push({
      subject: `${arch.name} host cpu "${h.cpu.path}"`,
      text: `& ${h.cpu.mask} = ${h.cpu.enum}`,
      origin,
    });
  for (const m of h.guest?.modes ?? [])
    rules.push({
      subject: `${arch.name} host guest ${m.plan}`,
      text: `${h.guest?.command ?? ''} in mode ${m.mode}`,
      origin,
    });
  return rules;
}

export function declarationsOf(model: Model): Record<DeclarationKind, Declared[]> {
  return {
    archs: model.archs.map((a) => ({ subject: a.name, text: a.doc ?? a.name, origin: a.origin })),
    pmus: model.pmus.map((p) => ({
      subject: p.name,
      text: `${p.parent ? `extends ${p.parent}, ` : ''}${p.counters.length} counter range(s)`,
      origin: p.origin,
    })),
    reasons: model.reasons.map((r) => ({
      subject: `${r.group}.${r.code}`,
      text: r.doc,
      origin: r.origin,
    })),
    hostRules: model.archs.flatMap(hostRules),
    examples: model.examples.map((x) => ({
      subject: `${x.on}: ${x.title}`,
      text: `${x.expects.length} expectation(s)`,
      origin: x.origin,
    })),
  };
}

/** Items of each kind only one version declares (same subject, other meaning: both). */
export function compareDeclarations(
  a: Model,
  b: Model,
): Record<DeclarationKind, DeclarationChanges> {
  const da = declarationsOf(a);
  const db = declarationsOf(b);
  const out = {} as Record<DeclarationKind, DeclarationChanges>;
  for (const kind of Object.keys(da) as DeclarationKind[]) {
    const meaning = (d: Declared) => `${d.subject}\0${kind === 'hostRules' ? d.text : ''}`;
    const ka = new Set(da[kind].map(meaning));
    const kb = new Set(db[kind].map(meaning));
    out[kind] = {
      added: db[kind].filter((d) => !ka.has(meaning(d))),
      removed: da[kind].filter((d) => !kb.has(meaning(d))),
    };
  }
  return out;
}
