import type { Parser, Printer, SupportLanguage } from 'prettier';

export declare const languages: SupportLanguage[];
export declare const parsers: Record<string, Parser>;
export declare const printers: Record<string, Printer>;
export { format, PmumapSyntaxError } from './format.js';

declare const plugin: {
  languages: SupportLanguage[];
  parsers: Record<string, Parser>;
  printers: Record<string, Printer>;
};
export default plugin;
