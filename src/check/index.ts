/**
 * The checker: an ordered list of passes in stages. Each stage runs only if
 * the stages before it found no error, so a pass can trust what earlier
 * stages established (peggy's pass pipeline).
 */
import type { CheckContext } from './context.ts';
import { adoptLegacyRoles } from './adopt-legacy-roles.ts';
import { collectDeclarations } from './collect-declarations.ts';
import { reportArch } from './report-arch.ts';
import { reportBitRanges } from './report-bit-ranges.ts';
import { reportConsumers } from './report-consumers.ts';
import { reportConsumerStatus } from './report-consumer-status.ts';
import { reportContracts } from './report-contracts.ts';
import { reportCoreLacks } from './report-core-lacks.ts';
import { reportCores } from './report-cores.ts';
import { reportCoreWidths } from './report-core-widths.ts';
import { reportCpuCommands } from './report-cpu-commands.ts';
import { reportCommandIdentity } from './report-command-identity.ts';
import { reportEnumValues } from './report-enum-values.ts';
import { reportExampleTargets } from './report-example-targets.ts';
import { reportExplore } from './report-explore.ts';
import { reportExpressionTypes } from './report-expression-types.ts';
import { reportHost } from './report-host.ts';
import { reportImports } from './report-imports.ts';
import { reportInputRanges } from './report-input-ranges.ts';
import { reportInheritance } from './report-inheritance.ts';
import { reportNativeIds } from './report-native-ids.ts';
import { reportPerfMappings } from './report-perf-mappings.ts';
import { reportSystems } from './report-systems.ts';
import { reportTableConstants } from './report-table-constants.ts';
import { reportVendorBindings } from './report-vendor-bindings.ts';

export type Pass = (ctx: CheckContext) => void;

export const stages: readonly (readonly Pass[])[] = [
  [collectDeclarations, reportImports, adoptLegacyRoles],
  [reportEnumValues, reportBitRanges, reportInheritance, reportInputRanges],
  [
    reportExpressionTypes,
    reportConsumers,
    reportPerfMappings,
    reportExampleTargets,
    reportArch,
    reportCpuCommands,
    reportCommandIdentity,
    reportHost,
    reportCores,
    reportCoreWidths,
    reportCoreLacks,
    reportVendorBindings,
    reportSystems,
    reportExplore,
    reportNativeIds,
  ],
  // Contracts rely on the interfaces, host rules and types checked above.
  [reportContracts],
  [reportTableConstants],
  // Last: a table with errors elsewhere is not also told to declare statuses.
  [reportConsumerStatus],
];

/** Run the stages; returns false if any reported an error. */
export function runChecks(ctx: CheckContext): boolean {
  for (const stage of stages) {
    for (const pass of stage) pass(ctx);
    if (ctx.bag.hasErrors()) return false;
  }
  return true;
}
