//! Builds the static site: the wasm viewer, the page in `web/`, and `assets/`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::{run_cmd, setup};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Profile {
    /// Optimised, thin LTO: everyday builds and browser tests.
    Web,
    /// Fat LTO + wasm-opt + precompressed files: what a museum deploys.
    Dist,
}

impl Profile {
    fn cargo_name(self) -> &'static str {
        match self {
            Profile::Web => "web",
            Profile::Dist => "dist",
        }
    }
}

/// Files worth precompressing (text-like or uncompressed binary formats).
const COMPRESSIBLE: &[&str] = &[
    "wasm", "js", "json", "html", "css", "glb", "gltf", "bin", "ktx2", "ttf", "otf", "svg", "ftl",
];

pub fn build(root: &Path, profile: Profile, out: &Path) -> Result<PathBuf> {
    setup::ensure_wasm_target()?;
    let bindgen = setup::ensure_wasm_bindgen(root)?;
    let started = Instant::now();
    run_cmd(Command::new("cargo").current_dir(root).args([
        "build",
        "--package",
        "pavilion-viewer",
        "--bin",
        "pavilion-viewer",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        profile.cargo_name(),
    ]))?;
    println!("xtask: wasm build ({}) took {:.0?}", profile.cargo_name(), started.elapsed());
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let wasm = target_dir
        .join("wasm32-unknown-unknown")
        .join(profile.cargo_name())
        .join("pavilion-viewer.wasm");

    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("clearing {}", out.display()))?;
    }
    std::fs::create_dir_all(out)?;
    copy_dir(&root.join("web"), out)?;
    copy_dir(&root.join("assets"), &out.join("assets"))?;
    // The scene format's JSON Schema, which bundled scenes name in `$schema`.
    copy_dir(&root.join("schema"), &out.join("schema"))?;
    let pkg = out.join("pkg");
    run_cmd(
        Command::new(&bindgen)
            .arg(&wasm)
            .args(["--target", "web", "--no-typescript", "--out-name", "pavilion", "--out-dir"])
            .arg(&pkg),
    )?;

    let wasm_out = pkg.join("pavilion_bg.wasm");
    if profile == Profile::Dist {
        // wasm-opt and brotli -q 11 take minutes on this output; the result
        // is cached by the hash of wasm-bindgen's output, so a rebuild that
        // did not change the code (e.g. a test run) skips both.
        let cache = target_dir.join("pavilion-dist-cache");
        std::fs::create_dir_all(&cache)?;
        let key = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(&wasm_out)?.hash(&mut h);
            format!("{:016x}", h.finish())
        };
        let cached = |ext: &str| cache.join(format!("{key}.{ext}"));
        if ["wasm", "wasm.br", "wasm.gz"].iter().all(|e| cached(e).exists()) {
            println!("xtask: optimised wasm unchanged ({key}), reusing it");
        } else {
            let started = Instant::now();
            optimise_wasm(root, &wasm_out)?;
            println!("xtask: wasm-opt took {:.0?}", started.elapsed());
            compress_file(&wasm_out)?;
            for ext in ["wasm", "wasm.br", "wasm.gz"] {
                std::fs::copy(wasm_out.with_extension(ext), cached(ext))?;
            }
        }
        for ext in ["wasm", "wasm.br", "wasm.gz"] {
            std::fs::copy(cached(ext), wasm_out.with_extension(ext))?;
        }
        precompress(out)?;
        let raw = std::fs::metadata(&wasm_out)?.len();
        let br = std::fs::metadata(wasm_out.with_extension("wasm.br"))?.len();
        let gz = std::fs::metadata(wasm_out.with_extension("wasm.gz"))?.len();
        println!("xtask: viewer wasm: {raw} B raw, {gz} B gzip, {br} B brotli");
    }
    println!("xtask: site ready in {}", out.display());
    Ok(out.to_path_buf())
}

fn optimise_wasm(root: &Path, wasm: &Path) -> Result<()> {
    let wasm_opt = setup::wasm_opt(root)?;
    // The features Rust emits, named one by one: --all-features makes
    // binaryen write compact imports that Chromium refuses.
    run_cmd(
        Command::new("node")
            .arg(&wasm_opt)
            .arg(wasm)
            .args(["-Os", "--strip-debug", "--strip-producers"])
            .args([
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg("-o")
            .arg(wasm),
    )
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), &dest).with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Writes `.br` and `.gz` beside each compressible file over 1 KiB, so a
/// static server can send them as they are.
fn precompress(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let done = path.with_extension(format!("{ext}.br")).exists();
        if std::fs::metadata(&path)?.len() >= 1024 && !done {
            compress_file(&path)?;
        }
    }
    Ok(())
}

/// Writes `file.br` (brotli 11) and `file.gz` (gzip 9) beside `file`.
fn compress_file(path: &Path) -> Result<()> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_string();
    let data = std::fs::read(path)?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut br, &params)?;
    std::fs::write(path.with_extension(format!("{ext}.br")), br)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, &data)?;
    std::fs::write(path.with_extension(format!("{ext}.gz")), gz.finish()?)?;
    Ok(())
}
