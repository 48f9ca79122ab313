/** One difference a semantic diff reports, with where each side's answer comes from. */
export interface Change {
  /** What changed: a probe, an event, a register, a table entry, ... */
  readonly subject: string;
  readonly from?: string;
  readonly to?: string;
  readonly fromOrigin?: string;
  readonly toOrigin?: string;
}
