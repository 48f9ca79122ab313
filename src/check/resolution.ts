/**
 * What a name or member expression turned out to mean, recorded by the type
 * checker so the model builder does not resolve anything twice.
 */
export type Resolution =
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'const'; readonly value: bigint; readonly enumName?: string }
  | { readonly kind: 'register'; readonly name: string }
  | { readonly kind: 'feature'; readonly name: string }
  | { readonly kind: 'pmu'; readonly name: string }
  | { readonly kind: 'table'; readonly name: string }
  | { readonly kind: 'namespace' }
  | { readonly kind: 'field'; readonly lsb: number; readonly width: number }
  | { readonly kind: 'prop'; readonly name: string };
