//! Replays every committed fuzz input (`fuzz/corpus/<target>/*`: the seeds and every crash kept
//! after its fix) through the same bodies the fuzz targets run (`quay_console::fuzzing`), so plain
//! `cargo test` on stable exercises them without nightly or cargo-fuzz.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::PathBuf;

use quay_console::fuzzing::TARGETS;

fn fuzz_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz"))
}

#[test]
fn every_target_has_a_fuzz_binary_and_a_seed_corpus() {
    for (name, _) in TARGETS {
        let target = fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"));
        assert!(target.exists(), "{} is missing", target.display());
        let body = fs::read_to_string(&target).unwrap();
        assert!(
            body.contains("quay_console::fuzzing::"),
            "{name}: calls the shared body"
        );
        let corpus = fuzz_dir().join("corpus").join(name);
        let count = fs::read_dir(&corpus).map_or(0, Iterator::count);
        assert!(count > 0, "{}: no seed inputs", corpus.display());
    }
}

#[test]
fn every_corpus_input_passes_its_target() {
    let mut runs = 0;
    for (name, body) in TARGETS {
        let mut inputs: Vec<PathBuf> = fs::read_dir(fuzz_dir().join("corpus").join(name))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        inputs.sort();
        for input in inputs {
            let data = fs::read(&input).unwrap();
            let outcome = std::panic::catch_unwind(|| body(&data));
            assert!(outcome.is_ok(), "{name}: {} fails", input.display());
            runs += 1;
        }
    }
    assert!(runs >= TARGETS.len());
}
