/**
 * The perf_event_attr fields a mapping may set (include/uapi/linux/perf_event.h),
 * with the kind of value each takes.
 */
export const PERF_ATTRS: Readonly<Record<string, 'int' | 'bool'>> = {
  type: 'int',
  config: 'int',
  config1: 'int',
  config2: 'int',
  exclude_user: 'bool',
  exclude_kernel: 'bool',
  exclude_hv: 'bool',
  exclude_idle: 'bool',
  exclude_host: 'bool',
  exclude_guest: 'bool',
  pinned: 'bool',
  disabled: 'bool',
};
