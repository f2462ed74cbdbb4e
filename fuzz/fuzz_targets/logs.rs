#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| quay_console::fuzzing::logs(data));
