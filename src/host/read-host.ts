/**
 * Read a host's perf PMU devices and CPUs from sysfs
 * (Documentation/ABI/testing/sysfs-bus-event_source-devices*,
 * sysfs-devices-system-cpu). Every file that is missing, empty,
 * unreadable or malformed becomes a problem in the result; nothing is
 * fatal, so a partial tree still gives a partial answer.
 */
import type { ReadResult, SysfsSource } from './sysfs-source.ts';
import { parseCpuList } from './cpu-list.ts';

export const DEVICES_DIR = 'bus/event_source/devices';
export const CPU_DIR = 'devices/system/cpu';

export type ProblemKind =
  | 'missing'
  | 'empty'
  | 'unreadable'
  | 'not-a-number'
  | 'bad-cpu-list'
  | 'bad-hex'
  | 'bad-event'
  /** Two architectures recognise the host equally well (src/query/host-plan.ts). */
  | 'ambiguous-arch';

export interface Problem {
  /** Relative to the sysfs root. */
  readonly path: string;
  readonly kind: ProblemKind;
  readonly detail: string;
}

export interface SysfsDevice {
  readonly name: string;
  readonly hasTypeFile: boolean;
  /** The perf type, when `type` holds a decimal number. */
  readonly type?: number;
  /** The `cpus` file's CPUs (core PMUs), when it exists and parses. */
  readonly cpus?: readonly number[];
  readonly hasCpusFile: boolean;
  /** The `cpumask` file's CPUs (uncore PMUs: where events are opened). */
  readonly cpumask?: readonly number[];
  readonly caps: Readonly<Record<string, string>>;
  /** Event name -> its definition ("event=0x11"), from events/. */
  readonly events: Readonly<Record<string, string>>;
  readonly formats: Readonly<Record<string, string>>;
}

export interface SysfsHost {
  readonly origin: string;
  readonly devices: readonly SysfsDevice[];
  readonly possible: readonly number[];
  readonly online: readonly number[];
  /** Per CPU, the value of each identification file asked for (path -> value). */
  readonly cpuIds: ReadonlyMap<number, ReadonlyMap<string, bigint>>;
  readonly problems: readonly Problem[];
}

class Reader {
  readonly problems: Problem[] = [];
  readonly source: SysfsSource;
  constructor(source: SysfsSource) {
    this.source = source;
  }

  /** A file's text, trimmed; undefined (and a problem unless `optional`) when there is none. */
  text(path: string, optional = false, r: ReadResult = this.source.read(path)): string | undefined {
    if (r.kind === 'missing') {
      if (!optional) this.problem(path, 'missing', 'the file does not exist');
      return undefined;
    }
    if (r.kind === 'unreadable') {
      this.problem(path, 'unreadable', r.why);
      return undefined;
    }
    const t = r.text.trim();
    if (t === '') {
      this.problem(path, 'empty', 'the file is empty');
      return undefined;
    }
    return t;
  }

  cpuList(path: string, optional = false, res?: ReadResult): number[] | undefined {
    const t = this.text(path, optional, res);
    if (t === undefined) return undefined;
    const r = parseCpuList(t);
    if (!r.ok) {
      this.problem(path, 'bad-cpu-list', r.why);
      return undefined;
    }
    return [...r.cpus];
  }

  problem(path: string, kind: ProblemKind, detail: string): void {
    this.problems.push({ path, kind, detail });
  }

  /** Every file of a directory as name -> trimmed text (subdirectories and dotted names skipped). */
  files(
    dir: string,
    check?: (name: string, text: string) => string | undefined,
  ): Record<string, string> {
    // No prototype: a file named __proto__ or constructor is a name like any other.
    const out = Object.create(null) as Record<string, string>;
    for (const name of this.source.list(dir) ?? []) {
      // events/<name>.scale, .unit, .per-pkg qualify an event; they are not events.
      if (name.includes('.')) continue;
      const path = `${dir}/${name}`;
      const r = this.source.read(path);
      if (r.kind === 'unreadable' && r.why === 'EISDIR') continue;
      const t = this.text(path, false, r);
      if (t === undefined) continue;
      const bad = check?.(name, t);
      if (bad) this.problem(path, 'bad-event', bad);
      else out[name] = t;
    }
    return out;
  }
}

/** An event definition: comma-separated terms, each `name` or `name=value` (perf's sysfs event syntax). */
function eventProblem(_name: string, text: string): string | undefined {
  const term = /^[A-Za-z_][A-Za-z0-9_]*(=(0x[0-9a-fA-F]+|[0-9]+|\?))?$/;
  return text.split(',').every((t) => term.test(t.trim()))
    ? undefined
    : `'${text}' is not a list of terms like event=0x11`;
}

function readDevice(r: Reader, name: string): SysfsDevice {
  const dir = `${DEVICES_DIR}/${name}`;
  // One listing says which optional files a device has, so a host with
  // 100,000 devices does not try (and fail) to open their absent files.
  // Without a listing (a snapshot from before), every file is tried.
  const entries = r.source.list(dir);
  const present = entries ? new Set(entries) : undefined;
  const has = (file: string): boolean => present === undefined || present.has(file);
  const none = (): Record<string, string> => Object.create(null) as Record<string, string>;
  const typeText = r.text(`${dir}/type`);
  let type: number | undefined;
  if (typeText !== undefined) {
    if (/^\d{1,10}$/.test(typeText) && Number(typeText) <= 0xffffffff) type = Number(typeText);
    else r.problem(`${dir}/type`, 'not-a-number', `'${typeText}' is not a decimal perf type`);
  }
  const cpusFile: ReadResult = has('cpus') ? r.source.read(`${dir}/cpus`) : { kind: 'missing' };
  const hasCpusFile = cpusFile.kind !== 'missing';
  const cpus = r.cpuList(`${dir}/cpus`, true, cpusFile);
  const cpumask = has('cpumask') ? r.cpuList(`${dir}/cpumask`, true) : undefined;
  return {
    name,
    hasTypeFile: typeText !== undefined,
    ...(type !== undefined ? { type } : {}),
    hasCpusFile,
    ...(cpus ? { cpus } : {}),
    ...(cpumask ? { cpumask } : {}),
    caps: has('caps') ? r.files(`${dir}/caps`) : none(),
    events: has('events') ? r.files(`${dir}/events`, eventProblem) : none(),
    formats: has('format') ? r.files(`${dir}/format`) : none(),
  };
}

/**
 * Read the tree. `cpuIdFiles` are the per-CPU identification files the
 * tables name (arm64: regs/identification/midr_el1), read for every
 * possible CPU; a file no CPU has is not a problem (another architecture).
 */
export function readHost(source: SysfsSource, cpuIdFiles: readonly string[]): SysfsHost {
  const r = new Reader(source);
  const names = source.list(DEVICES_DIR);
  if (!names)
    r.problem(DEVICES_DIR, 'missing', 'no perf PMU devices: the directory does not exist');
  const devices = (names ?? []).map((n) => readDevice(r, n));

  const online = r.cpuList(`${CPU_DIR}/online`) ?? [];
  let possible = r.cpuList(`${CPU_DIR}/possible`, true);
  if (!possible) {
    // Fall back to online CPUs, else the CPUs the PMUs name, and say so.
    possible = online.length
      ? online
      : [...new Set(devices.flatMap((d) => d.cpus ?? []))].sort((a, b) => a - b);
    if (source.read(`${CPU_DIR}/possible`).kind === 'missing') {
      r.problem(
        `${CPU_DIR}/possible`,
        'missing',
        `possible CPUs unknown; using ${online.length ? 'the online CPUs' : 'the CPUs the PMU devices name'}`,
      );
    }
  }

  const cpuIds = new Map<number, Map<string, bigint>>();
  for (const file of cpuIdFiles) {
    const found = new Map<number, bigint>();
    const absent: number[] = [];
    for (const cpu of possible) {
      const path = `${CPU_DIR}/cpu${cpu}/${file}`;
      const res = source.read(path);
      if (res.kind === 'missing') {
        absent.push(cpu);
        continue;
      }
      const t = r.text(path, false, res);
      if (t === undefined) continue;
      if (!/^0x[0-9a-fA-F]{1,16}$/.test(t)) {
        r.problem(path, 'bad-hex', `'${t}' is not a hexadecimal register value`);
        continue;
      }
      found.set(cpu, BigInt(t));
    }
    if (found.size === 0) continue;
    for (const cpu of absent) {
      r.problem(
        `${CPU_DIR}/cpu${cpu}/${file}`,
        'missing',
        'other CPUs have it (an offline CPU hides its regs/)',
      );
    }
    for (const [cpu, v] of found) {
      const m = cpuIds.get(cpu) ?? new Map<string, bigint>();
      m.set(file, v);
      cpuIds.set(cpu, m);
    }
  }
  return { origin: source.origin, devices, possible, online, cpuIds, problems: r.problems };
}
