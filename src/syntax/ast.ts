/**
 * The abstract syntax tree of a .pmumap file. Plain data: every node carries
 * its span; nothing here is checked or resolved (src/check does that).
 */
import type { Span } from '../diagnostics/diagnostic.ts';

export interface Ident {
  readonly name: string;
  readonly span: Span;
}

export interface Text {
  readonly value: string;
  readonly span: Span;
}

export interface NumberLit {
  readonly value: bigint;
  readonly text: string;
  readonly span: Span;
}

// --- expressions ---

export type BinaryOp =
  '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '|' | '^' | '&' | '<<' | '>>' | '+' | '-';

export type Expr =
  | { readonly kind: 'num'; readonly value: bigint; readonly span: Span }
  | { readonly kind: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  | { readonly kind: 'member'; readonly object: Expr; readonly name: Ident; readonly span: Span }
  | {
      readonly kind: 'slice';
      readonly object: Expr;
      readonly hi: Expr;
      readonly lo: Expr;
      readonly span: Span;
    }
  | { readonly kind: 'index'; readonly object: Expr; readonly index: Expr; readonly span: Span }
  | {
      readonly kind: 'call';
      readonly fn: Ident;
      readonly args: readonly Expr[];
      readonly span: Span;
    }
  | { readonly kind: 'unary'; readonly op: '!' | '~'; readonly operand: Expr; readonly span: Span }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly span: Span;
    }
  | {
      readonly kind: 'cond';
      readonly test: Expr;
      readonly then: Expr;
      readonly otherwise: Expr;
      readonly span: Span;
    }
  | {
      readonly kind: 'inSet';
      readonly value: Expr;
      readonly items: readonly Expr[];
      readonly span: Span;
    }
  | {
      readonly kind: 'inRange';
      readonly value: Expr;
      readonly lo: NumberLit;
      readonly hi: NumberLit;
      readonly span: Span;
    }
  | { readonly kind: 'inTable'; readonly value: Expr; readonly table: Expr; readonly span: Span }
  | { readonly kind: 'ranges'; readonly items: readonly RangeItem[]; readonly span: Span }
  | {
      readonly kind: 'bits';
      readonly variable: Ident;
      readonly lo: NumberLit;
      readonly hi: NumberLit;
      readonly cond: Expr;
      readonly span: Span;
    };

/** One `action: lo..hi` item of a ranges literal. */
export interface RangeItem {
  readonly action: Expr;
  readonly lo: NumberLit;
  readonly hi: NumberLit;
  readonly span: Span;
}

// --- declarations ---

export interface Member {
  readonly name: Ident;
  readonly value: NumberLit;
  readonly text?: Text;
  readonly span: Span;
}

export interface TargetType {
  readonly name: Ident;
  readonly value: NumberLit;
  readonly text?: Text;
  /** PERF_COUNT_HW_* style ids; absent for a type that takes a raw config. */
  readonly ids?: readonly Member[];
  readonly span: Span;
}

export interface TargetDecl {
  readonly kind: 'target';
  readonly name: Ident;
  readonly text?: Text;
  readonly types: readonly TargetType[];
  readonly span: Span;
}

export interface EnumDecl {
  readonly kind: 'enum';
  /** `events` marks an event space (reports list it as events). */
  readonly isEvents: boolean;
  readonly name: Ident;
  readonly width: NumberLit;
  readonly text?: Text;
  readonly members: readonly Member[];
  readonly span: Span;
}

export interface BitRange {
  readonly msb: NumberLit;
  readonly lsb: NumberLit;
  readonly span: Span;
}

export interface FieldDecl {
  readonly bits: BitRange;
  /** `res0`/`res1` for reserved bits. */
  readonly name: Ident;
  readonly type?: Ident;
  readonly text?: Text;
  readonly negative: boolean;
  readonly gate?: Expr;
  readonly span: Span;
}

export interface IndexRange {
  readonly variable: Ident;
  readonly lo: NumberLit;
  readonly hi: NumberLit;
  readonly span: Span;
}

export interface RegisterDecl {
  readonly kind: 'register';
  readonly name: Ident;
  readonly index?: IndexRange;
  readonly width: NumberLit;
  readonly text?: Text;
  readonly fields: readonly FieldDecl[];
  /** Set for the registers of a cpuid leaf: negative-sense bit vector. */
  readonly negative: boolean;
  /** For a negative vector: bits at or above this length are not valid. */
  readonly below?: Expr;
  readonly span: Span;
}

export interface CpuidDecl {
  readonly kind: 'cpuid';
  readonly name: Ident;
  readonly leaf: NumberLit;
  readonly subleaf?: NumberLit;
  readonly text?: Text;
  /** eax, ebx, ecx, edx: each a 32-bit register named `<leaf>.<reg>`. */
  readonly registers: readonly RegisterDecl[];
  readonly span: Span;
}

export interface FeatureDecl {
  readonly kind: 'feature';
  readonly name: Ident;
  readonly condition: Expr;
  readonly text?: Text;
  readonly span: Span;
}

export interface TypeRef {
  readonly name: string;
  readonly span: Span;
}

export interface TableEntry {
  readonly key: Expr;
  readonly value: Expr;
  readonly text?: Text;
  readonly span: Span;
}

export interface TableDecl {
  readonly kind: 'table';
  readonly name: Ident;
  readonly keyType: TypeRef;
  readonly valueType: TypeRef;
  readonly text?: Text;
  readonly entries: readonly TableEntry[];
  readonly span: Span;
}

export interface Reason {
  readonly name: Ident;
  /** `= N`: its number in the C and Rust outputs. */
  readonly id?: NumberLit;
  readonly text: Text;
  readonly span: Span;
}

export interface ReasonsDecl {
  readonly kind: 'reasons';
  readonly name: Ident;
  readonly text?: Text;
  readonly reasons: readonly Reason[];
  readonly span: Span;
}

export interface PmuLet {
  readonly kind: 'let';
  readonly name: Ident;
  readonly value: Expr;
  readonly text?: Text;
  readonly span: Span;
}

export interface CounterDecl {
  readonly kind: 'counter';
  readonly lo: NumberLit;
  readonly hi: NumberLit;
  /** The event a fixed counter always counts; absent for programmable counters. */
  readonly fixed?: Expr;
  readonly via?: Ident;
  readonly gate?: Expr;
  readonly text?: Text;
  readonly span: Span;
}

export type PmuItem = PmuLet | TableDecl | CounterDecl;

export interface PmuDecl {
  readonly kind: 'pmu';
  readonly name: Ident;
  readonly parent?: Ident;
  /** `id N`: its number in the C and Rust outputs. */
  readonly id?: NumberLit;
  readonly text?: Text;
  readonly items: readonly PmuItem[];
  readonly span: Span;
}

export interface InterfaceItem {
  readonly kind: 'input' | 'output' | 'outcome';
  readonly name?: Ident;
  readonly type?: TypeRef;
  /** For an input: its value when the caller gives none, computed from earlier inputs. */
  readonly default?: Expr;
  /** For an input: the values it may take, `in lo..hi`. */
  readonly range?: { readonly lo: NumberLit; readonly hi: NumberLit; readonly span: Span };
  /** `role NAME`: what a command or JSON answer reads it as (src/syntax/roles.ts). */
  readonly role?: Ident;
  readonly text?: Text;
  readonly span: Span;
}

export interface InterfaceDecl {
  readonly kind: 'interface';
  readonly name: Ident;
  readonly text?: Text;
  readonly items: readonly InterfaceItem[];
  readonly span: Span;
}

export interface AttrAssign {
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export type Outcome =
  | { readonly kind: 'refuse'; readonly code?: Ident; readonly text?: Text; readonly span: Span }
  | { readonly kind: 'software'; readonly code?: Ident; readonly text?: Text; readonly span: Span }
  | { readonly kind: 'direct'; readonly text?: Text; readonly span: Span }
  | { readonly kind: 'perf'; readonly attrs: readonly AttrAssign[]; readonly span: Span }
  | {
      readonly kind: 'generic';
      readonly event: Expr;
      readonly attrs: readonly AttrAssign[];
      readonly span: Span;
    };

/**
 * A consumer's step. `before`: in a consumer that extends another, the
 * label of the parent's step this new step goes just before.
 */
export type Step = StepBody & { readonly before?: Ident };

export type StepBody =
  | { readonly kind: 'let'; readonly name: Ident; readonly value: Expr; readonly span: Span }
  | {
      readonly kind: 'when';
      readonly label?: Ident;
      readonly condition: Expr;
      readonly outcome: Outcome;
      readonly span: Span;
    }
  | { readonly kind: 'output'; readonly name: Ident; readonly value: Expr; readonly span: Span }
  | { readonly kind: 'drop'; readonly label: Ident; readonly span: Span }
  | {
      readonly kind: 'warn';
      readonly label?: Ident;
      readonly condition: Expr;
      readonly text: Text;
      readonly span: Span;
    }
  | { readonly kind: 'final'; readonly outcome: Outcome; readonly span: Span };

/** A kernel release as written (`v6.10`), with its numbers for comparing. */
export interface KernelVersion {
  readonly text: string;
  readonly parts: readonly number[];
  readonly span: Span;
}

/** Which kernel a consumer models (`status ...`, first in its body). */
export type ConsumerStatus =
  | {
      readonly kind: 'mainline';
      readonly since?: KernelVersion;
      readonly until?: KernelVersion;
      /** The newest consumer of the same reader, when this is an older one. */
      readonly of?: Ident;
      readonly span: Span;
    }
  | {
      readonly kind: 'patch';
      readonly subject: Text;
      readonly version: Ident;
      readonly date: Text;
      readonly link?: Text;
      readonly modifies: Ident;
      readonly span: Span;
    }
  | { readonly kind: 'spec'; readonly document: Text; readonly span: Span };

export interface ConsumerDecl {
  readonly kind: 'consumer';
  readonly name: Ident;
  readonly implements: Ident;
  readonly parent?: Ident;
  readonly text?: Text;
  readonly status?: ConsumerStatus;
  readonly steps: readonly Step[];
  readonly span: Span;
}

export interface Binding {
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export type ExpectItem =
  | { readonly kind: 'refuse'; readonly code: Ident; readonly span: Span }
  | { readonly kind: 'software'; readonly span: Span }
  | { readonly kind: 'direct'; readonly span: Span }
  | { readonly kind: 'perf'; readonly attrs: readonly AttrAssign[]; readonly span: Span }
  | { readonly kind: 'generic'; readonly event: Expr; readonly span: Span }
  | { readonly kind: 'output'; readonly name: Ident; readonly value: Expr; readonly span: Span };

export interface Expect {
  /** The consumer the expectation is for; absent means every consumer of the interface. */
  readonly consumer?: Ident;
  readonly items: readonly ExpectItem[];
  readonly span: Span;
}

export interface ExampleDecl {
  readonly kind: 'example';
  readonly title: Text;
  readonly cite?: Text;
  readonly on: Ident;
  readonly given: readonly Binding[];
  readonly expects: readonly Expect[];
  readonly span: Span;
}

/** `command NAME { ... }` in an arch block: a command that answers for a whole CPU (H4, issue 17). */
export interface ArchCpuCommand {
  readonly name: Ident;
  readonly vendorString: readonly TypeRef[];
  readonly encode?: { readonly iface: Ident; readonly consumer: Ident };
  readonly identify?: { readonly iface: Ident; readonly consumer: Ident };
  readonly vendors: readonly {
    readonly match: readonly Expr[];
    readonly given: readonly Binding[];
    readonly slots: readonly {
      readonly slot: Ident;
      readonly iface: Ident;
      readonly consumer?: Ident;
      readonly over?: Ident;
      readonly text?: Text;
      readonly span: Span;
    }[];
    readonly span: Span;
  }[];
  readonly text?: Text;
  readonly span: Span;
}

export interface ArchCommand {
  readonly name: Ident;
  readonly iface: Ident;
  readonly consumer: Ident;
  /** Run once per member of this input's type. */
  readonly over?: Ident;
  /** `identity CPU.SLOT [vendor "..."]`: given the CPU's identity, a whole-CPU command's slot answers. */
  readonly identity?: CommandIdentity;
  readonly text?: Text;
  readonly span: Span;
}

/** `identity CPU.SLOT [vendor "..."]` on an arch command (H5, issue 17). */
export interface CommandIdentity {
  /** The whole-CPU command of the same arch. */
  readonly command: Ident;
  /** The slot of its vendor blocks that answers. */
  readonly slot: Ident;
  /** The vendor string assumed when the question gives none. */
  readonly vendor?: Text;
  readonly span: Span;
}

/** `vendor PMU "arch glob", ... = COMMAND given input = fact|constant, ...`. */
export interface ArchVendor {
  readonly pmu: Ident;
  readonly arches: readonly Text[];
  readonly command: Ident;
  readonly given: readonly Binding[];
  readonly text?: Text;
  readonly span: Span;
}

export interface ArchMode {
  readonly name: Ident;
  readonly consumer: Ident;
  readonly text?: Text;
  readonly span: Span;
}

/** `host device "glob" = pmu`: a perf PMU device of this architecture. */
export interface HostDevice {
  readonly item: 'device';
  readonly pattern: Text;
  readonly pmu: Ident;
  /** `when format event = "glob"`: an attribute file the device's must match. */
  readonly when?: DeviceWhen;
  readonly text?: Text;
  readonly span: Span;
}

/** `when DIR NAME = "glob"`: the device's DIR/NAME file (format/, caps/) matches the glob. */
export interface DeviceWhen {
  readonly dir: Ident;
  readonly name: Ident;
  readonly glob: Text;
  readonly span: Span;
}

/** `host cpu "file" & mask = enum`: how a CPU's identification names its core. */
export interface HostCpu {
  readonly item: 'cpu';
  readonly path: Text;
  readonly mask: NumberLit;
  readonly enumName: Ident;
  readonly text?: Text;
  readonly span: Span;
}

/** `host devices|plan = interface default consumer`. */
export interface HostRule {
  readonly item: 'rule';
  readonly role: Ident;
  readonly iface: Ident;
  readonly consumer: Ident;
  readonly text?: Text;
  readonly span: Span;
}

/** What a guest keeps under each plan: a command of this arch run in a mode. */
export interface HostGuest {
  readonly item: 'guest';
  readonly command: Ident;
  readonly modes: readonly { readonly plan: Ident; readonly mode: Ident; readonly text?: Text }[];
  readonly given: readonly Binding[];
  /** `cycles on 31 event E`: the counter the probe runs, and the event it programs there. */
  readonly counters: readonly {
    readonly name: Ident;
    readonly index: NumberLit;
    readonly event?: Expr;
  }[];
  readonly events: readonly { readonly enumName: Ident; readonly counter: NumberLit }[];
  readonly span: Span;
}

/**
 * `host marker "glob" [when ...] "doc" absent "text"`: a perf PMU device
 * that names the arch but is never a core PMU, and what the plan says when
 * no core PMU is present.
 */
export interface HostMarker {
  readonly item: 'marker';
  readonly pattern: Text;
  readonly when?: DeviceWhen;
  readonly text?: Text;
  readonly absent: Text;
  readonly span: Span;
}

export type HostItem = HostDevice | HostMarker | HostCpu | HostRule | HostGuest;

/** A line of a core that points at a vendor record (`@n`: its index in the vendor file). */
export interface CoreFixed {
  readonly index: NumberLit;
  /** The event's code and umask, when the vendor gives them. */
  readonly code?: NumberLit;
  readonly umask?: NumberLit;
  readonly name: Text;
  readonly record: NumberLit;
  readonly span: Span;
}

export interface CoreCommon {
  readonly code: NumberLit;
  readonly name: Ident;
  readonly record: NumberLit;
  readonly span: Span;
}

export interface CoreEvent {
  readonly code: NumberLit;
  readonly umask?: NumberLit;
  /** What else selects the event: `cmask=1`, `inv`, `msr=0x1a6`, ... */
  readonly qualifiers: readonly { readonly name: Ident; readonly value?: NumberLit }[];
  readonly name: Text;
  readonly record: NumberLit;
  readonly span: Span;
}

/** `core NAME "text" : pmu { ... }`: a vendor's description of one core. */
export interface CoreDecl {
  readonly kind: 'core';
  readonly name: Ident;
  readonly text?: Text;
  readonly pmu: Ident;
  readonly source?: Text;
  readonly id?: { readonly value: NumberLit; readonly text?: Text };
  readonly arch?: Text;
  readonly counters?: NumberLit;
  readonly fixed: readonly CoreFixed[];
  readonly common: readonly CoreCommon[];
  readonly events: readonly CoreEvent[];
  readonly span: Span;
}

/** `lacks CORE { codes } "why"` or `lacks arch "armv7-a" { codes } "why"`. */
export interface LacksDecl {
  readonly kind: 'lacks';
  readonly core?: Ident;
  readonly arch?: Text;
  readonly codes: readonly { readonly lo: NumberLit; readonly hi: NumberLit }[];
  readonly text: Text;
  readonly span: Span;
}

/** `system NAME "text" { core core ... }`: cores that share one machine. */
export interface SystemDecl {
  readonly kind: 'system';
  readonly name: Ident;
  readonly text?: Text;
  readonly cores: readonly Ident[];
  readonly span: Span;
}

export interface ArchDecl {
  readonly kind: 'arch';
  readonly name: Ident;
  readonly text?: Text;
  readonly commands: readonly ArchCommand[];
  /** Whole-CPU commands (`command NAME { ... }`). */
  readonly cpuCommands?: readonly ArchCpuCommand[];
  readonly modes: readonly ArchMode[];
  readonly vendor: readonly ArchVendor[];
  readonly host: readonly HostItem[];
  /** `default leaf NAME`: the cpuid leaf read when a question names none (one, PM2356). */
  readonly defaultLeaves?: readonly {
    readonly leaf: Ident;
    readonly text?: Text;
    readonly span: Span;
  }[];
  /** `guest keys KEY = CONSUMER, ...`: the cpuid report's kvmGuest key of each reader. */
  readonly guestKeys?: readonly {
    readonly key: Ident;
    readonly consumer: Ident;
    readonly span: Span;
  }[];
  readonly span: Span;
}

export interface Param {
  readonly name: Ident;
  readonly type: TypeRef;
  readonly span: Span;
}

export interface FnDecl {
  readonly kind: 'fn';
  readonly name: Ident;
  readonly params: readonly Param[];
  readonly returns: TypeRef;
  readonly body: Expr;
  readonly text?: Text;
  readonly span: Span;
}

export interface Dimension {
  readonly input: Ident;
  readonly field?: Ident;
  readonly values:
    | { readonly kind: 'range'; readonly lo: NumberLit; readonly hi: NumberLit }
    | { readonly kind: 'subsets'; readonly lo: NumberLit; readonly hi: NumberLit }
    | { readonly kind: 'set'; readonly items: readonly Expr[] };
  readonly text?: Text;
  readonly span: Span;
}

export interface ExploreDecl {
  readonly kind: 'explore';
  readonly iface: Ident;
  readonly text?: Text;
  readonly dimensions: readonly Dimension[];
  readonly span: Span;
}

export interface ImportDecl {
  readonly kind: 'import';
  readonly path: Text;
  readonly span: Span;
}

// --- protocols (issue 20): a `protocol` and the `machine`s over it (src/protocol/) ---
export interface ProtocolParam {
  readonly name: Ident;
  /** `flag`: a bool written as the parameter's own name. */
  readonly type: TypeRef;
  readonly default?: Expr;
  readonly span: Span;
}

export type ProtocolItem =
  | {
      readonly item: 'errno';
      readonly name: Ident;
      readonly value: NumberLit;
      readonly text?: Text;
      readonly span: Span;
    }
  | {
      readonly item: 'state';
      /** `vm` or `vcpu`. */
      readonly scope: Ident;
      readonly name: Ident;
      readonly type: TypeRef;
      readonly init: Expr;
      readonly text?: Text;
      readonly span: Span;
    }
  | {
      readonly item: 'call';
      /** `vcpu` for a per-vCPU call; any other word is a VM-wide object (`vgic`). */
      readonly subject: Ident;
      readonly verb: Ident;
      readonly params: readonly ProtocolParam[];
      readonly text?: Text;
      readonly span: Span;
    }
  | {
      readonly item: 'host';
      readonly name: Ident;
      /** The first is the record's key (`host.pmu[key].field`, `key in host.pmu`). */
      readonly params: readonly ProtocolParam[];
      readonly text?: Text;
      readonly span: Span;
    }
  | {
      readonly item: 'explore';
      readonly vcpus: NumberLit;
      readonly text?: Text;
      readonly samples: readonly ProtocolSample[];
      readonly span: Span;
    };

export type ProtocolSample =
  | {
      readonly sample: 'host';
      readonly name: Ident;
      readonly args: readonly Expr[];
      readonly span: Span;
    }
  | {
      readonly sample: 'values';
      readonly subject: Ident;
      readonly verb: Ident;
      readonly param: Ident;
      readonly values: readonly Expr[];
      readonly span: Span;
    };

export interface ProtocolDecl {
  readonly kind: 'protocol';
  readonly name: Ident;
  /** The arch whose `pmumap protocol ARCH` runs it. */
  readonly arch: Ident;
  readonly text?: Text;
  readonly items: readonly ProtocolItem[];
  readonly span: Span;
}

/** `on SUBJECT.VERB`: the call a step belongs to; absent, every call. */
export interface CallRef {
  readonly subject: Ident;
  readonly verb: Ident;
  readonly span: Span;
}

export type MachineResult =
  | { readonly kind: 'ok'; readonly value: NumberLit; readonly span: Span }
  | { readonly kind: 'errno'; readonly name: Ident; readonly span: Span };

export interface MachineEffect {
  readonly scope: Ident;
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export type MachineStepBody =
  | { readonly kind: 'let'; readonly name: Ident; readonly value: Expr; readonly span: Span }
  | {
      readonly kind: 'when';
      readonly label?: Ident;
      readonly condition: Expr;
      readonly result: MachineResult;
      readonly effects: readonly MachineEffect[];
      readonly span: Span;
    }
  | { readonly kind: 'drop'; readonly label: Ident; readonly span: Span }
  | {
      readonly kind: 'final';
      readonly result: MachineResult;
      readonly effects: readonly MachineEffect[];
      readonly span: Span;
    };

export type MachineStep = MachineStepBody & {
  readonly before?: Ident;
  readonly on?: CallRef;
};

export interface MachineDecl {
  readonly kind: 'machine';
  readonly name: Ident;
  readonly implements: Ident;
  readonly parent?: Ident;
  readonly text?: Text;
  readonly status?: ConsumerStatus;
  readonly steps: readonly MachineStep[];
  readonly span: Span;
}
// --- end of protocols ---

export type Decl =
  | TargetDecl
  | EnumDecl
  | RegisterDecl
  | CpuidDecl
  | FeatureDecl
  | TableDecl
  | ReasonsDecl
  | PmuDecl
  | InterfaceDecl
  | ConsumerDecl
  | ExampleDecl
  | ArchDecl
  | FnDecl
  | ExploreDecl
  | ImportDecl
  | CoreDecl
  | LacksDecl
  | SystemDecl
  | ProtocolDecl
  | MachineDecl;

export interface FileAst {
  readonly path: string;
  readonly decls: readonly Decl[];
}
