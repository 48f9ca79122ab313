/**
 * `pmumap lsp` driven over stdio: initialize, didOpen (diagnostics as
 * `pmumap check FILE` has them), didChange with an error introduced and
 * fixed, hover, go to definition, document symbols, formatting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { format } from '../../packages/prettier-plugin-pmumap/src/index.js';
import { readSources } from '../../src/project/sources.ts';
import { compile } from '../../src/compile.ts';
import { inputRoles } from '../../src/syntax/roles.ts';
import { ROOT } from '../helpers.ts';
import { LspClient } from './lsp-client.ts';

const PATH = 'tables/arm64/kvm-vpmu.pmumap';
const URI = pathToFileURL(join(ROOT, PATH)).href;
const TEXT = readFileSync(join(ROOT, PATH), 'utf8');
const GOOD = 'let pmuver_limit = pmu.guest_pmuver\n';
const BAD = 'let pmuver_limit = pmu.guest_pmuvr\n';

interface Published {
  uri: string;
  diagnostics: { code: string; severity: number; message: string; range: Range }[];
}
interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: (before.at(-1) ?? '').length };
}

/** What `pmumap check tables/arm64/kvm-vpmu.pmumap` reports in that file, as LSP ranges. */
function checkDiagnostics(text: string) {
  const files = readSources(ROOT, [PATH]).map((f) => (f.path === PATH ? { ...f, text } : f));
  return compile(files)
    .diagnostics.filter((d) => d.span.file === PATH)
    .map((d) => ({
      code: d.code,
      message: d.message,
      range: { start: positionAt(text, d.span.start), end: positionAt(text, d.span.end) },
    }));
}

describe('pmumap lsp', () => {
  let client: LspClient;
  let seen = 0;
  const diagnosticsFor = async (version: number) => {
    const published = await client.next<Published>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === URI,
      seen,
    );
    seen = client.notifications.length;
    void version;
    return published.diagnostics.map(({ code, message, range }) => ({ code, message, range }));
  };

  beforeAll(async () => {
    client = new LspClient();
    const init = await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ROOT).href,
      capabilities: {},
    });
    expect(init.result).toMatchObject({
      capabilities: {
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: true,
        documentFormattingProvider: true,
      },
    });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', {
      textDocument: { uri: URI, languageId: 'pmumap', version: 1, text: TEXT },
    });
  });

  afterAll(async () => {
    await client?.close();
  });

  it('publishes the diagnostics check has on open, an error introduced by a change, and none once fixed', async () => {
    const opened = await diagnosticsFor(1);
    expect(opened).toEqual(checkDiagnostics(TEXT));

    const at = positionAt(TEXT, TEXT.indexOf(GOOD));
    const edit = (from: string, to: string, version: number) =>
      client.notify('textDocument/didChange', {
        textDocument: { uri: URI, version },
        contentChanges: [
          {
            range: { start: at, end: { line: at.line, character: at.character + from.length - 1 } },
            text: to.slice(0, -1),
          },
        ],
      });
    let started = performance.now();
    edit(GOOD, BAD, 2);
    const broken = await diagnosticsFor(2);
    const toBroken = performance.now() - started;
    const expected = checkDiagnostics(TEXT.replace(GOOD, BAD));
    expect(expected.some((d) => d.range.start.line === at.line)).toBe(true);
    expect(broken).toEqual(expected);

    started = performance.now();
    edit(BAD, GOOD, 3);
    expect(await diagnosticsFor(3)).toEqual(opened);
    // The latency an author sees after the first compile (reported, not asserted: shared CI machines).
    console.info(
      `pmumap lsp: diagnostics ${Math.round(toBroken)} ms after the edit, ${Math.round(performance.now() - started)} ms after the fix`,
    );
  });

  it('hovers a name with its declaration and the file it is in', async () => {
    const offset = TEXT.indexOf('output event : pmuv3_event') + 'output event : '.length + 2;
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri: URI },
      position: positionAt(TEXT, offset),
    });
    const value = (hover.result as { contents: { value: string } }).contents.value;
    expect(value).toContain('events pmuv3_event : 16');
    expect(value).toContain('tables/arm64/events.pmumap');
  });

  it('hovers a register with the comment above it, and a field with its bits and gate', async () => {
    const register = await client.request('textDocument/hover', {
      textDocument: { uri: URI },
      position: positionAt(TEXT, TEXT.indexOf('value : PMEVTYPER<n>_EL0') + 'value : '.length + 3),
    });
    const value = (register.result as { contents: { value: string } }).contents.value;
    expect(value).toContain('register PMEVTYPER<n>_EL0 for n in 0..30 : 64');
    expect(value).toContain('The kernel defines TC, TH, the filter bits and the event field');

    const path = join(ROOT, 'tables/arm64/pmu-registers.pmumap');
    const uri = pathToFileURL(path).href;
    const text = readFileSync(path, 'utf8');
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'pmumap', version: 1, text },
    });
    await client.next<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri, seen);
    const field = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: positionAt(text, text.indexOf('evtCountHi') + 3),
    });
    expect((field.result as { contents: { value: string } }).contents.value).toContain(
      '15:10 evtCountHi "event number bits 15:10" when FEAT_PMUv3p1\n```\nPMEVTYPER<n>_EL0 · tables/arm64/pmu-registers.pmumap',
    );
  });

  it('hovers a name a consumer step declares with the step and the comment citing its source', async () => {
    const use = TEXT.indexOf('filter_end > host_events') + 'filter_end > '.length + 2;
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri: URI },
      position: positionAt(TEXT, use),
    });
    const value = (hover.result as { contents: { value: string } }).contents.value;
    expect(value).toContain('let host_events = pmuver_limit >= PMUVer.V3P1 ? 0x10000 : 0x400');
    expect(value).toContain("The filter is sized by the host limit, not the guest's PMUVer.");
  });

  it('completes the members after Enum. and the names in scope elsewhere', async () => {
    const afterDot = TEXT.indexOf('PMUVer.IMP_DEF') + 'PMUVer.'.length;
    const members = await client.request('textDocument/completion', {
      textDocument: { uri: URI },
      position: positionAt(TEXT, afterDot),
    });
    const labels = (members.result as { label: string }[]).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['NI', 'IMP', 'IMP_DEF', 'V3P1']));
    expect(labels).not.toContain('pmuv3_event');

    const inKvm =
      TEXT.indexOf('let pmuver_limit = pmu.guest_pmuver') + 'let pmuver_limit = '.length;
    const names = await client.request('textDocument/completion', {
      textDocument: { uri: URI },
      position: positionAt(TEXT, inKvm),
    });
    const scope = (names.result as { label: string }[]).map((i) => i.label);
    expect(scope).toEqual(
      expect.arrayContaining(['pmuv3_event', 'PMUVer', 'kvm_evtype_write', 'no_pmu']),
    );
    // The interface's inputs, in a consumer that implements it.
    expect(scope).toEqual(expect.arrayContaining(['host_type', 'counter', 'filter']));
  });

  it('hovers an event with what the consumers do with it', async () => {
    const offset = TEXT.indexOf('pmuv3_event.SW_INCR') + 'pmuv3_event.SW'.length;
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri: URI },
      position: positionAt(TEXT, offset),
    });
    const value = (hover.result as { contents: { value: string } }).contents.value;
    expect(value).toContain('SW_INCR = 0x00');
    expect(value).toMatch(
      /- kvm \(tables\/arm64\/kvm-vpmu\.pmumap:\d+\): `when software: event in \{pmuv3_event\.SW_INCR, pmuv3_event\.CHAIN\} => software SOFTWARE_EMULATED/,
    );
  });

  it('goes to the definition of an enum in an imported file, and of an import', async () => {
    const offset = TEXT.indexOf('PMUVer.IMP_DEF') + 2;
    const found = await client.request('textDocument/definition', {
      textDocument: { uri: URI },
      position: positionAt(TEXT, offset),
    });
    const location = found.result as { uri: string; range: Range };
    expect(location.uri).toBe(pathToFileURL(join(ROOT, 'tables/arm64/id-registers.pmumap')).href);
    const target = readFileSync(join(ROOT, 'tables/arm64/id-registers.pmumap'), 'utf8');
    expect(target.split('\n')[location.range.start.line]).toMatch(/^enum PMUVer\b/);

    const member = await client.request('textDocument/definition', {
      textDocument: { uri: URI },
      position: positionAt(TEXT, TEXT.indexOf('PMUVer.IMP_DEF') + 'PMUVer.'.length + 2),
    });
    const memberLine = target.split('\n')[(member.result as { range: Range }).range.start.line];
    expect(memberLine).toMatch(/^\s+IMP_DEF = /);

    const imported = await client.request('textDocument/definition', {
      textDocument: { uri: URI },
      position: positionAt(TEXT, TEXT.indexOf('import "events.pmumap"') + 10),
    });
    expect((imported.result as { uri: string }).uri).toBe(
      pathToFileURL(join(ROOT, 'tables/arm64/events.pmumap')).href,
    );
  });

  it('goes to the consumer an extends or an expect names, dotted names included', async () => {
    const lines = TEXT.split('\n');
    const lineOf = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    const definition = async (offset: number) =>
      (
        (
          await client.request('textDocument/definition', {
            textDocument: { uri: URI },
            position: positionAt(TEXT, offset),
          })
        ).result as { range: Range }
      ).range.start.line;
    const extendsAt =
      TEXT.indexOf('extends kvm "KVM arm64 emulated vPMU, ≈ v5.18') + 'extends k'.length;
    expect(await definition(extendsAt)).toBe(lineOf('consumer kvm implements'));
    const expectAt = TEXT.indexOf('expect kvm-5.18:') + 'expect kvm-5.1'.length;
    expect(await definition(expectAt)).toBe(lineOf('consumer kvm-5.18 implements'));
  });

  it('lists the document symbols: declarations and what they contain', async () => {
    const symbols = await client.request('textDocument/documentSymbol', {
      textDocument: { uri: URI },
    });
    const list = symbols.result as { name: string; detail: string; children: { name: string }[] }[];
    expect(list.map((s) => s.name)).toContain('kvm_evtype_write');
    const kvm = list.find((s) => s.name === 'kvm' && s.detail === 'consumer');
    expect(kvm?.children.map((c) => c.name)).toContain('pmuver_limit');
    const iface = list.find((s) => s.name === 'kvm_evtype_write');
    expect(iface?.children.map((c) => c.name)).toContain('host_type');
  });

  it('formats through the prettier plugin', async () => {
    const uri = pathToFileURL(join(ROOT, 'scratch-unsaved.pmumap')).href;
    const text = 'enum E : 1 {   A = 0   B = 1 } // two\n';
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'pmumap', version: 1, text },
    });
    const edits = await client.request('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits.result).toEqual([
      {
        range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
        newText: format(text),
      },
    ]);
    expect(format(text)).toBe('enum E : 1 {\n  A = 0\n  B = 1\n} // two\n');
  });
});

/** A document symbol as the server sends it, children included. */
interface OutlineSymbol {
  name: string;
  detail: string;
  children: OutlineSymbol[];
}

describe('pmumap lsp: protocols, machines, whole-CPU commands and roles', () => {
  const ATTRS = 'tables/arm64/kvm-attrs.pmumap';
  const ARCH = 'tables/x86/arch.pmumap';
  const files = new Map(
    [ATTRS, ARCH, PATH].map((path) => [path, readFileSync(join(ROOT, path), 'utf8')]),
  );
  const uriOf = (path: string) => pathToFileURL(join(ROOT, path)).href;
  let client: LspClient;

  beforeAll(async () => {
    client = new LspClient();
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ROOT).href,
      capabilities: {},
    });
    client.notify('initialized', {});
    for (const [path, text] of files) {
      client.notify('textDocument/didOpen', {
        textDocument: { uri: uriOf(path), languageId: 'pmumap', version: 1, text },
      });
      await client.next<Published>('textDocument/publishDiagnostics', (p) => p.uri === uriOf(path));
    }
  });

  afterAll(async () => {
    await client?.close();
  });

  /** The position `into` characters into the first occurrence of `at` in `path`. */
  const position = (path: string, at: string, into: number) => {
    const text = files.get(path) ?? '';
    expect(text).toContain(at);
    return positionAt(text, text.indexOf(at) + into);
  };

  /** The line the definition of what is at `at` (+into) starts with, in the file it is in. */
  const definitionLine = async (path: string, at: string, into: number) => {
    const found = await client.request('textDocument/definition', {
      textDocument: { uri: uriOf(path) },
      position: position(path, at, into),
    });
    const location = found.result as { uri: string; range: Range } | null;
    if (!location) return 'no definition';
    const target = readFileSync(new URL(location.uri), 'utf8');
    return target.split('\n')[location.range.start.line]?.trim() ?? '';
  };

  const hoverText = async (path: string, at: string, into: number) => {
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri: uriOf(path) },
      position: position(path, at, into),
    });
    return (hover.result as { contents: { value: string } } | null)?.contents.value ?? '';
  };

  const completions = async (path: string, at: string, into: number) => {
    const list = await client.request('textDocument/completion', {
      textDocument: { uri: uriOf(path) },
      position: position(path, at, into),
    });
    return (list.result as { label: string }[]).map((i) => i.label);
  };

  it("goes from a machine step to its protocol's call, state, errno, host record and parameter", async () => {
    const step = 'on vcpu.set when created: vcpu.created => -EBUSY';
    expect(await definitionLine(ATTRS, step, 'on vcpu.s'.length)).toMatch(/^call vcpu\.set\(/);
    expect(await definitionLine(ATTRS, step, 'on vcpu.set when created: vcpu.cr'.length)).toMatch(
      /^state vcpu created : bool/,
    );
    expect(await definitionLine(ATTRS, step, step.length - 2)).toMatch(/^errno EBUSY = 16/);
    const probe = 'let pmu_now = vm.pmu != 0 ? vm.pmu : host.pmu.first';
    expect(await definitionLine(ATTRS, probe, 'let pmu_now = vm.p'.length)).toMatch(
      /^state vm pmu : u32/,
    );
    expect(await definitionLine(ATTRS, probe, probe.length - 'u.first'.length)).toMatch(
      /^host pmu\(type : u32/,
    );
    // `value` is vcpu.set's parameter: the call declares it.
    const ppi = 'on vcpu.set let ppi = value in 16..31';
    expect(await definitionLine(ATTRS, ppi, 'on vcpu.set let ppi = va'.length)).toMatch(
      /^call vcpu\.set\(attr : KvmPmuAttr, value : u64/,
    );
    // Three calls have `attr`: the step's own.
    const get = 'on vcpu.get when get_irq_unset: attr == KvmPmuAttr.IRQ';
    expect(await definitionLine(ATTRS, get, 'on vcpu.get when get_irq_unset: at'.length)).toMatch(
      /^call vcpu\.get\(attr : KvmPmuAttr\)/,
    );
  });

  it('goes from a machine header to its protocol and parent, and from a drop to the step of an ancestor', async () => {
    const header = 'machine kvm-6.7 implements kvm_vcpu_pmu extends kvm "';
    expect(await definitionLine(ATTRS, header, 'machine kvm-6.7 implements kvm_v'.length)).toMatch(
      /^protocol kvm_vcpu_pmu on arm64/,
    );
    expect(await definitionLine(ATTRS, header, header.length - 3)).toMatch(
      /^machine kvm implements kvm_vcpu_pmu/,
    );
    // kvm-5.18 extends kvm-6.7 extends kvm, whose step it drops.
    expect(await definitionLine(ATTRS, 'drop no_default_pmu', 'drop no_def'.length)).toMatch(
      /^on vcpu\.init when no_default_pmu:/,
    );
  });

  it("goes from a whole-CPU command's slot to its interface and to that interface's consumer of the name", async () => {
    const slot = 'perf = intel_cpu_perf default linux-perf';
    expect(await definitionLine(ARCH, slot, 'perf = intel_cpu_p'.length)).toMatch(
      /^interface intel_cpu_perf\b/,
    );
    // amd.pmumap (imported first) has a linux-perf too, implementing amd_cpu_perf.
    expect(await definitionLine(ARCH, slot, slot.length - 3)).toMatch(
      /^consumer linux-perf implements intel_cpu_perf\b/,
    );
    const generic = 'generic = intel_cpu_generic default linux-perf';
    expect(await definitionLine(ARCH, generic, generic.length - 3)).toMatch(
      /^consumer linux-perf implements intel_cpu_generic\b/,
    );
  });

  it('hovers a protocol state with its declaration, protocol and comment-free description', async () => {
    const value = await hoverText(ATTRS, 'vm.has_run', 'vm.has_'.length);
    expect(value).toContain('state vm has_run : bool = false "a vCPU has run');
    expect(value).toContain(`kvm_vcpu_pmu · ${ATTRS}`);
  });

  it('hovers an attribute with the machine steps that test it', async () => {
    const value = await hoverText(ATTRS, 'attr == KvmPmuAttr.IRQ', 'attr == KvmPmuAttr.IR'.length);
    expect(value).toContain('IRQ');
    expect(value).toMatch(
      /- kvm \(tables\/arm64\/kvm-attrs\.pmumap:\d+\): `on vcpu\.set when irq_no_irqchip: attr == KvmPmuAttr\.IRQ/,
    );
  });

  it('completes vm., vcpu. and host. in a machine from its protocol', async () => {
    const step = 'on vcpu.set when created: vcpu.created => -EBUSY';
    const vcpu = await completions(ATTRS, step, 'on vcpu.set when created: vcpu.'.length);
    expect(vcpu).toEqual(expect.arrayContaining(['created', 'irq', 'inited', 'set', 'run']));
    expect(vcpu).not.toContain('has_run');
    const probe = 'let pmu_now = vm.pmu != 0 ? vm.pmu : host.pmu.first';
    const vm = await completions(ATTRS, probe, 'let pmu_now = vm.'.length);
    expect(vm).toEqual(expect.arrayContaining(['pmu', 'has_run', 'irqchip']));
    expect(vm).not.toContain('irq');
    expect(await completions(ATTRS, probe, probe.indexOf('host.') + 5)).toEqual(['pmu']);
    // Elsewhere in a machine: the protocol's errnos and the parent's labels too.
    const names = await completions(ATTRS, 'drop no_default_pmu', 'drop '.length);
    expect(names).toEqual(expect.arrayContaining(['EBUSY', 'vcpu.set', 'no_default_pmu']));
  });

  it('lists protocols, machines and a whole-CPU command with what they declare', async () => {
    const symbols = async (path: string) =>
      (
        await client.request('textDocument/documentSymbol', {
          textDocument: { uri: uriOf(path) },
        })
      ).result as OutlineSymbol[];
    const attrs = await symbols(ATTRS);
    const protocol = attrs.find((s) => s.name === 'kvm_vcpu_pmu');
    expect(protocol?.detail).toBe('protocol');
    const kinds = new Map(protocol?.children.map((c) => [c.name, c.detail]));
    expect(kinds.get('EBUSY')).toBe('errno');
    expect(kinds.get('has_run')).toBe('state');
    expect(kinds.get('vcpu.set')).toBe('call');
    // `pmu` is both a host record and a vm state.
    expect(protocol?.children.filter((c) => c.name === 'pmu').map((c) => c.detail)).toEqual([
      'host',
      'state',
    ]);
    const machine = attrs.find((s) => s.name === 'kvm' && s.detail === 'machine');
    expect(machine?.children.map((c) => c.name)).toEqual(
      expect.arrayContaining(['features_differ', 'created', 'pmu_now']),
    );
    // Effects assign states; they declare nothing.
    expect(machine?.children.map((c) => c.name)).not.toContain('inited');

    const arch = (await symbols(ARCH)).find((s) => s.name === 'x86');
    const cpu = arch?.children.find((c) => c.name === 'cpu');
    expect(cpu?.detail).toBe('cpuCommands');
    const intel = cpu?.children.find((c) => c.name === 'for X86Vendor.INTEL');
    expect(intel?.children.map((c) => c.name)).toEqual(['perf', 'generic', 'guest']);
  });

  it('hovers and completes roles with what reads them', async () => {
    const output = 'output event : pmuv3_event role event';
    const hover = await hoverText(PATH, output, output.length - 2);
    expect(hover).toContain('output role');
    expect(hover).toContain("the `event` key of a command's --json answer");
    const roles = await completions(PATH, output, output.length - 'event'.length);
    expect(roles).toEqual(expect.arrayContaining(['event', 'stored', 'fixed', 'guest']));
    expect(roles).not.toContain('hypervisor');
    const input = 'input counter : u8 in 0..32 role counter';
    expect(await completions(PATH, input, input.length - 'counter'.length)).toEqual(
      Object.keys(inputRoles),
    );
  });
});
