//! Builds the static site: the wasm viewer, the page in `web/`, and `assets/`.
//!
//! The steps are separate so `cargo xtask test` can run them beside other
//! work ([`wasm`], [`assemble`], [`compress`]); [`build`] runs them in a
//! row for `serve` and `dist`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::{run_cmd, setup};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Profile {
    /// opt-level 1, no LTO: everyday builds and browser tests (fast to build).
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

/// The two viewers a site ships. Both come from `pavilion-viewer`; they
/// differ only in the `egui-tools` feature, and the crate's manifest keeps
/// every shared crate's features equal (see [`check_feature_parity`]), so
/// the second build compiles three crates, not Bevy again.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Viewer {
    /// What every visitor downloads (`pkg/`): no egui, no subset fonts, no
    /// ICU4X text layout; its interface is HTML.
    Visitor,
    /// The viewer with the authoring tools drawn by egui (`pkg-author/`),
    /// fetched only by `?author=1` on a page that allows authoring.
    Author,
}

impl Viewer {
    fn features(self) -> &'static str {
        match self {
            Viewer::Visitor => "render",
            Viewer::Author => "egui-tools",
        }
    }

    /// The folder of the site its wasm-bindgen output goes to.
    pub fn folder(self) -> &'static str {
        match self {
            Viewer::Visitor => "pkg",
            Viewer::Author => "pkg-author",
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
pub fn build(root: &Path, profile: Profile, out: &Path) -> Result<PathBuf> {
    check_feature_parity(root)?;
    let visitor = wasm(root, profile, Viewer::Visitor)?;
    let page_wasm = assemble(root, profile, &visitor, out)?;
    let author = wasm(root, profile, Viewer::Author)?;
    let author_wasm = add_author(root, &author, out)?;
    if profile == Profile::Dist {
        compress(root, out, &page_wasm)?;
        compress_author(root, &author_wasm)?;
    }
    println!("xtask: site ready in {}", out.display());
    Ok(out.to_path_buf())
}

/// Compiles the viewer to wasm; returns the path of cargo's output.
pub fn wasm(root: &Path, profile: Profile, viewer: Viewer) -> Result<PathBuf> {
    wasm_with(Command::new("cargo"), root, profile, viewer)
}

/// [`wasm`] with the given `cargo` command (say, one run under `nice`).
pub fn wasm_with(mut cargo: Command, root: &Path, profile: Profile, viewer: Viewer) -> Result<PathBuf> {
    setup::ensure_wasm_target()?;
    let started = Instant::now();
    let target_dir = wasm_target_dir(root);
    // Both viewers are the same binary: keep each's output under its name.
    run_cmd(
        cargo
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
    println!(
        "xtask: wasm build ({}, {viewer:?}) took {:.0?}",
        profile.cargo_name(),
        started.elapsed()
    );
    let built = target_dir
        .join("wasm32-unknown-unknown")
        .join(profile.cargo_name())
        .join("pavilion-viewer.wasm");
    let kept = built.with_file_name(format!("pavilion-viewer-{}.wasm", viewer.folder()));
    std::fs::copy(&built, &kept).with_context(|| format!("copying {}", built.display()))?;
    Ok(kept)
}

/// Writes the site into `out`: the page, assets, schema, the visitor
/// viewer's wasm-bindgen output and, for `dist`, its wasm optimised by
/// wasm-opt ([`add_author`] adds the authoring viewer). Everything a
/// browser needs is there when this returns; the precompressed copies a
/// `dist/` ships are left to [`compress`].
pub fn assemble(root: &Path, profile: Profile, wasm: &Path, out: &Path) -> Result<PathBuf> {
    let bindgen_bin = setup::ensure_wasm_bindgen(root)?;
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("clearing {}", out.display()))?;
    }
    std::fs::create_dir_all(out)?;
    copy_dir(&root.join("web"), out)?;
    copy_dir(&root.join("assets"), &out.join("assets"))?;
    // The scene format's JSON Schema, which bundled scenes name in `$schema`.
    copy_dir(&root.join("schema"), &out.join("schema"))?;
    let wasm_out = bindgen(&bindgen_bin, wasm, &out.join(Viewer::Visitor.folder()))?;
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

/// Adds the authoring viewer's wasm-bindgen output to the site in `out`
/// (`pkg-author/`); returns its wasm's path. No wasm-opt: it is for content
/// teams on desktops and is fetched only with `?author=1`, and wasm-opt would
/// cost a `dist` build (and every CI run) about four more minutes.
pub fn add_author(root: &Path, wasm: &Path, out: &Path) -> Result<PathBuf> {
    let bindgen_bin = setup::ensure_wasm_bindgen(root)?;
    let folder = out.join(Viewer::Author.folder());
    if folder.exists() {
        std::fs::remove_dir_all(&folder)?;
    }
    bindgen(&bindgen_bin, wasm, &folder)
}

fn bindgen(bindgen: &Path, wasm: &Path, folder: &Path) -> Result<PathBuf> {
    run_cmd(
        Command::new(bindgen)
            .arg(wasm)
            .args(["--target", "web", "--no-typescript", "--out-name", "pavilion", "--out-dir"])
            .arg(folder),
    )?;
    Ok(folder.join("pavilion_bg.wasm"))
}

/// Checks that the visitor and authoring builds ask for the same features
/// of every crate they share, so the second build stays cheap: a new
/// dependency of bevy_egui's, or a bevy_egui update, that asks more of a
/// shared crate (say, a web-sys binding) would otherwise make the authoring
/// build recompile most of Bevy in every CI run. The fix it names is a line
/// in `crates/pavilion-viewer/Cargo.toml`'s feature-parity block.
pub fn check_feature_parity(root: &Path) -> Result<()> {
    let features = |viewer: Viewer| -> Result<std::collections::BTreeSet<String>> {
        let out = Command::new("cargo")
            .current_dir(root)
            .args(["tree", "--target", "wasm32-unknown-unknown", "-p", "pavilion-viewer", "--features"])
            .arg(viewer.features())
            .args(["-e", "normal", "--prefix", "none", "-f", "{p} [{f}]"])
            .output()
            .context("running cargo tree")?;
        if !out.status.success() {
            bail!("cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8(out.stdout)?
            .lines()
            .map(|l| l.trim_end_matches(" (*)").to_string())
            .filter(|l| !l.starts_with("pavilion-viewer ") && !l.starts_with("bevy_egui "))
            .collect())
    };
    let visitor = features(Viewer::Visitor)?;
    let author = features(Viewer::Author)?;
    let only_author: Vec<_> = author.difference(&visitor).collect();
    let only_visitor: Vec<_> = visitor.difference(&author).collect();
    if only_author.is_empty() && only_visitor.is_empty() {
        return Ok(());
    }
    let list = |v: &[&String]| v.iter().map(|l| format!("\n    {l}")).collect::<String>();
    bail!(
        "the visitor and authoring viewers build shared crates with different features, so the \
         authoring build would recompile them; add what the authoring build asks for to the \
         feature-parity block of crates/pavilion-viewer/Cargo.toml.\n  authoring build:{}\n  visitor build:{}",
        list(&only_author),
        list(&only_visitor)
    )
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
    compress_wasm(root, wasm, 11)?;
    precompress(out, wasm)
}

/// The `.br`/`.gz` copies of the authoring viewer's files (`pkg-author/`),
/// which [`compress`] leaves alone because they may be built after it ran.
/// Its wasm gets brotli 9, not 11: on the 38 MB unoptimised wasm, brotli 11
/// took 224 s here for 6,977,532 bytes, brotli 9 13 s (Node's brotli) for
/// 7,901,626 (13% more), which content teams download once per session.
pub fn compress_author(root: &Path, wasm: &Path) -> Result<()> {
    compress_wasm(root, wasm, AUTHOR_BROTLI)?;
    precompress(wasm.parent().context("the wasm's folder")?, wasm)
}

/// brotli's quality for the authoring viewer's wasm (see [`compress_author`]).
const AUTHOR_BROTLI: u32 = 9;

fn compress_wasm(root: &Path, wasm: &Path, quality: u32) -> Result<()> {
    let cached = cache_path(root, wasm)?;
    let cached_br = cached.with_extension(format!("q{quality}.wasm.br"));
    let cached_gz = cached.with_extension("wasm.gz");
    if !(cached_br.exists() && cached_gz.exists()) {
        let started = Instant::now();
        compress_file(wasm, quality)?;
        println!("xtask: compressing the wasm took {:.0?}", started.elapsed());
        std::fs::copy(wasm.with_extension("wasm.br"), &cached_br)?;
        std::fs::copy(wasm.with_extension("wasm.gz"), &cached_gz)?;
    }
    std::fs::copy(&cached_br, wasm.with_extension("wasm.br"))?;
    std::fs::copy(&cached_gz, wasm.with_extension("wasm.gz"))?;
    let raw = std::fs::metadata(wasm)?.len();
    let br = std::fs::metadata(wasm.with_extension("wasm.br"))?.len();
    let gz = std::fs::metadata(wasm.with_extension("wasm.gz"))?.len();
    let name = wasm.strip_prefix(wasm.ancestors().nth(2).unwrap_or(wasm)).unwrap_or(wasm);
    println!("xtask: {}: {raw} B raw, {gz} B gzip, {br} B brotli", name.display());
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
            // The authoring viewer's folder has its own step (`compress_author`).
            if path.file_name().is_some_and(|n| n == Viewer::Author.folder()) {
                continue;
            }
            precompress(&path, skip)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) || path == skip {
            continue;
        }
        let done = path.with_extension(format!("{ext}.br")).exists();
        if std::fs::metadata(&path)?.len() >= 1024 && !done {
            compress_file(&path, 11)?;
        }
    }
    Ok(())
}

/// Writes `file.br` (brotli at `quality`, 11 the best) and `file.gz`
/// (gzip 9) beside `file`.
fn compress_file(path: &Path, quality: u32) -> Result<()> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_string();
    let data = std::fs::read(path)?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: quality as i32,
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
