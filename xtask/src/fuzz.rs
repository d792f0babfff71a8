//! `cargo xtask fuzz`: coverage-guided fuzzing of the content model.
//!
//! The fuzzer is libFuzzer, through the `libfuzzer-sys` crate, built
//! without a sanitizer: Rust is memory-safe, so what is looked for is a
//! panic (a failed property of `pavilion_content::fuzz`, an index out of
//! range, an overflow: overflow checks and debug assertions are on), a hang
//! or runaway memory. Coverage comes from LLVM's SanitizerCoverage pass,
//! which stable rustc runs with `-C passes=sancov-module` (what cargo-fuzz
//! does, without needing cargo-fuzz or a nightly toolchain). The targets
//! live in `fuzz/`, a workspace of their own, built into `target/fuzz`.
//!
//! - `cargo xtask fuzz [--seconds N] [TARGET…]`: N seconds per target
//!   (default 300); the inputs it finds that reach new code are merged into
//!   `fuzz/corpus/<target>/`, to commit.
//! - `cargo xtask test` runs every target for a few seconds from the
//!   committed corpus, keeping nothing.
//!
//! A failing input is written to `target/fuzz/artifacts/<target>/`; copied
//! into `fuzz/regressions/<target>/`, the content crate's tests replay it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::output_of;

pub const TARGETS: [&str; 4] = ["scene", "richtext", "language", "command"];

/// What rustc needs to instrument the targets for libFuzzer.
const RUSTFLAGS: &str = "-Cpasses=sancov-module \
    -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
    -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares \
    --cfg fuzzing -Cdebug-assertions -Coverflow-checks";

/// One target's run.
#[derive(Debug)]
pub struct Outcome {
    pub target: &'static str,
    pub seconds: u64,
    pub runs: u64,
    /// Inputs in the committed corpus after the run.
    pub corpus: usize,
}

/// Builds the targets with `cargo` (a command to which `build …` is
/// added), for the host explicitly so build scripts and proc macros stay
/// uninstrumented. Returns the folder of the binaries.
pub fn build(root: &Path, mut cargo: Command) -> Result<PathBuf> {
    let host = output_of(Command::new("rustc").arg("-vV"))
        .and_then(|v| v.lines().find_map(|l| l.strip_prefix("host: ").map(str::to_string)))
        .context("rustc -vV names no host")?;
    let target_dir = root.join("target/fuzz");
    let status = cargo
        .current_dir(root)
        .args([
            "build",
            "--release",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--target",
            &host,
            "--target-dir",
        ])
        .arg(&target_dir)
        .env("RUSTFLAGS", RUSTFLAGS)
        .status()
        .context("could not start cargo")?;
    if !status.success() {
        bail!("building the fuzz targets failed ({status})");
    }
    Ok(target_dir.join(host).join("release"))
}

/// Runs each target for `seconds` from the committed corpus. With `keep`,
/// the new inputs that add coverage are merged into `fuzz/corpus/<target>/`
/// (libFuzzer's `-merge=1`); otherwise they stay in a scratch folder under
/// `target/fuzz/work/`. `nice`: at the lowest CPU priority.
pub fn run(root: &Path, bins: &Path, targets: &[&'static str], seconds: u64, keep: bool, nice: bool) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::new();
    for &target in targets {
        let corpus = root.join("fuzz/corpus").join(target);
        let artifacts = root.join("target/fuzz/artifacts").join(target);
        std::fs::create_dir_all(&artifacts)?;
        std::fs::create_dir_all(&corpus)?;
        // New inputs go into a scratch folder (libFuzzer writes into the
        // first folder it is given); with `keep`, those that add coverage
        // are merged into the corpus afterwards.
        let scratch = root.join("target/fuzz/work").join(target);
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch)?;
        let dirs = [scratch.clone(), corpus.clone()];
        let bin = bins.join(target);
        let mut cmd = if nice {
            let mut c = Command::new("nice");
            c.args(["-n", "19"]).arg(&bin);
            c
        } else {
            Command::new(&bin)
        };
        let out = cmd
            .arg(format!("-max_total_time={seconds}"))
            // An input that takes seconds is a hang worth reporting.
            .arg("-timeout=10")
            .arg("-rss_limit_mb=2048")
            .arg("-print_final_stats=1")
            // Small inputs keep the committed corpus small; a scene needs
            // room for a few hotspots and a tour.
            .arg(format!("-max_len={}", if target == "scene" { 8192 } else { 4096 }))
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .args(&dirs)
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("could not start {}", bin.display()))?;
        let log = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            bail!(
                "fuzz target {target} found a failing input (in {}):\n{}",
                artifacts.display(),
                tail.join("\n")
            );
        }
        let runs = log
            .lines()
            .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
            .and_then(|n| n.trim().parse().ok())
            .with_context(|| format!("fuzz target {target} printed no run count:\n{log}"))?;
        if keep {
            let merged = Command::new(&bin)
                .arg("-merge=1")
                .arg(&corpus)
                .arg(&scratch)
                .stdin(Stdio::null())
                .output()
                .with_context(|| format!("could not start {}", bin.display()))?;
            if !merged.status.success() {
                bail!("merging {target}'s new inputs into {} failed", corpus.display());
            }
        }
        let corpus_size = std::fs::read_dir(&corpus).map(|r| r.count()).unwrap_or(0);
        outcomes.push(Outcome {
            target,
            seconds,
            runs,
            corpus: corpus_size,
        });
    }
    Ok(outcomes)
}

/// The table `cargo xtask fuzz` and `cargo xtask test` print.
pub fn report(outcomes: &[Outcome]) -> String {
    let mut s = String::from("fuzz target   seconds        runs    runs/s   corpus\n");
    for o in outcomes {
        s += &format!(
            "{:<12} {:>8} {:>11} {:>9} {:>8}\n",
            o.target,
            o.seconds,
            o.runs,
            o.runs / o.seconds.max(1),
            o.corpus
        );
    }
    s
}

/// `cargo xtask fuzz [--seconds N] [TARGET…]`.
pub fn main(root: &Path, args: &[String]) -> Result<()> {
    let mut seconds = 300;
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--seconds" {
            seconds = it.next().and_then(|n| n.parse().ok()).context("--seconds takes a number")?;
        } else if let Some(t) = TARGETS.iter().find(|t| **t == a.as_str()) {
            targets.push(*t);
        } else {
            bail!("unknown fuzz target {a:?}; the targets are {}", TARGETS.join(", "));
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let bins = build(root, Command::new("cargo"))?;
    let outcomes = run(root, &bins, &targets, seconds, true, false)?;
    print!("{}", report(&outcomes));
    Ok(())
}
