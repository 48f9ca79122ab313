/**
 * The compiled model: plain, readonly, JSON-serialisable data with no Ohm or
 * AST types. Integers are strings ("0x..." hex) so JSON keeps all 64 bits;
 * `origin` is "file:line" for provenance. The generated tables are this
 * model, and the runtime (src/runtime) reads nothing else.
 */

export type BinaryOp =
  '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '|' | '^' | '&' | '<<' | '>>' | '+' | '-';

/** A resolved expression tree. */
export type MExpr =
  | { readonly op: 'const'; readonly value: string; readonly enum?: string }
  | { readonly op: 'bool'; readonly value: boolean }
  | { readonly op: 'var'; readonly name: string }
  | { readonly op: 'register'; readonly name: string }
  | { readonly op: 'feature'; readonly name: string }
  | { readonly op: 'pmu'; readonly name: string }
  | { readonly op: 'table'; readonly name: string }
  | { readonly op: 'prop'; readonly object: MExpr; readonly name: string }
  | { readonly op: 'field'; readonly object: MExpr; readonly lsb: number; readonly width: number }
  | { readonly op: 'slice'; readonly object: MExpr; readonly hi: MExpr; readonly lo: MExpr }
  | { readonly op: 'bit'; readonly object: MExpr; readonly index: MExpr }
  | { readonly op: 'lookup'; readonly table: MExpr; readonly key: MExpr }
  | { readonly op: 'call'; readonly fn: string; readonly args: readonly MExpr[] }
  | { readonly op: '!' | '~'; readonly arg: MExpr }
  | { readonly op: 'bin'; readonly kind: BinaryOp; readonly a: MExpr; readonly b: MExpr }
  | { readonly op: 'cond'; readonly test: MExpr; readonly then: MExpr; readonly otherwise: MExpr }
  | { readonly op: 'inSet'; readonly value: MExpr; readonly items: readonly MExpr[] }
  | { readonly op: 'inRange'; readonly value: MExpr; readonly lo: string; readonly hi: string }
  | { readonly op: 'inTable'; readonly value: MExpr; readonly table: MExpr }
  | {
      readonly op: 'ranges';
      readonly items: readonly {
        readonly action: MExpr;
        readonly lo: string;
        readonly hi: string;
      }[];
    }
  | {
      readonly op: 'bits';
      readonly variable: string;
      readonly lo: number;
      readonly hi: number;
      readonly cond: MExpr;
    };

export interface MMember {
  readonly name: string;
  readonly value: string;
  readonly doc?: string;
  readonly origin: string;
}

export interface MTarget {
  readonly name: string;
  readonly doc?: string;
  readonly origin: string;
  readonly types: readonly {
    readonly name: string;
    readonly value: string;
    readonly doc?: string;
    readonly ids?: readonly MMember[];
    readonly origin: string;
  }[];
}

export interface MEnum {
  readonly name: string;
  readonly kind: 'enum' | 'events';
  readonly width: number;
  readonly doc?: string;
  readonly origin: string;
  readonly members: readonly MMember[];
}

export interface MField {
  readonly name: string;
  readonly msb: number;
  readonly lsb: number;
  /** res0 / res1 for reserved bits. */
  readonly reserved?: 'res0' | 'res1';
  readonly enum?: string;
  readonly doc?: string;
  readonly negative?: boolean;
  readonly gate?: MExpr;
  readonly origin: string;
}

export interface MRegister {
  readonly name: string;
  readonly width: number;
  readonly doc?: string;
  readonly origin: string;
  readonly index?: { readonly variable: string; readonly lo: number; readonly hi: number };
  readonly cpuid?: { readonly leaf: string; readonly subleaf?: string; readonly reg: string };
  readonly negative?: boolean;
  readonly below?: MExpr;
  readonly fields: readonly MField[];
}

export interface MFeature {
  readonly name: string;
  readonly condition: MExpr;
  readonly doc?: string;
  readonly origin: string;
}

export interface MTable {
  readonly name: string;
  readonly keyType: string;
  readonly valueType: string;
  readonly doc?: string;
  readonly origin: string;
  readonly entries: readonly {
    readonly key: string;
    readonly value: string;
    readonly doc?: string;
    readonly origin: string;
  }[];
}

export interface MReason {
  readonly code: string;
  readonly group: string;
  /** Its declared number in the C and Rust outputs (`= N`). */
  readonly id?: number;
  readonly doc: string;
  readonly origin: string;
}

export interface MCounter {
  readonly lo: number;
  readonly hi: number;
  /** The event a fixed counter always counts (absent: programmable). */
  readonly fixed?: MExpr;
  readonly via?: string;
  readonly gate?: MExpr;
  readonly doc?: string;
  readonly origin: string;
}

export interface MPmu {
  readonly name: string;
  readonly parent?: string;
  /** Its declared number in the C and Rust outputs (`id N`). */
  readonly id?: number;
  readonly doc?: string;
  readonly origin: string;
  /** Every property after inheritance: a value, or the name of a table in `tables`. */
  readonly props: readonly (
    | { readonly name: string; readonly value: MExpr; readonly origin: string }
    | { readonly name: string; readonly table: string; readonly origin: string }
  )[];
  /** Counters after inheritance (a child's counter list replaces its parent's). */
  readonly counters: readonly MCounter[];
}

export interface MInterface {
  readonly name: string;
  readonly doc?: string;
  readonly origin: string;
  readonly inputs: readonly {
    readonly name: string;
    readonly type: string;
    /** The values the input may take ("0x.." bounds, inclusive). */
    readonly range?: { readonly lo: string; readonly hi: string };
    readonly default?: MExpr;
    /** What a command reads it as (src/syntax/roles.ts). */
    readonly role?: string;
    readonly doc?: string;
  }[];
  readonly outputs: readonly {
    readonly name: string;
    readonly type: string;
    /** What a command or JSON answer reads it as (src/syntax/roles.ts). */
    readonly role?: string;
    readonly doc?: string;
  }[];
  readonly outcome: boolean;
}

export type MOutcome =
  | { readonly kind: 'refuse'; readonly code: string; readonly message: string }
  | { readonly kind: 'software'; readonly code?: string; readonly message: string }
  | { readonly kind: 'direct'; readonly message: string }
  | {
      readonly kind: 'perf';
      readonly attrs: readonly { readonly name: string; readonly value: MExpr }[];
    }
  | {
      readonly kind: 'generic';
      readonly target: string;
      readonly type: string;
      readonly typeValue: string;
      readonly event: MExpr;
      readonly attrs: readonly { readonly name: string; readonly value: MExpr }[];
    };

export type MStep =
  | { readonly kind: 'let'; readonly name: string; readonly value: MExpr; readonly origin: string }
  | {
      readonly kind: 'when';
      readonly label?: string;
      readonly condition: MExpr;
      readonly outcome: MOutcome;
      readonly origin: string;
    }
  | {
      readonly kind: 'output';
      readonly name: string;
      readonly value: MExpr;
      readonly origin: string;
    }
  | {
      readonly kind: 'warn';
      readonly label?: string;
      readonly condition: MExpr;
      readonly message: string;
      readonly origin: string;
    }
  | { readonly kind: 'final'; readonly outcome: MOutcome; readonly origin: string };

/** A patch series not (yet) merged, as posted to a mailing list. */
export interface MSeries {
  readonly subject: string;
  /** The series' version as posted: "v7". */
  readonly version: string;
  readonly date: string;
  /** A list link or Message-ID, when known. */
  readonly link?: string;
}

/**
 * Which kernel a consumer models. mainline: the releases it holds for
 * ("6.10"; no since: as far back as the tables go, no until: the newest),
 * `of` the newest consumer of the same reader when this is an older one.
 * patch: a series not merged and the mainline consumer it modifies.
 * spec: a document, no kernel.
 */
export type MConsumerStatus =
  | {
      readonly kind: 'mainline';
      readonly since?: string;
      readonly until?: string;
      readonly of?: string;
    }
  | { readonly kind: 'patch'; readonly series: MSeries; readonly modifies: string }
  | { readonly kind: 'spec'; readonly document: string };

export interface MConsumer {
  readonly name: string;
  readonly implements: string;
  readonly parent?: string;
  readonly doc?: string;
  /** Absent only in tables check has warned about (PM2320). */
  readonly status?: MConsumerStatus;
  readonly origin: string;
  /** The effective decision list, inheritance applied. */
  readonly steps: readonly MStep[];
}

export type MExpectItem =
  | { readonly kind: 'refuse'; readonly code: string }
  | { readonly kind: 'software' }
  | { readonly kind: 'direct' }
  | {
      readonly kind: 'perf';
      readonly attrs: readonly { readonly name: string; readonly value: MExpr }[];
    }
  | { readonly kind: 'generic'; readonly event: MExpr }
  | { readonly kind: 'output'; readonly name: string; readonly value: MExpr };

export interface MExample {
  readonly title: string;
  readonly cite?: string;
  readonly on: string;
  readonly origin: string;
  readonly given: readonly { readonly name: string; readonly value: MExpr }[];
  readonly expects: readonly {
    readonly consumer?: string;
    readonly items: readonly MExpectItem[];
    readonly origin: string;
  }[];
}

/** A function: a named expression over parameters (no recursion). */
export interface MFunction {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly type: string }[];
  readonly returns: string;
  readonly body: MExpr;
  readonly doc?: string;
  readonly origin: string;
}

/** An input space to search for disagreements between an interface's consumers. */
export interface MExplore {
  readonly interface: string;
  readonly doc?: string;
  readonly origin: string;
  readonly dimensions: readonly {
    readonly input: string;
    /** A field of a register input, set inside the register's value. */
    readonly field?: { readonly name: string; readonly lsb: number; readonly width: number };
    /** Every value to try: "0x.." integers or "true"/"false". */
    readonly values: readonly string[];
    readonly doc?: string;
  }[];
}

/** An interface and the consumer a whole-CPU command runs it with. */
export interface MCpuStep {
  readonly interface: string;
  readonly consumer: string;
}

/**
 * `command NAME { ... }` in an arch block: `pmumap NAME ARCH` answers for a
 * whole CPU (a dump, or raw values). Slots: `perf` (the host driver's PMU),
 * `generic` (an `over` interface: each generic event), `guest` (every
 * consumer: what a hypervisor offers a guest).
 */
export interface MCpuCommand {
  readonly name: string;
  readonly doc?: string;
  readonly origin: string;
  /** cpuid registers spelling the vendor string, 4 ASCII bytes each, little-endian. */
  readonly vendorString: readonly string[];
  /** Raw options (its inputs) -> registers (its cpuid-register outputs). */
  readonly encode: MCpuStep;
  /** Registers -> what the CPU is; its enum output picks a vendor block. */
  readonly identify: MCpuStep;
  readonly vendors: readonly {
    /** Values ("0x..") of the identify interface's enum output this block answers for. */
    readonly match: readonly string[];
    /** An input bound to an identify output, or to a constant ("0x..", "true", "false"). */
    readonly given: readonly {
      readonly input: string;
      readonly output?: string;
      readonly value?: string;
    }[];
    readonly slots: readonly {
      readonly slot: string;
      readonly interface: string;
      /** The default consumer; a guest slot without one runs every consumer. */
      readonly consumer?: string;
      readonly over?: string;
      readonly doc?: string;
    }[];
    readonly origin: string;
  }[];
}

/** `identity CPU.SLOT [vendor "..."]` on an arch command (checked by report-command-identity.ts). */
export interface MCommandIdentity {
  /** A whole-CPU command of the same arch (`cpuCommands`). */
  readonly command: string;
  /** The slot of its vendor blocks that answers for an identified CPU. */
  readonly slot: string;
  /** The vendor string assumed when the question gives none. */
  readonly vendor?: string;
}

/** An architecture's command-line bindings. */
export interface MArch {
  readonly name: string;
  readonly doc?: string;
  readonly origin: string;
  readonly commands: readonly {
    readonly name: string;
    readonly interface: string;
    readonly consumer: string;
    readonly over?: string;
    /** `identity CPU.SLOT`: given the CPU's identity, this whole-CPU command's slot answers. */
    readonly identity?: MCommandIdentity;
    readonly doc?: string;
  }[];
  readonly modes: readonly {
    readonly name: string;
    readonly consumer: string;
    readonly doc?: string;
  }[];
  /** Commands that answer for a whole CPU (`command NAME { ... }`; src/query/cpu/). */
  readonly cpuCommands?: readonly MCpuCommand[];
  /** How `pmumap host` reads this architecture's PMUs from sysfs; absent if it cannot. */
  readonly host?: MHost;
  /** What each vendor core of a pmu maps generic perf events to (report, diff). */
  readonly vendor?: readonly MArchVendor[];
  /** `default leaf NAME`: the cpuid leaf ("0x..") read when a question names none. */
  readonly defaultLeaf?: string;
  /** `guest keys`: the key each guest-leaf reader answers under in the cpuid report's kvmGuest. */
  readonly guestKeys?: readonly { readonly key: string; readonly consumer: string }[];
}

/** `vendor PMU "arch glob" = COMMAND given ...`: the command run for each matching vendor core. */
export interface MArchVendor {
  readonly pmu: string;
  /** Globs on the core's `arch` line; empty matches every core of the pmu. */
  readonly arches: readonly string[];
  readonly command: string;
  /** Interface input <- a core fact (src/vendor/core-facts.ts) or a constant ("0x.."). */
  readonly given: readonly {
    readonly input: string;
    readonly fact?: string;
    readonly value?: string;
  }[];
  readonly doc?: string;
  readonly origin: string;
}

/** An arch block's `host` items (src/host/facts.ts names the reader's facts). */
export interface MHost {
  /** Perf PMU device globs, first match wins, and the pmu implementation behind each. */
  readonly devices: readonly {
    readonly pattern: string;
    readonly pmu: string;
    /** The device is the arch's only when its `dir/name` file (format/, caps/) matches `glob`. */
    readonly when?: { readonly dir: string; readonly name: string; readonly glob: string };
    readonly doc?: string;
  }[];
  /**
   * `host marker` globs: devices that name the arch when no `host device` item
   * claims one, never a core PMU; `absent` is what the plan says with no core PMU.
   */
  readonly markers?: readonly {
    readonly pattern: string;
    readonly when?: { readonly dir: string; readonly name: string; readonly glob: string };
    readonly doc?: string;
    readonly absent: string;
  }[];
  /** A per-CPU file under devices/system/cpu/cpuN/ naming the core, masked, and the enum of cores. */
  readonly cpu?: { readonly path: string; readonly mask: string; readonly enum: string };
  /** The interface and default consumer judging each device, and planning the host. */
  readonly rules: readonly {
    readonly role: string;
    readonly interface: string;
    readonly consumer: string;
    readonly doc?: string;
  }[];
  /** What a guest keeps under each plan: a command of this arch run in a mode. */
  readonly guest?: {
    readonly command: string;
    readonly modes: readonly {
      readonly plan: string;
      readonly mode: string;
      readonly doc?: string;
    }[];
    /** Interface input <- reader fact. */
    readonly given: readonly { readonly input: string; readonly fact: string }[];
    /** Each counter the probe runs, and the event ("0x..") it programs there. */
    readonly counters: readonly {
      readonly name: string;
      readonly index: number;
      readonly event: string;
    }[];
    readonly events: readonly { readonly enum: string; readonly counter: number }[];
  };
}

/** A vendor's core (pmumap import): every line keeps its vendor record index. */
export interface MCore {
  readonly name: string;
  readonly doc?: string;
  readonly pmu: string;
  readonly origin: string;
  /** The vendor file, relative to the vendor data directory. */
  readonly source?: string;
  /** MIDR_EL1 model (arm64) or family-model (x86), "0x.." */
  readonly id?: string;
  readonly idDoc?: string;
  readonly arch?: string;
  readonly counters?: number;
  readonly fixed: readonly {
    readonly index: number;
    readonly code?: string;
    readonly umask?: string;
    readonly name: string;
    readonly record: number;
    readonly origin: string;
  }[];
  readonly common: readonly {
    readonly code: string;
    readonly name: string;
    readonly record: number;
    readonly origin: string;
  }[];
  readonly events: readonly {
    readonly code: string;
    readonly umask?: string;
    /** What else selects the event, canonical: "cmask=0x1 inv msr=0x1a6". */
    readonly qualifiers?: string;
    readonly name: string;
    readonly record: number;
    readonly origin: string;
  }[];
}

/** `system`: vendor cores that share one machine. */
export interface MSystem {
  readonly name: string;
  readonly doc?: string;
  readonly cores: readonly string[];
  readonly origin: string;
}

// --- protocols (issue 20): state machines a VMM drives; a result is "0" or "-ERRNO" ---
/** A value's type: `flag` is a bool written as the parameter's own name. */
export type PType =
  | { readonly kind: 'bool' }
  | { readonly kind: 'flag' }
  | { readonly kind: 'int'; readonly width: number }
  | { readonly kind: 'enum'; readonly name: string; readonly width: number };

/** A resolved protocol expression. */
export type PExpr =
  | { readonly op: 'const'; readonly value: string; readonly enum?: string }
  | { readonly op: 'bool'; readonly value: boolean }
  /** A state variable of the VM, of the vCPU making the call, or of `other` in any_other/all_other. */
  | { readonly op: 'state'; readonly scope: 'vm' | 'vcpu' | 'other'; readonly name: string }
  | { readonly op: 'param'; readonly name: string }
  | { readonly op: 'let'; readonly name: string }
  /** `key in host.R`: some host record R has this key (its first field). */
  | { readonly op: 'hostHas'; readonly record: string; readonly key: PExpr }
  /** `host.R[key].field`: 0 when no record has the key. */
  | {
      readonly op: 'hostGet';
      readonly record: string;
      readonly key: PExpr;
      readonly field: string;
    }
  | { readonly op: 'hostCount'; readonly record: string }
  /** `host.R.first`: the first record's key, 0 when there is none. */
  | { readonly op: 'hostFirst'; readonly record: string }
  /** Over every vCPU but the caller: `other.X` inside reads that vCPU's state. */
  | { readonly op: 'anyOther' | 'allOther'; readonly body: PExpr }
  | { readonly op: '!' | '~'; readonly arg: PExpr }
  | { readonly op: 'bin'; readonly kind: BinaryOp; readonly a: PExpr; readonly b: PExpr }
  | { readonly op: 'min' | 'max'; readonly a: PExpr; readonly b: PExpr }
  | {
      readonly op: 'cond';
      readonly test: PExpr;
      readonly then: PExpr;
      readonly otherwise: PExpr;
    }
  | { readonly op: 'inSet'; readonly value: PExpr; readonly items: readonly PExpr[] }
  | { readonly op: 'inRange'; readonly value: PExpr; readonly lo: string; readonly hi: string };

export interface PParam {
  readonly name: string;
  readonly type: PType;
  /** A constant: "0x.." or "true"/"false"; absent, the call needs the argument. */
  readonly default?: string;
}

export interface PCall {
  /** `vcpu.set`, `vgic.init`. */
  readonly name: string;
  readonly subject: string;
  readonly verb: string;
  /** Made by one vCPU (`vcpuN VERB ...` in a sequence); otherwise VM-wide. */
  readonly perVcpu: boolean;
  readonly params: readonly PParam[];
  readonly doc?: string;
  readonly origin: string;
}

export interface PStateVar {
  readonly scope: 'vm' | 'vcpu';
  readonly name: string;
  readonly type: PType;
  /** "0x.." or "true"/"false". */
  readonly init: string;
  readonly doc?: string;
  readonly origin: string;
}

export interface PHostRecord {
  readonly name: string;
  /** The first field is the key. */
  readonly fields: readonly { readonly name: string; readonly type: PType }[];
  readonly doc?: string;
  readonly origin: string;
}

export interface PExplore {
  readonly vcpus: number;
  readonly hosts: readonly { readonly record: string; readonly values: readonly string[] }[];
  /** Values to try for an integer parameter (others: every enum member, both bools, the default). */
  readonly values: readonly {
    readonly call: string;
    readonly param: string;
    readonly values: readonly string[];
  }[];
  readonly doc?: string;
}

export interface MProtocol {
  readonly name: string;
  readonly arch: string;
  readonly doc?: string;
  readonly origin: string;
  readonly errnos: readonly {
    readonly name: string;
    readonly value: number;
    readonly doc?: string;
    readonly origin: string;
  }[];
  readonly hosts: readonly PHostRecord[];
  readonly state: readonly PStateVar[];
  readonly calls: readonly PCall[];
  readonly explore?: PExplore;
}

export interface PEffect {
  readonly scope: 'vm' | 'vcpu';
  readonly name: string;
  readonly value: PExpr;
}

export type PStep =
  | {
      readonly kind: 'let';
      /** The call it runs for; absent, every call. */
      readonly call?: string;
      readonly name: string;
      readonly value: PExpr;
      readonly origin: string;
    }
  | {
      readonly kind: 'rule';
      readonly call?: string;
      readonly label?: string;
      /** Absent: the call's final `=>`. */
      readonly condition?: PExpr;
      readonly result: string;
      readonly effects: readonly PEffect[];
      readonly origin: string;
    };

export interface MMachine {
  readonly name: string;
  readonly protocol: string;
  readonly parent?: string;
  readonly doc?: string;
  readonly status?: MConsumerStatus;
  readonly origin: string;
  /** The effective decision list, inheritance applied. */
  readonly steps: readonly PStep[];
}
// --- end of protocols ---

/** Everything one compilation produced, each list in source order. */
export interface Model {
  readonly targets: readonly MTarget[];
  readonly enums: readonly MEnum[];
  readonly registers: readonly MRegister[];
  readonly features: readonly MFeature[];
  readonly tables: readonly MTable[];
  readonly reasons: readonly MReason[];
  readonly pmus: readonly MPmu[];
  readonly interfaces: readonly MInterface[];
  readonly consumers: readonly MConsumer[];
  readonly examples: readonly MExample[];
  readonly archs: readonly MArch[];
  readonly functions: readonly MFunction[];
  readonly explores: readonly MExplore[];
  readonly cores: readonly MCore[];
  readonly systems: readonly MSystem[];
  /** Protocols (issue 20) and the machines that implement them; absent when there are none. */
  readonly protocols?: readonly MProtocol[];
  readonly machines?: readonly MMachine[];
}

export const emptyModel: Model = {
  targets: [],
  enums: [],
  registers: [],
  features: [],
  tables: [],
  reasons: [],
  pmus: [],
  interfaces: [],
  consumers: [],
  examples: [],
  archs: [],
  functions: [],
  explores: [],
  cores: [],
  systems: [],
};
