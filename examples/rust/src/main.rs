//! What KVM makes of a guest's `PMEVTYPER<n>_EL0` write, from the generated
//! Rust tables: `cargo run -- apple_m1 0 0x1b` (PMU, counter, value).

use pmumap_tables::arm64_kvm_vpmu as kvm;
use pmumap_tables::arm64_pmus::{PMU_APPLE_M1, PMU_PMUV3};
use pmumap_tables::types::OutcomeKind;

fn number(text: &str) -> Option<u64> {
    match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (pmu, counter, value) = match (args.first().map(String::as_str), args.get(1), args.get(2)) {
        (Some("pmuv3"), Some(c), Some(v)) => (PMU_PMUV3, number(c), number(v)),
        (Some("apple_m1"), Some(c), Some(v)) => (PMU_APPLE_M1, number(c), number(v)),
        _ => (0, None, None),
    };
    let (Some(counter), Some(value)) = (counter, value) else {
        eprintln!("usage: kvm-pmevtyper pmuv3|apple_m1 COUNTER VALUE");
        std::process::exit(2);
    };
    let mut input = kvm::KvmEvtypeWriteIn { pmu, counter, value, ..Default::default() };
    // The inputs given; the defaults function fills in the rest, as the runtime does.
    let given = kvm::KVM_EVTYPE_WRITE_IN_PMU | kvm::KVM_EVTYPE_WRITE_IN_COUNTER | kvm::KVM_EVTYPE_WRITE_IN_VALUE;
    kvm::kvm_evtype_write_defaults(&mut input, given).expect("defaults");
    let r = kvm::kvm_evtype_write_kvm(&input).expect("an answer");
    match r.kind {
        OutcomeKind::Perf => println!("perf type={:#x} config={:#x}", r.attr.type_, r.attr.config),
        // The message prints with its {placeholders} filled in; r.message.text is as written.
        _ => println!("{:?} {}: {}", r.kind, r.reason.map_or("-", |x| x.code()), r.message),
    }
    println!("decided at {}", r.origin);
}
