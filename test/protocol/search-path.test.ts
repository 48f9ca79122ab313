/**
 * The two protocol searches (src/protocol/reachable.ts over one machine,
 * src/protocol/explore-disagreements.ts over all machines together) read a
 * witness back from their nodes with one shared pathTo
 * (src/protocol/search-path.ts) instead of a copy each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PCall } from '../../src/model/model.ts';
import type { Invocation } from '../../src/runtime/protocol-step.ts';
import { pathTo, type SearchNode } from '../../src/protocol/search-path.ts';
import { ROOT } from '../helpers.ts';

const call = (name: string): Invocation => ({
  call: { name } as PCall,
  vcpu: 0,
  args: new Map(),
});

describe('pathTo', () => {
  it('gives the calls from the start to a node, first call first', () => {
    const start: SearchNode = {};
    const a: SearchNode = { parent: start, via: call('vcpu.init') };
    const b: SearchNode = { parent: a, via: call('vgic.create') };
    const c: SearchNode = { parent: b, via: call('vcpu.run') };
    expect(pathTo(c).map((i) => i.call.name)).toEqual(['vcpu.init', 'vgic.create', 'vcpu.run']);
    expect(pathTo(start)).toEqual([]);
  });

  it('is written once: both searches import it', () => {
    for (const file of ['reachable.ts', 'explore-disagreements.ts']) {
      const text = readFileSync(join(ROOT, 'src/protocol', file), 'utf8');
      expect(text, file).not.toMatch(/function pathTo\b/);
      expect(text, file).toContain("import { pathTo } from './search-path.ts';");
    }
  });
});
