/**
 * `pmumap cpuid LEAF (--eax X --ebx X --ecx X --edx X [--hypervisor] | --dump FILE) [--consumer NAME]... [--json]`
 * and `pmumap cpuid disagree [--consumers a,b,...] [--json]`: what a CPUID
 * leaf means to every reader the tables model, from registers given on the
 * command line or from real dumps; and every class of inputs on which
 * readers disagree.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Model } from '../../model/model.ts';
import { loadTables } from '../../runtime/tables.ts';
import type { Value } from '../../runtime/values.ts';
import { EvalError } from '../../runtime/values.ts';
import type { ParsedArgs } from '../args.ts';
import { single, UsageError } from '../args.ts';
import { disagreements, formatDisagreements } from '../cpuid/disagree.ts';
import { leafOf, parseDump } from '../cpuid/dump.ts';
import type { LeafValues } from '../cpuid/report.ts';
import { buildReport, cpuidRegisters, leafRegisters } from '../cpuid/report.ts';
import { formatReport } from '../cpuid/format-report.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';

const NUM = /^(0x[0-9a-f_]+|\d+)$/i;

function parseU32(text: string, what: string): bigint {
  if (!NUM.test(text))
    throw new UsageError(`${what}: expected a 32-bit number (decimal or 0x), found '${text}'`);
  const v = BigInt(text.replace(/_/g, ''));
  if (v >= 1n << 32n) throw new UsageError(`${what}: ${text} does not fit in 32 bits`);
  return v;
}

/** The values of every cpuid register the tables declare, read from one dump CPU. */
function valuesFromDump(model: Model, cpu: Parameters<typeof leafOf>[0]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const index = { eax: 0, ebx: 1, ecx: 2, edx: 3 } as const;
  for (const reg of cpuidRegisters(model)) {
    if (!reg.cpuid) continue;
    const regs = leafOf(
      cpu,
      Number(BigInt(reg.cpuid.leaf)),
      Number(BigInt(reg.cpuid.subleaf ?? '0x0')),
    );
    const i = index[reg.cpuid.reg as keyof typeof index];
    if (regs && i !== undefined) out.set(reg.name, BigInt(regs[i]));
  }
  return out;
}

/** The options `pmumap cpuid` takes (besides --no-cache and --help). */
export const CPUID_OPTIONS = {
  json: 'flag',
  eax: 'value',
  ebx: 'value',
  ecx: 'value',
  edx: 'value',
  hypervisor: 'flag',
  dump: 'value',
  consumer: 'value',
  consumers: 'value',
} as const;

export async function cpuidCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const [leafText, ...paths] = args.positionals;
  if (!leafText) throw new UsageError('cpuid needs a leaf (e.g. 0xa) or "disagree"');
  const loaded = await loadModel(io, paths, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const model = loaded.model;
  const tables = loadTables(model);
  const json = args.flags.has('json');

  if (leafText === 'disagree') {
    const list = single(args, 'consumers')
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const found = disagreements(model, tables, list ?? []);
    io.stdout(json ? JSON.stringify(found, null, 2) + '\n' : formatDisagreements(found));
    return 0;
  }

  if (!NUM.test(leafText))
    throw new UsageError(`expected a leaf number like 0xa or "disagree", found '${leafText}'`);
  const leaf = BigInt(leafText);
  const regs = leafRegisters(model, leaf);
  if (regs.length === 0) {
    const leaves = [...new Set(cpuidRegisters(model).map((r) => r.cpuid?.leaf))].join(', ');
    throw new UsageError(
      `the tables describe no CPUID leaf ${leafText} (expected one of ${leaves})`,
    );
  }
  const consumers = args.options.get('consumer') ?? [];
  const given: Record<string, Value> = args.flags.has('hypervisor') ? { hypervisor: true } : {};
  try {
    const dump = single(args, 'dump');
    if (dump !== undefined) {
      let text: string;
      try {
        // /dev/cpu/N/cpuid is read at offsets, not as text (a sequential read never ends).
        text = /^\/dev\/cpu\/\d+\/cpuid$/.test(dump)
          ? await deviceDump(model, dump)
          : readFileSync(dump, 'utf8');
      } catch (e) {
        throw new UsageError(
          `cannot read --dump '${dump}': ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
        );
      }
      const answers = dumpAnswers(model, tables, leaf, text, consumers);
      if (answers.length === 0) {
        io.stderr(`pmumap: ${dump}: no CPU in the dump reports CPUID leaf ${leafText}\n`);
        return 1;
      }
      io.stdout(
        json
          ? JSON.stringify(
              { dump, answers: answers.map((a) => ({ cpus: a.cpus, ...a.report.json })) },
              null,
              2,
            ) + '\n'
          : answers
              .map((a) => `${a.cpus.join(', ')}:\n${formatReport(model, a.values, regs, a.report)}`)
              .join('\n'),
      );
      return 0;
    }
    const values = new Map<string, bigint>();
    for (const reg of regs) {
      const name = reg.cpuid?.reg ?? '';
      const text = single(args, name);
      if (text === undefined)
        throw new UsageError(
          `cpuid ${leafText} needs --eax, --ebx, --ecx and --edx (or --dump FILE); --${name} is missing`,
        );
      values.set(reg.name, parseU32(text, `--${name}`));
    }
    const report = buildReport(model, tables, leaf, values, given, { consumers });
    io.stdout(
      json
        ? JSON.stringify(report.json, null, 2) + '\n'
        : formatReport(model, values, regs, report),
    );
    return 0;
  } catch (e) {
    if (e instanceof EvalError) {
      io.stderr(`pmumap: cannot evaluate: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/**
 * Read the leaves the tables declare from a /dev/cpu/N/cpuid device (16
 * bytes at offset leaf | subleaf << 32) and render them as `cpuid -r` lines.
 * The reads run in a child process with a time limit: some kernels and
 * sandboxes block on this device, and pmumap must never hang.
 */
async function deviceDump(model: Model, path: string): Promise<string> {
  const leaves = [
    [0, 0],
    ...cpuidRegisters(model).map((r) => [
      Number(BigInt(r.cpuid?.leaf ?? '0')),
      Number(BigInt(r.cpuid?.subleaf ?? '0')),
    ]),
  ];
  const unique = [...new Map(leaves.map((l) => [l.join(':'), l])).values()];
  const script = `const fs=require('fs');const fd=fs.openSync(process.argv[1],'r');for(const a of process.argv.slice(2)){const [l,s]=a.split(':').map(Number);const b=Buffer.alloc(16);if(fs.readSync(fd,b,0,16,BigInt(l)|(BigInt(s)<<32n))===16){const h=(i)=>'0x'+b.readUInt32LE(i).toString(16).padStart(8,'0');console.log('   0x'+l.toString(16).padStart(8,'0')+' 0x'+s.toString(16).padStart(2,'0')+': eax='+h(0)+' ebx='+h(4)+' ecx='+h(8)+' edx='+h(12));}}`;
  return await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, path, ...unique.map((l) => l.join(':'))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const fail = (code: string): void => {
      const e = new Error(code) as NodeJS.ErrnoException;
      e.code = code;
      reject(e);
    };
    // A read stuck in the kernel cannot be interrupted: give up on the child
    // and let this process exit without it.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      child.unref();
      child.stdout.destroy();
      child.stderr.destroy();
      fail('ETIMEDOUT (the device did not answer within 5 s)');
    }, 5000);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status === 0) resolve(out);
      else fail(err.match(/E[A-Z]{2,}/)?.[0] ?? 'error');
    });
  });
}

/** One answer per distinct set of register values among the dump's CPUs. */
export function dumpAnswers(
  model: Model,
  tables: ReturnType<typeof loadTables>,
  leaf: bigint,
  text: string,
  consumers: readonly string[],
) {
  const regs = leafRegisters(model, leaf);
  const groups = new Map<string, { cpus: string[]; values: LeafValues }>();
  for (const cpu of parseDump(text)) {
    const values = valuesFromDump(model, cpu);
    if (!regs.every((r) => values.has(r.name))) continue;
    const key = [...values]
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const g = groups.get(key);
    if (g) g.cpus.push(cpu.label);
    else groups.set(key, { cpus: [cpu.label], values });
  }
  return [...groups.values()].map((g) => ({
    ...g,
    report: buildReport(model, tables, leaf, g.values, {}, { consumers }),
  }));
}
