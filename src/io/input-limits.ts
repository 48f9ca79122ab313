/**
 * How large each kind of input pmumap reads may be, in one place (README,
 * "Bad input", states them). A file is measured (fstat) before a byte of it
 * is read, and the read itself stops one byte past the limit, so a file
 * that grows or lies about its size (/proc) is still bounded.
 */
import { MAX_FILE_BYTES } from '../syntax/limits.ts';

const MiB = 1024 * 1024;

export const INPUT_LIMITS = {
  /** A tables file (and each file it imports): the parser's own limit. */
  table: MAX_FILE_BYTES,
  /** A CPUID dump: `cpuid -r` of a 512-CPU host is ~4 MiB. */
  dump: 16 * MiB,
  /** A sysfs snapshot: a 2-socket server's is ~100 KiB; 10k PMU devices ~20 MiB. */
  snapshot: 64 * MiB,
  /** One sysfs attribute: the kernel's is at most a page. */
  sysfsAttribute: 64 * 1024,
  /** The --expect file of `pmumap verify`. */
  expect: 1 * MiB,
  /** A call sequence of `pmumap protocol ARCH check`: a VMM's is a few dozen lines. */
  sequence: 1 * MiB,
  /** One vendor JSON file (the largest Intel perfmon file is ~3 MiB). */
  vendorJson: 32 * MiB,
  /** A small text file beside vendor data (SOURCE.txt, LICENSE). */
  vendorText: 1 * MiB,
  /** One line (one question) of `pmumap query`: a command with its options is well under 1 KiB. */
  queryLine: 64 * 1024,
} as const;

/** How long a CPUID device may take to answer every leaf the tables read. */
export const CPUID_DEVICE_TIMEOUT_MS = 5000;

/** `4 MiB`, `64 KiB`, `12 bytes`: a size as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${+(bytes / 1024 / MiB).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
