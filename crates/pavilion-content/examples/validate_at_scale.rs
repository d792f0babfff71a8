//! How validation time grows with the size of a scene: builds scenes at 1×,
//! 10× and 100× a base size (hotspots with bodies and links in several
//! languages, a tour through them, and one broken reference per hotspot so
//! every finding must be located in the file) and prints each time with its
//! ratio to the 1× time measured in the same run. Linear work prints ratios
//! near 10 and 100; quadratic work would print 100 and 10,000.
//!
//! `cargo run --release -p pavilion-content --example validate_at_scale [base]`

use std::time::{Duration, Instant};

use pavilion_content::validate::diagnose;

const LANGUAGES: [&str; 5] = ["en", "fr", "ar", "zh-Hans", "hi"];

fn scene(n: usize) -> String {
    let text = |i: usize, what: &str| {
        let pairs: Vec<String> = LANGUAGES
            .iter()
            .map(|l| format!("\"{l}\": \"{what} {i}: see [the record](https://example.org/{i}) and *more*.\""))
            .collect();
        format!("{{{}}}", pairs.join(", "))
    };
    let hotspots: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"id\": \"h{i}\", \"position\": [{}, 1, 0], \"title\": {}, \"body\": {}}}",
                i % 100,
                text(i, "Title"),
                text(i, "Body")
            )
        })
        .collect();
    // Every other step names a hotspot that exists, the rest one that does not.
    let steps: Vec<String> = (0..2 * n)
        .map(|i| {
            if i % 2 == 0 {
                format!("{{\"hotspot\": \"h{}\"}}", i / 2)
            } else {
                format!("{{\"hotspot\": \"gone{i}\"}}")
            }
        })
        .collect();
    let langs: Vec<String> = LANGUAGES.iter().map(|l| format!("\"{l}\"")).collect();
    format!(
        "{{\"title\": {{\"en\": \"Scale\"}}, \"defaultLanguage\": \"en\", \"languages\": [{}],\n\"models\": [{{\"id\": \"m\", \"src\": \"m.glb\"}}],\n\"hotspots\": [\n{}\n],\n\"tours\": [{{\"id\": \"t\", \"title\": {{\"en\": \"T\"}}, \"steps\": [\n{}\n]}}]}}",
        langs.join(", "),
        hotspots.join(",\n"),
        steps.join(",\n")
    )
}

/// The fastest of a few runs (the least disturbed by the rest of the machine).
fn time(text: &str, runs: usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut findings = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let (_, found) = diagnose(text, "scale.json");
        best = best.min(t.elapsed());
        findings = found.len();
    }
    (best, findings)
}

fn main() {
    let base: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    println!("{:>8} {:>10} {:>9} {:>11} {:>8}", "hotspots", "bytes", "findings", "time", "ratio");
    let mut first = None;
    for factor in [1, 10, 100] {
        let n = base * factor;
        let text = scene(n);
        let (t, findings) = time(&text, if factor == 100 { 2 } else { 5 });
        let ratio = t.as_secs_f64() / *first.get_or_insert(t.as_secs_f64());
        println!(
            "{n:>8} {:>10} {findings:>9} {:>9.2}ms {ratio:>7.1}×",
            text.len(),
            t.as_secs_f64() * 1e3
        );
    }
}
