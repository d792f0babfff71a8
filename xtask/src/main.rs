//! Project automation: `cargo xtask <command>`.
//!
//! - `serve [--port N]`: set up the toolchain, build the viewer and serve it.
//! - `dist`: build the deployable static site into `dist/`: the visitor
//!   viewer (`pkg/`) and the authoring viewer (`pkg-author/`, fetched only
//!   with `?author=1`).
//! - `test [--profile web|dist]`: every test (unit, headless app, a bounded
//!   fuzzing run, browser), against the `web` build by default; `--profile
//!   dist` tests the optimised, precompressed site a museum deploys.
//! - `bench`: Pavilion's `dist/` beside model-viewer in headless Chromium
//!   (bytes, time to ready, frame time, memory, scaling) and the budgets;
//!   builds `dist/` first when it is missing.
//! - `fuzz [--seconds N] [TARGET…]`: fuzz the content model for longer.
//! - `envmap`: regenerate the prefiltered environment maps from the HDRI.
//! - `fonts`: regenerate the subset fonts from the bundled text.

mod envmap;
mod fonts;
mod fuzz;
mod serve;
mod setup;
mod site;
mod test;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

fn main() {
    if let Err(e) = run() {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let opt = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    match args.first().map(String::as_str) {
        Some("serve") => {
            let port: u16 = opt("--port")
                .map(|p| p.parse())
                .transpose()
                .context("--port takes a number")?
                .unwrap_or(8080);
            let site = site::build(&root, site::Profile::Web, &root.join("target/site"))?;
            serve::serve(&site, port)
        }
        Some("dist") => {
            site::build(&root, site::Profile::Dist, &root.join("dist"))?;
            Ok(())
        }
        Some("test") => {
            let profile = match opt("--profile").as_deref() {
                // CI's limit rules the default: the web build is opt-level 1
                // without LTO, no wasm-opt, no precompression.
                None | Some("web") => site::Profile::Web,
                Some("dist") => site::Profile::Dist,
                Some(other) => bail!("unknown profile {other:?}; use web or dist"),
            };
            test::run(&root, profile, args.iter().any(|a| a == "--browser-only"))
        }
        Some("envmap") => envmap::run(
            &opt("--hdr")
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join("../shared/content/hdri/chinese_garden_1k.hdr")),
            &root.join("assets/env"),
            "chinese_garden",
        ),
        Some("fonts") => fonts::run(&root),
        Some("fuzz") => fuzz::main(&root, &args[1..]),
        Some("bench") => bench(&root),
        _ => {
            eprintln!(
                "usage: cargo xtask <serve [--port N] | dist | test [--profile web|dist] [--browser-only] | bench | fuzz [--seconds N] [TARGET…] | envmap [--hdr FILE] | fonts>"
            );
            std::process::exit(2);
        }
    }
}

/// `cargo xtask bench`: tests/e2e/bench/compare.mjs against `dist/`, with
/// model-viewer from the benchmark's own pinned npm packages (not installed
/// for the tests). The report goes to target/bench/.
fn bench(root: &Path) -> Result<()> {
    setup::ensure_chromium()?;
    setup::ensure_node_packages(root)?;
    let dir = setup::e2e_dir(root).join("bench");
    setup::ensure_npm_ci(&dir)?;
    let dist = root.join("dist");
    if !dist.join("pavilion.js").exists() {
        println!("xtask: dist/ is not built; building it first (`cargo xtask dist`)");
        site::build(root, site::Profile::Dist, &dist)?;
    }
    run_cmd(
        Command::new("node")
            .arg("compare.mjs")
            .current_dir(&dir)
            .env("PAVILION_SITE", &dist)
            .env("PAVILION_BENCH_OUT", root.join("target/bench")),
    )
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Runs a command, streaming its output, and fails with the command line if it fails.
pub fn run_cmd(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let status = cmd.status().with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// Runs a command and returns its standard output, or None if it cannot run.
pub fn output_of(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
