/**
 * A register's bit fields as an inline SVG, 32 bits per row (a 64-bit
 * register is two rows, 63:32 above 31:0): each field a box with its
 * name and bit positions, reserved bits (RES0/RES1) grey, fields that
 * exist only from some version (a `when` gate) dashed amber, and every
 * box titled with its full name, bits, gate, description and tables line.
 */
import type { ReportRegister } from '../query/report/collect.ts';
import { esc } from './escape.ts';

const CELL = 28;
const LEFT = 8;
const ROW = 64;
const BOX = 40;
const TOP = 16;

function label(name: string, width: number): string {
  const fits = Math.floor((width - 6) / 7);
  if (name.length <= fits) return name;
  return fits >= 2 ? `${name.slice(0, fits - 1)}…` : '';
}

export function registerSvg(r: ReportRegister): string {
  const rows = Math.ceil(r.width / 32);
  const width = LEFT * 2 + CELL * 32;
  const height = TOP + rows * ROW;
  const parts: string[] = [];
  parts.push(
    `<svg class="reg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`${r.name} bit fields`)}">`,
  );
  for (let row = 0; row < rows; row++) {
    const hi = r.width - 1 - row * 32;
    const lo = Math.max(0, hi - 31);
    const y = TOP + row * ROW;
    const x = (bit: number) => LEFT + (hi - bit) * CELL;
    // An outline for the whole row, so unnamed bits still show.
    parts.push(
      `<rect x="${x(hi)}" y="${y}" width="${(hi - lo + 1) * CELL}" height="${BOX}" class="row"/>`,
    );
    for (const f of r.fields) {
      if (f.msb < lo || f.lsb > hi) continue;
      const fHi = Math.min(f.msb, hi);
      const fLo = Math.max(f.lsb, lo);
      const w = (fHi - fLo + 1) * CELL;
      const cls = f.reserved ? 'res' : f.gate ? 'gated' : 'field';
      const bits = f.msb === f.lsb ? `${f.msb}` : `${f.msb}:${f.lsb}`;
      const title = [
        `${f.name} [${bits}]`,
        f.gate ? `exists when ${f.gate}` : '',
        f.enum ? `values: ${f.enum}` : '',
        f.doc ?? '',
        f.origin,
      ]
        .filter(Boolean)
        .join('\n');
      const text = f.reserved ? f.reserved.toUpperCase() : f.name;
      parts.push(
        `<g class="${cls}"><title>${esc(title)}</title><rect x="${x(fHi)}" y="${y}" width="${w}" height="${BOX}"/>` +
          `<text x="${x(fHi) + w / 2}" y="${y + BOX / 2 + 4}" text-anchor="middle">${esc(label(text, w))}${f.gate ? '*' : ''}</text></g>`,
      );
      parts.push(`<text class="bit" x="${x(fHi) + 2}" y="${y - 3}">${fHi}</text>`);
      if (fLo !== fHi)
        parts.push(
          `<text class="bit" x="${x(fLo) + CELL - 2}" y="${y - 3}" text-anchor="end">${fLo}</text>`,
        );
    }
  }
  parts.push('</svg>');
  return parts.join('');
}
