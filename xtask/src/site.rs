//! Builds the static site: the wasm viewer, the page in `web/`, and `assets/`.
//!
//! The steps are separate so `cargo xtask test` can run them beside other
//! work ([`wasm`], [`assemble`], [`compress`]); [`build`] runs them in a
//! row for `serve` and `dist`.

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

/// Which viewer to build.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Viewer {
    /// Everything, with the authoring tools (egui): what the site ships and
    /// the tests run.
    Full,
    /// Without the authoring tools (`egui-tools` off): no egui, no subset
    /// fonts, no ICU4X text layout. `cargo xtask dist --visitor-only`
    /// builds it into `dist-visitor/` to measure what they cost a visitor.
    VisitorOnly,
}

impl Viewer {
    fn features(self) -> &'static str {
        match self {
            Viewer::Full => "egui-tools",
            Viewer::VisitorOnly => "render",
        }
    }
}

/// Files worth precompressing (text-like or uncompressed binary formats).
const COMPRESSIBLE: &[&str] = &[
    "wasm", "js", "json", "html", "css", "glb", "gltf", "bin", "ktx2", "ttf", "otf", "svg", "ftl",
];

/// Where wasm builds go: a target directory of their own, so a wasm build
/// and the native test build can run at the same time without waiting for
/// each other's lock.
pub fn wasm_target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("wasm")
}

/// The whole site in one go: `serve` and `dist`.
pub fn build(root: &Path, profile: Profile, viewer: Viewer, out: &Path) -> Result<PathBuf> {
    let wasm = wasm(root, profile, viewer)?;
    let page_wasm = assemble(root, profile, &wasm, out)?;
    if profile == Profile::Dist {
        compress(root, out, &page_wasm)?;
    }
    println!("xtask: site ready in {}", out.display());
    Ok(out.to_path_buf())
}

/// Compiles the viewer to wasm; returns the path of cargo's output.
pub fn wasm(root: &Path, profile: Profile, viewer: Viewer) -> Result<PathBuf> {
    setup::ensure_wasm_target()?;
    let started = Instant::now();
    let target_dir = wasm_target_dir(root);
    run_cmd(
        Command::new("cargo")
            .current_dir(root)
            .args([
                "build",
                "--package",
                "pavilion-viewer",
                "--bin",
                "pavilion-viewer",
                "--features",
                viewer.features(),
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                profile.cargo_name(),
            ])
            .env("CARGO_TARGET_DIR", &target_dir),
    )?;
    println!("xtask: wasm build ({}) took {:.0?}", profile.cargo_name(), started.elapsed());
    Ok(target_dir
        .join("wasm32-unknown-unknown")
        .join(profile.cargo_name())
        .join("pavilion-viewer.wasm"))
}

/// Writes the site into `out`: the page, assets, schema, the wasm-bindgen
/// output and, for `dist`, the wasm optimised by wasm-opt. Everything a
/// browser needs is there when this returns; the precompressed copies a
/// `dist/` ships are left to [`compress`].
pub fn assemble(root: &Path, profile: Profile, wasm: &Path, out: &Path) -> Result<PathBuf> {
    let bindgen = setup::ensure_wasm_bindgen(root)?;
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
            .arg(wasm)
            .args(["--target", "web", "--no-typescript", "--out-name", "pavilion", "--out-dir"])
            .arg(&pkg),
    )?;
    let wasm_out = pkg.join("pavilion_bg.wasm");
    if profile == Profile::Dist {
        // wasm-opt takes minutes on this output; the result is cached by the
        // hash of wasm-bindgen's output, so a rebuild that did not change the
        // code (e.g. a second test run) skips it.
        let cached = cache_path(root, &wasm_out)?;
        if cached.exists() {
            println!("xtask: optimised wasm unchanged, reusing {}", cached.display());
        } else {
            let started = Instant::now();
            optimise_wasm(root, &wasm_out)?;
            println!("xtask: wasm-opt took {:.0?}", started.elapsed());
            std::fs::copy(&wasm_out, &cached)?;
        }
        std::fs::copy(&cached, &wasm_out)?;
    }
    Ok(wasm_out)
}

/// A cache entry named by the hash of `source`'s bytes: for wasm-opt the
/// wasm-bindgen output it optimises, for the `.br`/`.gz` copies the
/// optimised wasm they compress (each step keyed by exactly its input).
fn cache_path(root: &Path, source: &Path) -> Result<PathBuf> {
    use std::hash::{Hash, Hasher};
    let cache = wasm_target_dir(root).join("pavilion-dist-cache");
    std::fs::create_dir_all(&cache)?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::fs::read(source)?.hash(&mut h);
    Ok(cache.join(format!("{:016x}.wasm", h.finish())))
}

/// Writes `.br` (brotli 11) and `.gz` copies beside the site's files, as
/// `dist/` ships them: the optimised wasm's (reusing cached ones for the
/// same bytes; it prints the three sizes), then every other compressible
/// file's.
pub fn compress(root: &Path, out: &Path, wasm: &Path) -> Result<()> {
    compress_wasm(root, wasm)?;
    precompress(out, wasm)
}

fn compress_wasm(root: &Path, wasm: &Path) -> Result<()> {
    let cached = cache_path(root, wasm)?;
    let cached_br = cached.with_extension("wasm.br");
    let cached_gz = cached.with_extension("wasm.gz");
    if !(cached_br.exists() && cached_gz.exists()) {
        let started = Instant::now();
        compress_file(wasm)?;
        println!("xtask: compressing the wasm took {:.0?}", started.elapsed());
        std::fs::copy(wasm.with_extension("wasm.br"), &cached_br)?;
        std::fs::copy(wasm.with_extension("wasm.gz"), &cached_gz)?;
    }
    std::fs::copy(&cached_br, wasm.with_extension("wasm.br"))?;
    std::fs::copy(&cached_gz, wasm.with_extension("wasm.gz"))?;
    let raw = std::fs::metadata(wasm)?.len();
    let br = std::fs::metadata(wasm.with_extension("wasm.br"))?.len();
    let gz = std::fs::metadata(wasm.with_extension("wasm.gz"))?.len();
    println!("xtask: viewer wasm: {raw} B raw, {gz} B gzip, {br} B brotli");
    Ok(())
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

/// Writes `.br` and `.gz` beside each compressible file over 1 KiB, except
/// `skip` (the wasm, compressed on its own), so a static server can send
/// them as they are.
fn precompress(dir: &Path, skip: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress(&path, skip)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) || path == skip {
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
