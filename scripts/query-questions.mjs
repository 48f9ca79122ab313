// Mixed questions for `pmumap query` (bench and README): a CPUID.0xA leaf, an arm64 counter
// write, the arm64 generic events of a PMCEID pair, the guest's PMCEID pair; each one different
// (seeded), so nothing is answered twice.
export function mixedQuestions(count, seed = 0x2545f491) {
  let s = seed >>> 0;
  // mulberry32: every draw different enough that no two questions repeat.
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) >>> 1;
  };
  const hex = (n) => `0x${(n >>> 0).toString(16)}`;
  const word = () => next() ^ (next() << 1);
  const lines = [];
  for (let i = 0; i < count; i++) {
    const q =
      i % 4 === 0
        ? {
            cmd: 'cpuid 0xa',
            eax: hex(0x07300000 | ((next() % 9) << 8) | (next() % 6)),
            ebx: hex(next() & 0xff),
            ecx: hex(next() & 0xff),
            edx: hex(0x8600 | (next() % 6)),
          }
        : i % 4 === 1
          ? {
              cmd: 'map arm64',
              counter: String(next() % 33),
              value: hex(word()),
              pmuver: String([1, 4, 5, 6][next() % 4]),
              counters: '6',
            }
          : i % 4 === 2
            ? { cmd: 'generic arm64', pmceid0: hex(word()), pmceid1: hex(word()) }
            : { cmd: 'pmceid arm64', 'host-pmceid0': hex(word()), 'host-pmceid1': hex(word()) };
    lines.push(JSON.stringify(q));
  }
  return lines.join('\n') + '\n';
}
