/**
 * The catalog of every diagnostic pmumap reports. Codes are stable: tools
 * and golden fixtures depend on them, so a code is never reused.
 * PM1xxx parse, PM2xxx names and structure, PM3xxx perf mappings, PM4xxx examples.
 */
export const messages = {
  // --- parse ---
  SyntaxError: { code: 'PM1001', severity: 'error', text: 'expected {0}, found {1}' },
  NumberTooWide: {
    code: 'PM1002',
    severity: 'error',
    text: 'number {0} does not fit in 64 bits',
  },
  NestingTooDeep: {
    code: 'PM1003',
    severity: 'error',
    text: "more than {0} {1} here, past the parser's limit; split the expression with `let` steps or a `fn`",
  },
  FileTooLarge: {
    code: 'PM1004',
    severity: 'error',
    text: 'the file is {0} MiB; the limit is {1} MiB per tables file (split it into files that import each other)',
  },
  TooComplex: {
    code: 'PM1005',
    severity: 'error',
    text: 'the file nests too deeply for pmumap to {0} (the stack ran out); simplify the expressions it reports nothing else about',
  },
  ControlCharacter: {
    code: 'PM1006',
    severity: 'error',
    text: 'control character {0}: a tables file may contain tab, LF and CR only; inside a string write it as \\u{{1}}',
  },

  // --- names ---
  DuplicateName: { code: 'PM2001', severity: 'error', text: "{0} '{1}' is already defined" },
  DuplicateMember: {
    code: 'PM2002',
    severity: 'error',
    text: "'{0}' is already a member of '{1}'",
  },
  DuplicateCode: {
    code: 'PM2003',
    severity: 'error',
    text: "code {0} of '{1}' is already used by '{2}' in '{3}'",
  },
  UndefinedName: {
    code: 'PM2004',
    severity: 'error',
    text: "'{0}' is not defined; expected {1}",
  },
  UnknownMember: {
    code: 'PM2005',
    severity: 'error',
    text: "'{0}' has no member '{1}'; expected one of {2}",
  },

  // --- registers and enums ---
  FieldOutsideRegister: {
    code: 'PM2101',
    severity: 'error',
    text: "field '{0}' bits {1} lie outside the {2}-bit register '{3}'",
  },
  FieldMsbBelowLsb: {
    code: 'PM2102',
    severity: 'error',
    text: "field '{0}' has msb {1} below lsb {2}; write the high bit first, as {2}:{1}",
  },
  FieldOverlap: {
    code: 'PM2103',
    severity: 'error',
    text: "field '{0}' [{1}] overlaps field '{2}' [{3}]",
  },
  BitsUnspecified: {
    code: 'PM2104',
    severity: 'error',
    text: "bits {0} of register '{1}' are not specified; declare a field or res0/res1 there",
  },
  EnumValueTooWide: {
    code: 'PM2105',
    severity: 'error',
    text: "value {0} of '{1}' does not fit in {2} bits",
  },
  EnumWiderThanField: {
    code: 'PM2106',
    severity: 'error',
    text: "enum '{0}' is {1} bits wide but field '{2}' has {3}",
  },
  DuplicateValue: {
    code: 'PM2107',
    severity: 'error',
    text: "value {0} of '{1}' is already used by '{2}' in '{3}'",
  },
  BadWidth: {
    code: 'PM2108',
    severity: 'error',
    text: "width {0} of '{1}' is not between 1 and 64",
  },
  BadIndexRange: {
    code: 'PM2109',
    severity: 'error',
    text: "index range {0}..{1} of '{2}' is empty; write the low bound first",
  },

  // --- types and expressions ---
  TypeMismatch: { code: 'PM2201', severity: 'error', text: 'expected {0}, found {1}' },
  UnknownFunction: {
    code: 'PM2202',
    severity: 'error',
    text: "unknown function '{0}'; expected one of {1}",
  },
  WrongArity: {
    code: 'PM2203',
    severity: 'error',
    text: "'{0}' takes {1} argument(s), found {2}",
  },
  UnknownType: {
    code: 'PM2204',
    severity: 'error',
    text: "'{0}' is not a type; expected bool, u1..u64, ranges<Enum>, or an enum, register, pmu or target type name",
  },
  NotConstant: {
    code: 'PM2205',
    severity: 'error',
    text: '{0} must be a constant: a number, true/false or an enum member',
  },

  // --- inheritance, interfaces, consumers ---
  CyclicInheritance: {
    code: 'PM2301',
    severity: 'error',
    text: "{0} '{1}' extends itself: {2}",
  },
  OutputNotSet: {
    code: 'PM2303',
    severity: 'error',
    text: "consumer '{0}' does not set output '{1}' of interface '{2}'",
  },
  MissingOutcome: {
    code: 'PM2304',
    severity: 'error',
    text: "consumer '{0}' has no final '=> outcome', which interface '{1}' requires",
  },
  UnexpectedOutcome: {
    code: 'PM2305',
    severity: 'error',
    text: "interface '{0}' declares no outcome, so consumer '{1}' cannot end with one",
  },
  InterfaceMismatch: {
    code: 'PM2306',
    severity: 'error',
    text: "consumer '{0}' implements '{1}' but extends '{2}', which implements '{3}'",
  },
  NotAnOutput: {
    code: 'PM2307',
    severity: 'error',
    text: "'{0}' is not an output of interface '{1}'; expected one of {2}",
  },
  DropUnknown: {
    code: 'PM2309',
    severity: 'error',
    text: "'{0}' drops step '{1}', but {2}",
  },
  RecursiveFunction: {
    code: 'PM2310',
    severity: 'error',
    text: "function '{0}' calls itself: {1}",
  },
  ImportMissing: {
    code: 'PM2311',
    severity: 'error',
    text: "'{0}' is not part of this compilation; expected a tables file that exists (paths are relative to the importing file)",
  },
  HostBinding: {
    code: 'PM2312',
    severity: 'error',
    text: "'{0}' cannot be bound here: {1}",
  },
  InputRangeTooWide: {
    code: 'PM2313',
    severity: 'error',
    text: "range {0}..{1} of input '{2}' does not fit its type {3} ({4} bits)",
  },
  ImportOutsideRoot: {
    code: 'PM2314',
    severity: 'error',
    text: "'{0}' is outside the tables root {1}; an import is a relative path that stays inside the directories named on the command line (name the directory that holds both)",
  },
  // --- what the C and Rust targets cannot spell (src/emit/native-check.ts): gen would refuse ---
  NativeNameClash: {
    code: 'PM2315',
    severity: 'error',
    text: "{0} identifier '{1}' would name both {2} and {3}; rename one of them",
  },
  NativeNameEmpty: {
    code: 'PM2316',
    severity: 'error',
    text: "'{0}' has no letters or digits to name a C or Rust item",
  },
  NativeResultField: {
    code: 'PM2317',
    severity: 'error',
    text: "output '{0}' of '{1}' would reuse the result field '{2}' of the C and Rust results; expected another name",
  },
  NativeLimit: {
    code: 'PM2318',
    severity: 'error',
    text: '{0}',
  },
  // --- vendor cross-checks (pmumap import): warnings, the vendor's data stays as it is ---
  VendorArchMismatch: {
    code: 'PM2601',
    severity: 'warning',
    text: "core '{0}' calls event {1} '{2}', but {3} (vendor: {4})",
  },
  VendorFixedNotPrefix: {
    code: 'PM2602',
    severity: 'warning',
    text: "core '{0}' has fixed counters {1} (mask {2}), not a prefix: {3} missing; a reader that takes a count of fixed counters instead of a mask sees only {4} (vendor: {5})",
  },
  VendorDuplicate: {
    code: 'PM2603',
    severity: 'warning',
    text: "core '{0}' lists {1} twice (vendor: {2})",
  },
  VendorCounters: {
    code: 'PM2604',
    severity: 'warning',
    text: "core '{0}': {1}, but pmu '{2}' {3} (vendor: {4})",
  },
  VendorUnimplemented: {
    code: 'PM2605',
    severity: 'warning',
    text: "core '{0}' claims common event {1} '{2}', but {3}: {4} (vendor: {5})",
  },
  VendorReadersDisagree: {
    code: 'PM2606',
    severity: 'warning',
    text: "core '{0}': the consumers of {1} disagree on it, given {2}: {3}",
  },
  // An error: the generated C field would truncate the code, rustc refuses the literal.
  CoreCodeTooWide: {
    code: 'PM2607',
    severity: 'error',
    text: "core '{0}' (pmu '{2}'): {1} (vendor: {3})",
  },
  // --- which kernel a consumer models (src/check/report-consumer-status.ts) ---
  MissingConsumerStatus: {
    code: 'PM2320',
    severity: 'warning',
    text: 'consumer \'{0}\' does not say which kernel it models: begin its body with `status mainline vX.Y ..`, `status patch "subject" vN "date" modifies CONSUMER` or `status spec "document"`',
  },
  MainlineExtendsPatch: {
    code: 'PM2321',
    severity: 'error',
    text: "mainline consumer '{0}' extends '{1}', which is {2}: a released kernel cannot build on a series that is not merged; let '{1}' extend '{0}' instead",
  },
  OverlappingKernelRanges: {
    code: 'PM2322',
    severity: 'error',
    text: "consumer '{0}' models {1}, which overlaps '{2}' ({3}): two versions of one reader of '{4}' cannot both hold for one kernel",
  },
  BackwardKernelRange: {
    code: 'PM2323',
    severity: 'error',
    text: 'kernel range {0} .. {1} ends before it starts',
  },
  StatusNotMainline: {
    code: 'PM2324',
    severity: 'error',
    text: "'{0}' must name a mainline consumer of '{1}'{2}; found {3}",
  },
  DefaultNotNewestMainline: {
    code: 'PM2325',
    severity: 'error',
    text: "the default '{0}' of '{1}' is {2}; a default is the newest mainline consumer (a mainline status with an open end and no `of`)",
  },
  // --- the numbers of pmus and reasons in C and Rust (src/check/report-native-ids.ts) ---
  NativeIdTaken: {
    code: 'PM2341',
    severity: 'error',
    text: "{0} '{1}' has number {2}, which '{3}' already has; each {0} keeps its own number in the C and Rust outputs",
  },
  NativeIdMissing: {
    code: 'PM2342',
    severity: 'warning',
    text: "{0} '{1}' declares no number for the C and Rust outputs, so a new file could renumber it; declare one ({2} is free)",
  },
  BeforeUnknown: {
    code: 'PM2343',
    severity: 'error',
    text: "'{0}' places a step before '{1}', but {2}",
  },
  // --- how `pmumap host` recognises an architecture (src/check/report-host.ts) ---
  ArchDevicesOverlap: {
    code: 'PM2340',
    severity: 'error',
    text: "{0} of '{1}' and {2} of '{3}' can claim the same perf PMU device, so `pmumap host` could not tell the two architectures apart; give both a `when` on one attribute file with globs no one text matches (when format event = \"config:0-7*\")",
  },
  // --- H21: a `host marker` is never a core PMU (src/check/report-host.ts), PM2490-PM2494 ---
  MarkerIsCoreDevice: {
    code: 'PM2490',
    severity: 'error',
    text: "host marker '{0}' of '{1}' can name the same perf PMU device as its host device '{2}', but a marker is never a core PMU; give the two globs no device name in common, or a `when` on one attribute file with globs no one text matches",
  },
  UnreachableStep: {
    code: 'PM2308',
    severity: 'error',
    text: "step after the final '=>' of consumer '{0}' can never run",
  },

  // --- contracts: what a command or JSON answer reads from the tables (src/check/report-contracts.ts), PM2350-PM2369 ---
  LegacyRoles: {
    code: 'PM2344',
    severity: 'warning',
    text: "interface '{0}' declares no roles, so its items are read by name as tables written before roles were: {1}; declare them with `role`",
  },
  UnknownRole: {
    code: 'PM2350',
    severity: 'error',
    text: "'{0}' is not a role of an interface {1}; expected {2}",
  },
  RoleType: {
    code: 'PM2351',
    severity: 'error',
    text: "{0} '{1}' has role '{2}' ({4}), which needs {3}; '{1}' is {5}",
  },
  DuplicateRole: {
    code: 'PM2352',
    severity: 'error',
    text: "'{0}' and '{1}' of interface '{2}' both have role '{3}'; a command reads one",
  },
  HostRoleMissing: {
    code: 'PM2353',
    severity: 'error',
    text: "the {0} interface '{1}' has no output with role '{2}', which `pmumap host` reads: {3}",
  },
  GuestCounterEvent: {
    code: 'PM2354',
    severity: 'warning',
    text: "guest counter '{0}' on {1} names no event, so the host probe programs event 0 there, as tables written before `event` meant; where the event picks the counter that is another counter: write `{0} on {1} event E`",
  },
  GuestEventConstant: {
    code: 'PM2355',
    severity: 'error',
    text: "the event of guest counter '{0}' must be a number or an enum member, like pmuv3_event.CPU_CYCLES",
  },
  GuestKeyConsumer: {
    code: 'PM2357',
    severity: 'error',
    text: "'{0}' is not a consumer of an interface with role guest outputs, so no kvmGuest answer is keyed by it; expected {1}",
  },
  GuestEventNotFixed: {
    code: 'PM2358',
    severity: 'warning',
    text: "guest counter '{0}' on {1} is probed with event {2}, but pmu '{3}' fixes counter {1} to event {4}; one of the two declarations is wrong",
  },
  GuestCounterRole: {
    code: 'PM2359',
    severity: 'error',
    text: "the guest command's interface '{0}' does not say on which counter a guest's event is counted (explain names it): give `role counter` to the input the guest names the counter with, or to the output where the command picks it",
  },
  DefaultLeafTwice: {
    code: 'PM2356',
    severity: 'error',
    text: "'{0}' declares a default leaf, and so does '{1}'; a question that names no leaf could not choose (declare one)",
  },
  // --- whole-CPU commands (src/check/report-cpu-commands.ts) ---
  CpuCommandMissing: {
    code: 'PM2370',
    severity: 'error',
    text: "whole-CPU command '{0}' has no {1}",
  },
  CpuCommandSlot: {
    code: 'PM2371',
    severity: 'error',
    text: "'{0}' is not a slot of a whole-CPU command (expected {1})",
  },
  CpuCommandVendorRegister: {
    code: 'PM2372',
    severity: 'error',
    text: "'{0}' is not a cpuid register, so it cannot hold the vendor string",
  },
  CpuCommandNoDispatch: {
    code: 'PM2373',
    severity: 'error',
    text: "identify interface '{0}' has no output of an enum type, so no output picks a `for` block",
  },
  CpuCommandMatch: {
    code: 'PM2374',
    severity: 'error',
    text: "a `for` block matches a value of the identify output '{1}', so it names a member of '{0}': {2}",
  },
  CpuCommandGiven: {
    code: 'PM2375',
    severity: 'error',
    text: '`given {0}` binds {1}',
  },
  CpuCommandOverSlot: {
    code: 'PM2376',
    severity: 'error',
    text: "slot '{0}' {1}",
  },
  // Slot inputs no register gives are options of the whole-CPU command
  // (src/query/cpu/slot-inputs.ts): one option per input name.
  CpuCommandSlotInputType: {
    code: 'PM2475',
    severity: 'error',
    text: "input '{0}' is {1} in slot interface '{2}' but {3} in '{4}', so the option --{5} of command '{6}' cannot set both",
  },
  CpuCommandSlotInputOption: {
    code: 'PM2476',
    severity: 'error',
    text: "input '{0}' of slot interface '{1}' would be the option --{2} of command '{3}', which {4}",
  },
  // --- an arch command answered by a whole CPU's slot (src/check/report-command-identity.ts) ---
  CommandIdentityTarget: {
    code: 'PM2390',
    severity: 'error',
    text: '`identity {0}` names nothing to answer: {1}',
  },
  CommandIdentityVendor: {
    code: 'PM2391',
    severity: 'error',
    text: 'vendor "{0}" is not a vendor string of \'{1}\': expected {2} printable ASCII characters (its vendor registers, 4 each)',
  },
  CommandIdentityMismatch: {
    code: 'PM2392',
    severity: 'error',
    text: "'{0}' cannot hand its question to {1}: {2}",
  },
  // --- perf mappings ---
  UnknownPerfEvent: {
    code: 'PM3001',
    severity: 'error',
    text: "'{0}' is not a perf event; expected a member of a target type, such as {1}",
  },
  RefusalWithoutReason: {
    code: 'PM3002',
    severity: 'error',
    text: 'refusal has no reason code; expected `refuse CODE "message"` with a code from a reasons block',
  },
  UnknownReason: {
    code: 'PM3003',
    severity: 'error',
    text: "'{0}' is not a refusal reason; expected one of {1}",
  },
  UnknownPerfAttr: {
    code: 'PM3004',
    severity: 'error',
    text: "'{0}' is not a perf_event_attr field pmumap models; expected one of {1}",
  },
  RefusalWithoutMessage: {
    code: 'PM3005',
    severity: 'error',
    text: "refusal '{0}' has no message; say in a string why the mapping is refused",
  },

  // --- protocols (issue 20): state machines a VMM drives, PM2400-PM2429 ---
  ProtocolUnknown: {
    code: 'PM2400',
    severity: 'error',
    text: "'{0}' is not a protocol; expected one of {1}",
  },
  ProtocolDuplicate: {
    code: 'PM2401',
    severity: 'error',
    text: "{0} '{1}' is already declared in '{2}'",
  },
  ProtocolUnknownType: {
    code: 'PM2402',
    severity: 'error',
    text: "'{0}' is not a type a protocol {1} can have; expected bool, u1..u64 or an enum{2}",
  },
  ProtocolUnknownName: {
    code: 'PM2403',
    severity: 'error',
    text: "'{0}' is not defined here; expected {1}",
  },
  ProtocolTypeMismatch: {
    code: 'PM2404',
    severity: 'error',
    text: 'expected {0}, found {1}',
  },
  ProtocolUndeclaredErrno: {
    code: 'PM2405',
    severity: 'error',
    text: "errno '{0}' is not declared in protocol '{1}'; expected one of {2}",
  },
  ProtocolNonzeroSuccess: {
    code: 'PM2406',
    severity: 'error',
    text: 'a result is 0 or -ERRNO, not {0}',
  },
  ProtocolUnknownState: {
    code: 'PM2407',
    severity: 'error',
    text: "'{0}' is not a state variable of protocol '{1}'; expected one of {2}",
  },
  ProtocolUnknownCall: {
    code: 'PM2408',
    severity: 'error',
    text: "'{0}' is not a call of protocol '{1}'; expected one of {2}",
  },
  ProtocolNoVcpu: {
    code: 'PM2409',
    severity: 'error',
    text: "'{0}' names the calling vCPU, but {1} is made by no vCPU",
  },
  ProtocolNoRule: {
    code: 'PM2410',
    severity: 'error',
    text: "machine '{0}': no step decides {1} after {2}; end the call's steps with `on {3} => ...`",
  },
  ProtocolUnreachable: {
    code: 'PM2411',
    severity: 'warning',
    text: "machine '{0}': step {1} never decides a call (explored every state {2} reach)",
  },
  ProtocolBadAnchor: {
    code: 'PM2412',
    severity: 'error',
    text: "'{0}' names no labelled step of '{1}', the machine '{2}' extends; expected one of {3}",
  },
  ProtocolUnknownMachine: {
    code: 'PM2413',
    severity: 'error',
    text: "'{0}' is not a machine of protocol '{1}'; expected one of {2}",
  },
  ProtocolExtendsLoop: {
    code: 'PM2414',
    severity: 'error',
    text: "machine '{0}' extends itself ({1})",
  },
  ProtocolUnknownArch: {
    code: 'PM2415',
    severity: 'error',
    text: "'{0}' is not a declared arch; expected one of {1}",
  },
  ProtocolTwoForArch: {
    code: 'PM2416',
    severity: 'error',
    text: "arch '{0}' already has protocol '{1}'; `pmumap protocol {0}` runs one",
  },
  ProtocolBadScope: {
    code: 'PM2417',
    severity: 'error',
    text: "'{0}' is not a state scope; expected 'vm' or 'vcpu'",
  },
  ProtocolHostArity: {
    code: 'PM2418',
    severity: 'error',
    text: 'host {0} takes {1} values, found {2}',
  },
  ProtocolNotConstant: {
    code: 'PM2419',
    severity: 'error',
    text: '{0} must be a constant (a number, true, false or an enum member)',
  },
  ProtocolUnknownFunction: {
    code: 'PM2420',
    severity: 'error',
    text: "'{0}' is not a function of protocol steps; expected one of {1}",
  },
  ProtocolParamOutsideCall: {
    code: 'PM2421',
    severity: 'error',
    text: "'{0}' is a parameter, but this step runs for every call; put it under `on CALL`",
  },
  ProtocolNoFlagDefault: {
    code: 'PM2422',
    severity: 'error',
    text: "flag '{0}' is false unless written; it takes no default",
  },

  // --- examples ---
  ExampleContradicted: {
    code: 'PM4001',
    severity: 'error',
    text: "example '{0}': consumer '{1}' gives {2}, but the example expects {3}",
  },
  ExampleUnknownInput: {
    code: 'PM4002',
    severity: 'error',
    text: "'{0}' is not an input of interface '{1}'; expected one of {2}",
  },
  ExampleFailed: {
    code: 'PM4003',
    severity: 'error',
    text: "example '{0}': consumer '{1}' could not run: {2}",
  },
  ExampleUnknownConsumer: {
    code: 'PM4004',
    severity: 'error',
    text: "'{0}' is not a consumer of interface '{1}'; expected one of {2}",
  },
} as const satisfies Record<
  string,
  { code: `PM${number}`; severity: 'error' | 'warning'; text: string }
>;

export type MessageId = keyof typeof messages;
