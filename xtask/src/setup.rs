//! Installs what the build and tests need and the machine lacks: the wasm
//! target, the wasm-bindgen CLI matching Cargo.lock, npm packages (into the
//! git-ignored `tests/e2e/node_modules`) and Debian's Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{output_of, run_cmd};

pub fn ensure_wasm_target() -> Result<()> {
    let installed = output_of(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        println!("xtask: installing the wasm32-unknown-unknown target");
        run_cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
fn locked_wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    bail!("Cargo.lock has no wasm-bindgen entry")
}

pub fn ensure_wasm_bindgen(root: &Path) -> Result<PathBuf> {
    let want = locked_wasm_bindgen_version(root)?;
    let have = output_of(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) != Some(want.as_str()) {
        println!(
            "xtask: installing wasm-bindgen-cli {want} (found: {})",
            if have.is_empty() { "none" } else { have.trim() }
        );
        // Not --locked: one of its locked dependencies was yanked.
        run_cmd(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want]))?;
    }
    Ok(PathBuf::from("wasm-bindgen"))
}

pub fn e2e_dir(root: &Path) -> PathBuf {
    root.join("tests/e2e")
}

/// `npm ci` in tests/e2e when its node_modules is missing or older than the lock file.
pub fn ensure_node_packages(root: &Path) -> Result<()> {
    ensure_npm_ci(&e2e_dir(root))
}

/// `npm ci` in `dir` unless its `node_modules` is as new as its lock file.
pub fn ensure_npm_ci(dir: &Path) -> Result<()> {
    let stamp = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => s.modified()? >= l.modified()?,
        _ => false,
    };
    if !fresh {
        if output_of(Command::new("npm").arg("--version")).is_none() {
            bail!("npm is not installed; install Node.js 20+ with npm (Debian: apt-get install nodejs npm)");
        }
        println!("xtask: installing npm packages into {}", dir.join("node_modules").display());
        run_cmd(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(dir))?;
    }
    Ok(())
}

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Debian packages the browser tests need, each with a file that shows it
/// is installed: Chromium, and the system fonts visitors' text falls back
/// to for CJK, Arabic, Devanagari and Thai (the panel and markers are HTML
/// in the visitor's system fonts).
const BROWSER_PACKAGES: [(&str, &str); 3] = [
    ("chromium", CHROMIUM),
    ("fonts-noto-cjk", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    ("fonts-noto-core", "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf"),
];

pub fn ensure_chromium() -> Result<()> {
    let missing: Vec<&str> = BROWSER_PACKAGES
        .iter()
        .filter(|(_, file)| !Path::new(file).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let uid = output_of(Command::new("id").arg("-u")).unwrap_or_default();
    if uid.trim() != "0" {
        bail!(
            "the browser tests need Debian's {}: run `sudo apt-get install {}` (Chromium must be at {CHROMIUM})",
            missing.join(", "),
            missing.join(" ")
        );
    }
    println!("xtask: installing {}", missing.join(", "));
    run_cmd(Command::new("apt-get").arg("update").arg("-qq"))?;
    run_cmd(
        Command::new("apt-get")
            .args(["install", "-y", "-qq"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// wasm-opt from the npm `binaryen` package (Debian's is years older).
pub fn wasm_opt(root: &Path) -> Result<PathBuf> {
    ensure_node_packages(root)?;
    let bin = e2e_dir(root).join("node_modules/binaryen/bin/wasm-opt");
    if !bin.exists() {
        bail!("{} is missing after npm ci", bin.display());
    }
    Ok(bin)
}
