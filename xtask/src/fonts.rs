//! `cargo xtask fonts`: subsets the Noto fonts to the characters the bundled
//! scenes and UI catalogs use (plus Latin-1, common punctuation and the
//! language menu's names), so a visitor downloads tens of kilobytes rather
//! than megabytes. Needs Debian's fonts-noto-cjk and fonts-noto-core and
//! `pyftsubset` (pip install fonttools). The results are committed.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::run_cmd;

/// Every string value in a JSON document.
fn json_strings(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

fn collect_text(root: &Path) -> Result<String> {
    let mut text = String::new();
    let scenes = root.join("assets/scenes");
    for entry in std::fs::read_dir(&scenes)? {
        let manifest = entry?.path().join("scene.json");
        if manifest.exists() {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&manifest)?).with_context(|| format!("parsing {}", manifest.display()))?;
            json_strings(&v, &mut text);
        }
    }
    for entry in std::fs::read_dir(root.join("assets/i18n"))? {
        text.push_str(&std::fs::read_to_string(entry?.path())?);
    }
    // The language menu shows every language's name in its own script.
    text.push_str("简体中文 繁體中文 中文 日本語 한국어 العربية فارسی हिन्दी ไทย Русский");
    // Punctuation the scripts use and digits.
    text.push_str("，。、：；！？（）《》〈〉「」『』【】…—·“”‘’ 0123456789 ،؛؟٠١٢٣٤٥٦٧٨٩«»() -.,:");
    Ok(text)
}

pub fn run(root: &Path) -> Result<()> {
    let text = collect_text(root)?;
    let out_dir = root.join("assets/fonts");
    std::fs::create_dir_all(&out_dir)?;
    let chars: BTreeSet<char> = text.chars().filter(|c| !c.is_control()).collect();
    let cjk: String = chars.iter().filter(|c| !c.is_ascii()).collect();
    let arabic: String = chars
        .iter()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(*c) || "«» ().,:-0123456789".contains(**c))
        .collect();
    let jobs = [
        (
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            Some("2"),
            cjk.as_str(),
            "NotoSansCJK-subset.otf",
        ),
        (
            "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
            None,
            arabic.as_str(),
            "NotoSansArabic-subset.ttf",
        ),
    ];
    for (source, number, chars, out_name) in jobs {
        let out = out_dir.join(out_name);
        let mut cmd = Command::new("pyftsubset");
        cmd.arg(source)
            .arg(format!("--text={chars} "))
            .arg(format!("--output-file={}", out.display()));
        cmd.args([
            "--layout-features=*",
            "--no-hinting",
            "--desubroutinize",
            "--name-IDs=*",
            "--name-languages=*",
        ]);
        if let Some(n) = number {
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
