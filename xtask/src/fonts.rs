//! `cargo xtask fonts`: subsets the Noto fonts to the characters the bundled
//! scenes and UI catalogs use in the languages each font serves (plus the
//! language menu's names and the scripts' punctuation and digits), so a
//! visitor downloads tens of kilobytes rather than megabytes. One font per
//! regional CJK standard (SC, TC, JP, KR: the same code point has different
//! glyph forms), one each for Arabic script (Arabic, Persian), Devanagari
//! and Thai; Latin, Greek and Cyrillic are egui's built-in fonts. Needs
//! Debian's fonts-noto-cjk and fonts-noto-core and `pyftsubset` (pip install
//! fonttools). The results are committed; the viewer's glyph-coverage test
//! fails when a scene or catalog gains a character they lack.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::run_cmd;

/// Every string value in a JSON document, keyed by the language it is in
/// (the key of the innermost object whose keys look like language tags).
fn json_strings(v: &serde_json::Value, lang: Option<&str>, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::String(s) => {
            let entry = out.entry(lang.unwrap_or("*").to_string()).or_default();
            entry.push_str(s);
            entry.push('\n');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, lang, out)),
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                let is_tag = k.len() >= 2
                    && k.split('-')
                        .next()
                        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()));
                json_strings(x, if is_tag { Some(k) } else { lang }, out);
            }
        }
        _ => {}
    }
}

/// Text per language: bundled scenes and UI catalogs.
fn collect_text(root: &Path) -> Result<BTreeMap<String, String>> {
    let mut text = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("assets/scenes"))? {
        let manifest = entry?.path().join("scene.json");
        if manifest.exists() {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&manifest)?).with_context(|| format!("parsing {}", manifest.display()))?;
            json_strings(&v, None, &mut text);
        }
    }
    for entry in std::fs::read_dir(root.join("assets/i18n"))? {
        let path = entry?.path();
        let tag = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        text.entry(tag).or_default().push_str(&std::fs::read_to_string(&path)?);
    }
    Ok(text)
}

struct Job {
    source: &'static str,
    number: Option<u32>,
    out: &'static str,
    /// Languages whose text this font draws.
    languages: &'static [&'static str],
    /// Characters always included: the language menu's names in this
    /// script, punctuation and digits.
    extra: &'static str,
    /// Whether a character belongs in the subset.
    keep: fn(char) -> bool,
}

const CJK_EXTRA: &str = "简体中文 繁體中文 中文 日本語 한국어 ，。、：；！？（）《》〈〉「」『』【】〔〕…—・·“”‘’ 0123456789";
const CJK: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

fn not_ascii(c: char) -> bool {
    !c.is_ascii()
}

fn arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c) || "\u{200C}\u{200D}«» ().,:-!0123456789".contains(c)
}

fn devanagari(c: char) -> bool {
    ('\u{0900}'..='\u{097F}').contains(&c) || ('\u{A8E0}'..='\u{A8FF}').contains(&c) || "\u{200C}\u{200D}\u{25CC}".contains(c)
}

fn thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c) || c == '\u{25CC}'
}

const JOBS: &[Job] = &[
    Job {
        source: CJK,
        number: Some(2),
        out: "NotoSansSC-subset.otf",
        languages: &["zh-Hans", "zh"],
        extra: CJK_EXTRA,
        keep: not_ascii,
    },
    Job {
        source: CJK,
        number: Some(3),
        out: "NotoSansTC-subset.otf",
        languages: &["zh-Hant"],
        extra: CJK_EXTRA,
        keep: not_ascii,
    },
    Job {
        source: CJK,
        number: Some(0),
        out: "NotoSansJP-subset.otf",
        languages: &["ja"],
        extra: CJK_EXTRA,
        keep: not_ascii,
    },
    Job {
        source: CJK,
        number: Some(1),
        out: "NotoSansKR-subset.otf",
        languages: &["ko"],
        extra: CJK_EXTRA,
        keep: not_ascii,
    },
    Job {
        source: "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
        number: None,
        out: "NotoSansArabic-subset.ttf",
        languages: &["ar", "fa"],
        extra: "العربية فارسی ،؛؟٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹«» () -.,:",
        keep: arabic,
    },
    Job {
        source: "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
        number: None,
        out: "NotoSansDevanagari-subset.ttf",
        languages: &["hi"],
        extra: "हिन्दी । ॥ ०१२३४५६७८९",
        keep: devanagari,
    },
    Job {
        source: "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
        number: None,
        out: "NotoSansThai-subset.ttf",
        languages: &["th"],
        extra: "ไทย ๆ ฯ ๐๑๒๓๔๕๖๗๘๙",
        keep: thai,
    },
];

pub fn run(root: &Path) -> Result<()> {
    let text = collect_text(root)?;
    let out_dir = root.join("assets/fonts");
    std::fs::create_dir_all(&out_dir)?;
    for job in JOBS {
        // The extras go in whole (digits and spaces the script's text needs).
        let mut chars: BTreeSet<char> = job.extra.chars().collect();
        for (tag, t) in &text {
            if job.languages.iter().any(|l| l == tag) {
                chars.extend(t.chars().filter(|c| !c.is_control() && (job.keep)(*c)));
            }
        }
        chars.remove(&'\n');
        let chars: String = chars.into_iter().collect();
        let out = out_dir.join(job.out);
        let mut cmd = Command::new("pyftsubset");
        cmd.arg(job.source)
            .arg(format!("--text={chars} "))
            .arg(format!("--output-file={}", out.display()));
        cmd.args([
            "--layout-features=*",
            "--no-hinting",
            "--desubroutinize",
            "--name-IDs=*",
            "--name-languages=*",
        ]);
        if let Some(n) = job.number {
            cmd.arg(format!("--font-number={n}"));
        }
        run_cmd(&mut cmd).context("pyftsubset failed (pip install fonttools; apt-get install fonts-noto-cjk fonts-noto-core)")?;
        println!(
            "wrote {} ({} bytes, {} characters)",
            out.display(),
            std::fs::metadata(&out)?.len(),
            chars.chars().count()
        );
    }
    Ok(())
}
