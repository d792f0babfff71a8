//! Fuzz target: [`pavilion_content::fuzz::command`] (what must hold for any input).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pavilion_content::fuzz::command(data));
