/**
 * Where a CPUID dump comes from: a text file, read bounded (regular files
 * only, INPUT_LIMITS.dump checked before the read), or the kernel's CPUID
 * device, read at offsets with a time limit. Any other path (a FIFO,
 * /dev/zero, a directory) is an InputError: one line, exit 2, at once.
 *
 * The device (arch/x86/kernel/cpuid.c): character major 203, minor = CPU;
 * a read of 16 bytes at file offset `leaf | subleaf << 32` returns EAX,
 * EBX, ECX, EDX (little-endian) of CPUID with EAX = the offset's low 32
 * bits and ECX = its high 32 bits.
 */
import { spawn } from 'node:child_process';
import { InputError, deviceMajor, readBoundedText, statInput } from '../io/bounded-read.ts';
import { CPUID_DEVICE_TIMEOUT_MS, INPUT_LIMITS } from '../io/input-limits.ts';

/** include/uapi/linux/major.h: CPUID_MAJOR. */
const CPUID_MAJOR = 203;

export type DumpInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'device'; readonly path: string };

/** Open a --dump path: the text of a dump file, or the CPUID device to read later. */
export function openDumpInput(path: string, label: string): DumpInput {
  const st = statInput(path, label);
  if (st.isCharacterDevice() && deviceMajor(st.rdev) === CPUID_MAJOR)
    return { kind: 'device', path };
  return { kind: 'text', text: readBoundedText(path, { maxBytes: INPUT_LIMITS.dump, label }) };
}

/**
 * Read `leaves` ([leaf, subleaf] pairs) from a CPUID device and render them
 * as `cpuid -r` lines. The reads run in a child process with a time limit:
 * some kernels and sandboxes block on this device, and pmumap must never hang.
 */
export async function readCpuidDevice(
  path: string,
  leaves: readonly (readonly [number, number])[],
  label: string,
  timeoutMs = CPUID_DEVICE_TIMEOUT_MS,
): Promise<string> {
  const unique = [...new Map(leaves.map((l) => [l.join(':'), l])).values()];
  const script = `const fs=require('fs');const fd=fs.openSync(process.argv[1],'r');for(const a of process.argv.slice(2)){const [l,s]=a.split(':').map(Number);const b=Buffer.alloc(16);if(fs.readSync(fd,b,0,16,BigInt(l)|(BigInt(s)<<32n))===16){const h=(i)=>'0x'+b.readUInt32LE(i).toString(16).padStart(8,'0');console.log('   0x'+l.toString(16).padStart(8,'0')+' 0x'+s.toString(16).padStart(2,'0')+': eax='+h(0)+' ebx='+h(4)+' ecx='+h(8)+' edx='+h(12));}}`;
  return await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, path, ...unique.map((l) => l.join(':'))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // A device answers 16 bytes per leaf: far more is not this device.
      if (out.length > INPUT_LIMITS.dump) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString().slice(0, 4096)));
    // A read stuck in the kernel cannot be interrupted: give up on the child
    // and let this process exit without it.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      child.unref();
      child.stdout.destroy();
      child.stderr.destroy();
      reject(
        new InputError(
          'timeout',
          path,
          `${label}: the device did not answer within ${timeoutMs / 1000} s`,
        ),
      );
    }, timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status === 0) resolve(out);
      else
        reject(
          new InputError(
            'unreadable',
            path,
            `${label}: cannot read it (${err.match(/E[A-Z]{2,}/)?.[0] ?? 'error'})`,
          ),
        );
    });
  });
}
