/*
 * What KVM makes of a guest's PMEVTYPER<n>_EL0 write, from the generated
 * C tables: the perf_event_attr it creates, or why it creates none.
 *
 *   cc -std=c11 -I ../../tables/generated/c kvm-pmevtyper.c -o kvm-pmevtyper
 *   ./kvm-pmevtyper pmuv3 0 0x4008
 *   ./kvm-pmevtyper apple_m1 0 0x1b
 *
 * PMU is pmuv3 or apple_m1 (the host PMU behind the guest), COUNTER the n
 * of PMEVTYPER<n>_EL0 (31 for PMCCFILTR_EL0) and VALUE the 64-bit value
 * written. Every other input of the interface takes its default.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmumap.h"

static int parse_u64(const char *text, uint64_t *value) {
  char *end;
  unsigned long long v = strtoull(text, &end, 0);
  if (*text == '\0' || *end != '\0') return 0;
  *value = (uint64_t)v;
  return 1;
}

static void print_attr(const struct pmumap_perf_attr *a) {
  printf("perf type=0x%" PRIx64 " config=0x%" PRIx64, a->type, a->config);
  if (a->set & PMUMAP_ATTR_EXCLUDE_USER) printf(" exclude_user=%d", a->exclude_user);
  if (a->set & PMUMAP_ATTR_EXCLUDE_KERNEL) printf(" exclude_kernel=%d", a->exclude_kernel);
  if (a->set & PMUMAP_ATTR_EXCLUDE_HV) printf(" exclude_hv=%d", a->exclude_hv);
  if (a->set & PMUMAP_ATTR_EXCLUDE_HOST) printf(" exclude_host=%d", a->exclude_host);
  if (a->set & PMUMAP_ATTR_EXCLUDE_GUEST) printf(" exclude_guest=%d", a->exclude_guest);
  printf("\n");
}

int main(int argc, char **argv) {
  struct pmumap_kvm_evtype_write_in in;
  struct pmumap_kvm_evtype_write_result out;
  uint64_t counter, value;
  char message[512];

  if (argc != 4 || !parse_u64(argv[2], &counter) || !parse_u64(argv[3], &value)) {
    fprintf(stderr, "usage: %s pmuv3|apple_m1 COUNTER VALUE\n", argv[0]);
    return 2;
  }
  memset(&in, 0, sizeof in);
  if (strcmp(argv[1], "pmuv3") == 0) {
    in.pmu = PMUMAP_PMU_PMUV3;
  } else if (strcmp(argv[1], "apple_m1") == 0) {
    in.pmu = PMUMAP_PMU_APPLE_M1;
  } else {
    fprintf(stderr, "%s: unknown PMU '%s' (pmuv3 or apple_m1)\n", argv[0], argv[1]);
    return 2;
  }
  in.counter = counter;
  in.value = value;
  /* The inputs given; the defaults function fills in the rest, as the runtime does. */
  if (!pmumap_kvm_evtype_write_defaults(&in, PMUMAP_KVM_EVTYPE_WRITE_IN_PMU |
                                                 PMUMAP_KVM_EVTYPE_WRITE_IN_COUNTER |
                                                 PMUMAP_KVM_EVTYPE_WRITE_IN_VALUE) ||
      !pmumap_kvm_evtype_write_kvm(&in, &out)) {
    fprintf(stderr, "%s: the tables cannot answer for these inputs\n", argv[0]);
    return 1;
  }
  switch (out.kind) {
  case PMUMAP_OUTCOME_PERF:
    print_attr(&out.attr);
    break;
  case PMUMAP_OUTCOME_REFUSED:
  case PMUMAP_OUTCOME_SOFTWARE:
  case PMUMAP_OUTCOME_DIRECT:
    pmumap_format_message(message, sizeof message, out.message, &out.args);
    printf("%s %s: %s\n", out.kind == PMUMAP_OUTCOME_REFUSED ? "refused" : "no perf event",
           pmumap_reason_code(out.reason), message);
    break;
  case PMUMAP_OUTCOME_NONE:
    printf("no answer\n");
    break;
  }
  printf("decided at %s\n", out.origin);
  return 0;
}
