//! `pavilion`: command-line tools for scene authors.
//!
//! `pavilion validate <scene.json>...` checks scene files without a browser:
//! the format and every semantic rule (with file:line:column and a JSON
//! pointer), the glTF models they name (exist, parse, need no extension the
//! viewer lacks, their files are there), and a translation report per
//! language. Exit code 0: no errors; 1: errors (or, with
//! `--fail-on-missing-translations`, a missing translation); 2: the command
//! could not run (bad arguments, unreadable file). It reads IIIF
//! Presentation 4 manifests too, as the viewer does.
//!
//! `pavilion iiif export <scene.json>` writes a scene as a IIIF
//! Presentation 4 manifest; `pavilion iiif import <manifest.json>` reads
//! one into a scene file.

mod gltf_check;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use pavilion_content::translations::{self, LanguageCoverage};
use pavilion_content::validate::{Diagnostic, Severity, diagnose, diagnostic_at, has_image_extension, has_model_extension};
use serde::Serialize;

#[derive(Parser)]
#[command(name = "pavilion", version, about = "Tools for Pavilion scene files")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Checks scene files and the models they use.
    Validate {
        /// Scene files (scene.json).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with 1 when a language the scene offers lacks any text.
        #[arg(long)]
        fail_on_missing_translations: bool,
        /// Do not open the glTF models.
        #[arg(long)]
        no_models: bool,
    },
    /// IIIF Presentation 4 (3D) manifests, to and from scene files.
    Iiif {
        #[command(subcommand)]
        action: Iiif,
    },
}

#[derive(Subcommand)]
enum Iiif {
    /// Writes a scene file as a IIIF Presentation 4 manifest (models with
    /// their transforms, the first view and named views, hotspots as
    /// commenting annotations in every language, with their cameras).
    Export {
        scene: PathBuf,
        /// The URL the manifest's ids start with.
        #[arg(long, default_value = "https://example.org/iiif/scene")]
        id: String,
        /// The URL the scene file is published at: relative model paths
        /// become absolute URLs against it (IIIF names models by URL).
        #[arg(long)]
        published_at: Option<String>,
        /// Where to write the manifest (standard output if not given).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Reads a IIIF Presentation 4 manifest into a scene file, listing
    /// what the scene cannot hold.
    Import {
        manifest: PathBuf,
        /// Where to write the scene (standard output if not given).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// `pavilion iiif …`: exit 0 done, 1 the input has errors, 2 could not run.
fn iiif(action: Iiif) -> ExitCode {
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()));
    let write = |output: Option<PathBuf>, value: String| match output {
        Some(path) => std::fs::write(&path, value + "\n").map_err(|e| format!("{}: cannot write: {e}", path.display())),
        None => {
            println!("{value}");
            Ok(())
        }
    };
    let result = match action {
        Iiif::Export {
            scene,
            id,
            published_at,
            output,
        } => read(&scene).and_then(|text| {
            let file = scene.display().to_string();
            match pavilion_content::parse_scene(&text, &file) {
                Err(errors) => {
                    errors.iter().for_each(|e| eprintln!("{e}"));
                    Err(String::new())
                }
                Ok(parsed) => {
                    let (manifest, left_out) = pavilion_content::iiif::export(&parsed.manifest, &id, published_at.as_deref());
                    for l in left_out {
                        eprintln!("{file}: not in the manifest: {l}");
                    }
                    write(output, serde_json::to_string_pretty(&manifest).unwrap_or_default())
                }
            }
        }),
        Iiif::Import { manifest, output } => read(&manifest).and_then(|text| {
            let file = manifest.display().to_string();
            match pavilion_content::iiif::import(&text) {
                Err(e) => {
                    eprintln!("{file}: error[iiif] {e}");
                    Err(String::new())
                }
                Ok(imported) => {
                    for u in &imported.unsupported {
                        eprintln!("{file}: warning[iiif-unsupported] {u}");
                    }
                    write(output, serde_json::to_string_pretty(&imported.scene).unwrap_or_default())
                }
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_empty() => ExitCode::from(1),
        Err(e) => {
            eprintln!("pavilion iiif: {e}");
            ExitCode::from(2)
        }
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Text,
    Json,
}

/// The outcome for one scene file.
#[derive(Serialize)]
struct FileReport {
    file: String,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Diagnostic>,
    translations: Vec<LanguageCoverage>,
}

fn validate_file(path: &Path, check_models: bool) -> Result<FileReport, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let file = path.display().to_string();
    let (manifest, mut diagnostics) = diagnose(&text, &file);
    let mut translations = Vec::new();
    if let Some(m) = &manifest {
        if check_models {
            let mut nodes: HashMap<&str, Vec<String>> = HashMap::new();
            for (i, model) in m.models.iter().enumerate() {
                // Remote models, and names the format already rejected (`model-src`).
                if model.src.contains("://") || !has_model_extension(&model.src) {
                    continue;
                }
                match gltf_check::check(path, &model.src) {
                    Ok(model_file) => {
                        for note in model_file.notes {
                            diagnostics.push(diagnostic_at(
                                &text,
                                &file,
                                Severity::Warning,
                                "gltf-approximated",
                                &format!("/models/{i}/src"),
                                note,
                            ));
                        }
                        nodes.insert(model.id.as_str(), model_file.node_names);
                    }
                    Err(problems) => {
                        for (code, message) in problems {
                            diagnostics.push(diagnostic_at(
                                &text,
                                &file,
                                Severity::Error,
                                code,
                                &format!("/models/{i}/src"),
                                message,
                            ));
                        }
                    }
                }
            }
            // Anchors must name a node the model's glTF has.
            for (i, h) in m.hotspots.iter().enumerate() {
                let Some(a) = &h.anchor else { continue };
                let Some(names) = nodes.get(a.model.as_str()) else { continue };
                if !names.iter().any(|n| n == &a.node) {
                    let mut shown: Vec<String> = names.iter().take(12).map(|n| format!("\"{n}\"")).collect();
                    if names.len() > 12 {
                        shown.push(format!("… {} more", names.len() - 12));
                    }
                    let list = if shown.is_empty() { "none".to_string() } else { shown.join(", ") };
                    diagnostics.push(diagnostic_at(
                        &text,
                        &file,
                        Severity::Error,
                        "unknown-node",
                        &format!("/hotspots/{i}/anchor/node"),
                        format!("model \"{}\" has no node named \"{}\" (its named nodes: {list})", a.model, a.node),
                    ));
                }
            }
            for (i, h) in m.hotspots.iter().enumerate() {
                let Some(image) = &h.image else { continue };
                // Remote pictures, and names the format already rejected (`image-src`).
                if image.src.contains("://") || !has_image_extension(&image.src) {
                    continue;
                }
                let local = path
                    .parent()
                    .unwrap_or(Path::new("."))
                    .join(image.src.split(['?', '#']).next().unwrap_or_default());
                if !local.is_file() {
                    diagnostics.push(diagnostic_at(
                        &text,
                        &file,
                        Severity::Error,
                        "image-missing",
                        &format!("/hotspots/{i}/image/src"),
                        format!("the image \"{}\" cannot be read ({} does not exist)", image.src, local.display()),
                    ));
                }
            }
        }
        translations = translations::report(m);
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    Ok(FileReport {
        file,
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics,
        translations,
    })
}

fn print_text(r: &FileReport, text: &str) {
    for d in &r.diagnostics {
        println!("{d}");
    }
    let verdict = if r.errors == 0 { "ok" } else { "FAILED" };
    println!("{}: {verdict}: {} error(s), {} warning(s)", r.file, r.errors, r.warnings);
    if r.translations.is_empty() {
        return;
    }
    println!("translations ({} texts):", r.translations[0].fields);
    println!("  {:<10} {:>8} {:>8}", "language", "present", "missing");
    for c in &r.translations {
        println!("  {:<10} {:>8} {:>8}", c.language, c.fields - c.missing.len(), c.missing.len());
    }
    for c in r.translations.iter().filter(|c| !c.missing.is_empty()) {
        for p in &c.missing {
            let pos = pavilion_content::locate::locate(text, p.rsplit_once('/').map_or(p.as_str(), |(parent, _)| parent))
                .map_or(String::new(), |pos| format!("{}:{}: ", pos.line, pos.column));
            println!("  {} missing: {}:{pos}{p} (falls back)", c.language, r.file);
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let (files, format, fail_on_missing_translations, no_models) = match cli.command {
        Command::Iiif { action } => return iiif(action),
        Command::Validate {
            files,
            format,
            fail_on_missing_translations,
            no_models,
        } => (files, format, fail_on_missing_translations, no_models),
    };
    let mut reports = Vec::new();
    for path in &files {
        match validate_file(path, !no_models) {
            Ok(r) => {
                if format == Format::Text {
                    print_text(&r, &std::fs::read_to_string(path).unwrap_or_default());
                }
                reports.push(r);
            }
            Err(e) => {
                eprintln!("pavilion validate: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if format == Format::Json {
        let out = serde_json::json!({ "files": reports });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    }
    let errors: usize = reports.iter().map(|r| r.errors).sum();
    let missing = reports.iter().flat_map(|r| &r.translations).any(|c| !c.missing.is_empty());
    if errors > 0 || (fail_on_missing_translations && missing) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
