//! Every input the fuzzer keeps (`fuzz/corpus/<target>/`) and every input
//! that once broke a property (`fuzz/regressions/<target>/`) still passes
//! its target's checks ([`pavilion_content::fuzz`]).

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut out = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') {
                out.push((format!("{dir}/{target}/{name}"), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out
}

fn check(target: &str, property: fn(&[u8])) {
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "fuzz/corpus/{target}/ has no seeds");
    for (name, data) in inputs {
        if std::panic::catch_unwind(|| property(&data)).is_err() {
            panic!("{name} breaks the {target} checks");
        }
    }
}

#[test]
fn scene_inputs() {
    check("scene", pavilion_content::fuzz::scene);
}

#[test]
fn richtext_inputs() {
    check("richtext", pavilion_content::fuzz::richtext);
}

#[test]
fn language_inputs() {
    check("language", pavilion_content::fuzz::language);
}

#[test]
fn command_inputs() {
    check("command", pavilion_content::fuzz::command);
}
