//! Parsing a scene manifest with precise diagnostics: which file, which
//! line and column, which field (as a JSON pointer), and what is wrong.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::lang::LanguageTag;
use crate::locate::{self, escape_token};
use crate::manifest::{FORMAT_V1, Hotspot, SceneManifest, Tour, Viewpoint};
use crate::translations::Field;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable rule name, e.g. `duplicate-id`.
    pub code: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// RFC 6901 pointer to the field, `""` for the whole document.
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {sev}[{}]", self.file, self.line, self.column, self.code)?;
        if !self.pointer.is_empty() {
            write!(f, " at {}", self.pointer)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A manifest that parsed, with any warnings found on it.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub manifest: SceneManifest,
    pub warnings: Vec<Diagnostic>,
}

/// Every finding on a manifest, errors and warnings, sorted by position,
/// with the manifest when it could be read at all (for further checks).
pub fn diagnose(text: &str, file: &str) -> (Option<SceneManifest>, Vec<Diagnostic>) {
    let mut all = match parse_scene_inner(text, file) {
        Err(errors) => return (None, errors),
        Ok((m, found)) => (Some(m), found),
    };
    all.1.sort_by_key(|d| (d.line, d.column));
    all
}

/// A diagnostic for a finding made outside this module (e.g. by a tool that
/// opened the models), positioned at `pointer` in `text`.
pub fn diagnostic_at(text: &str, file: &str, severity: Severity, code: &'static str, pointer: &str, message: String) -> Diagnostic {
    let pos = locate::locate(text, pointer).unwrap_or(locate::Position { line: 1, column: 1 });
    Diagnostic {
        severity,
        code,
        file: file.into(),
        line: pos.line,
        column: pos.column,
        pointer: pointer.to_string(),
        message,
    }
}

/// Parses and checks a manifest. Errors come back sorted by position.
pub fn parse_scene(text: &str, file: &str) -> Result<Parsed, Vec<Diagnostic>> {
    let (manifest, found) = parse_scene_inner(text, file)?;
    let (mut errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = found.into_iter().partition(|d| d.severity == Severity::Error);
    if errors.is_empty() {
        Ok(Parsed { manifest, warnings })
    } else {
        errors.sort_by_key(|d| (d.line, d.column));
        Err(errors)
    }
}

/// The manifest with every finding on it, or why it could not be read at all.
/// A IIIF Presentation 4 manifest is read as the scene it describes.
fn parse_scene_inner(text: &str, file: &str) -> Result<(SceneManifest, Vec<Diagnostic>), Vec<Diagnostic>> {
    if text.contains("iiif.io/api/presentation/4")
        && let Ok(doc) = serde_json::from_str::<serde_json::Value>(text)
        && crate::iiif::is_manifest(&doc)
    {
        return parse_iiif(text, &doc, file);
    }
    parse_native(text, file)
}

/// A IIIF manifest: what it cannot represent is a warning at its place in
/// the manifest (`iiif-unsupported`); the scene read from it is then held
/// to every rule a scene file is, and a finding there names the field of
/// that scene, at the top of the manifest.
fn parse_iiif(text: &str, doc: &serde_json::Value, file: &str) -> Result<(SceneManifest, Vec<Diagnostic>), Vec<Diagnostic>> {
    let imported =
        crate::iiif::import_value(doc).map_err(|e| vec![diagnostic_at(text, file, Severity::Error, "iiif", &e.pointer, e.message)])?;
    let mut found: Vec<Diagnostic> = imported
        .unsupported
        .iter()
        .map(|u| diagnostic_at(text, file, Severity::Warning, "iiif-unsupported", &u.pointer, u.message.clone()))
        .collect();
    let json = serde_json::to_string_pretty(&imported.scene).unwrap_or_default();
    let restate = |d: Diagnostic| Diagnostic {
        line: 1,
        column: 1,
        message: format!("{} (in the scene read from this IIIF manifest, at {})", d.message, d.pointer),
        pointer: String::new(),
        ..d
    };
    let (manifest, more) = parse_native(&json, file).map_err(|errors| errors.into_iter().map(restate).collect::<Vec<_>>())?;
    found.extend(more.into_iter().map(restate));
    Ok((manifest, found))
}

fn parse_native(text: &str, file: &str) -> Result<(SceneManifest, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let manifest: SceneManifest = match serde_path_to_error::deserialize(&mut de) {
        Ok(m) => {
            if let Err(e) = de.end() {
                return Err(vec![Diagnostic {
                    severity: Severity::Error,
                    code: "json-syntax",
                    file: file.into(),
                    line: e.line(),
                    // serde_json counts 0 at the start of an empty line;
                    // editors count from 1.
                    column: e.column().max(1),
                    pointer: String::new(),
                    message: format!("not valid JSON: {}", strip_position(&e.to_string())),
                }]);
            }
            m
        }
        Err(err) => {
            let pointer = path_to_pointer(err.path());
            let inner = err.inner();
            let (code, message) = match inner.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    ("json-syntax", format!("not valid JSON: {}", strip_position(&inner.to_string())))
                }
                _ => ("schema", strip_position(&inner.to_string())),
            };
            let (line, column) = if inner.line() > 0 {
                (inner.line(), inner.column().max(1))
            } else {
                locate::locate(text, &pointer).map_or((1, 1), |p| (p.line, p.column))
            };
            return Err(vec![Diagnostic {
                severity: Severity::Error,
                code,
                file: file.into(),
                line,
                column,
                pointer,
                message,
            }]);
        }
    };
    let mut found = check(&manifest);
    found.sort_by_key(|f| f.severity == Severity::Warning);
    let pointers: Vec<&str> = found.iter().map(|f| f.pointer.as_str()).collect();
    let positions = locate::locate_all(text, &pointers);
    let diagnostics = found
        .into_iter()
        .zip(positions)
        .map(|(f, pos)| {
            let pos = pos.unwrap_or(locate::Position { line: 1, column: 1 });
            Diagnostic {
                severity: f.severity,
                code: f.code,
                file: file.into(),
                line: pos.line,
                column: pos.column,
                pointer: f.pointer,
                message: f.message,
            }
        })
        .collect();
    Ok((manifest, diagnostics))
}

/// serde_json appends " at line L column C" to its messages; the diagnostic
/// carries those separately.
/// serde_json's message without its position (the finding has its own),
/// and with any name it quotes from the file (`unknown field `…``) cut to
/// a readable length: a message must not repeat kilobytes of the input.
fn strip_position(msg: &str) -> String {
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    msg.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 && part.chars().count() > MAX_QUOTED {
                let cut: String = part.chars().take(MAX_QUOTED - 1).collect();
                format!("{cut}…")
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// The longest name a message quotes from the file, in characters.
const MAX_QUOTED: usize = 60;

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out.push_str(&format!("/{}", escape_token(key))),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

struct Finding {
    severity: Severity,
    code: &'static str,
    pointer: String,
    message: String,
}

fn error(code: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Finding {
    Finding {
        severity: Severity::Error,
        code,
        pointer: pointer.into(),
        message: message.into(),
    }
}

fn warning(code: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Finding {
    Finding {
        severity: Severity::Warning,
        code,
        pointer: pointer.into(),
        message: message.into(),
    }
}

/// Semantic rules that the types alone cannot express.
fn check(m: &SceneManifest) -> Vec<Finding> {
    let mut out = Vec::new();
    if m.format != FORMAT_V1 {
        out.push(error(
            "format",
            "/format",
            format!("unsupported format \"{}\"; this viewer reads \"{FORMAT_V1}\"", m.format),
        ));
    }
    if let Err(e) = LanguageTag::parse(&m.default_language) {
        out.push(error("language-tag", "/defaultLanguage", e.to_string()));
    }
    for (i, tag) in m.languages.iter().enumerate() {
        if let Err(e) = LanguageTag::parse(tag) {
            out.push(error("language-tag", format!("/languages/{i}"), e.to_string()));
        }
    }
    let offered = m.offered_languages();
    let names = Names {
        languages: list(offered.iter()),
        models: list(m.models.iter().map(|m| &m.id)),
        categories: list(m.categories.iter().map(|c| &c.id)),
        viewpoints: list(m.viewpoints.iter().map(|v| &v.id)),
        hotspots: list(m.hotspots.iter().map(|h| &h.id)),
    };
    let offered_lower: std::collections::HashSet<String> = offered.iter().map(|t| t.to_ascii_lowercase()).collect();

    if m.models.is_empty() {
        out.push(error(
            "no-models",
            "/models",
            "the scene has no models; add at least one glTF model",
        ));
    }
    if let Some(env) = &m.environment {
        check_src(&mut out, "/environment/diffuse", &env.diffuse, &ENVIRONMENT_SRC);
        check_src(&mut out, "/environment/specular", &env.specular, &ENVIRONMENT_SRC);
        check_number(&mut out, "/environment/intensity", env.intensity, 0.0..=MAX_INTENSITY, "cd/m²");
        check_number(
            &mut out,
            "/environment/rotationDegrees",
            env.rotation_degrees,
            -MAX_DEGREES..=MAX_DEGREES,
            "degrees",
        );
        for (field, value) in [("background", &env.background), ("floor", &env.floor)] {
            if let Some(v) = value
                && crate::manifest::parse_hex_color(v).is_none()
            {
                out.push(error(
                    "color",
                    format!("/environment/{field}"),
                    format!("\"{v}\" is not a colour; write it as #rrggbb"),
                ));
            }
        }
    }
    if let Some(v) = &m.background
        && crate::manifest::parse_hex_color(v).is_none()
    {
        out.push(error(
            "color",
            "/background",
            format!("\"{v}\" is not a colour; write it as #rrggbb"),
        ));
    }
    for (i, light) in m.lights.iter().enumerate() {
        let p = format!("/lights/{i}");
        check_number(
            &mut out,
            &format!("{p}/intensity"),
            light.intensity,
            0.0..=1.0,
            "(relative, 0 to 1)",
        );
        if let Some(c) = &light.color
            && crate::manifest::parse_hex_color(c).is_none()
        {
            out.push(error(
                "color",
                format!("{p}/color"),
                format!("\"{c}\" is not a colour; write it as #rrggbb"),
            ));
        }
        if let Some(pos) = &light.position {
            check_coordinates(&mut out, &format!("{p}/position"), pos);
        }
        if let Some(d) = &light.direction {
            check_finite(&mut out, &format!("{p}/direction"), d);
            if d.iter().all(|v| *v == 0.0) {
                out.push(error("light", format!("{p}/direction"), "a direction of [0, 0, 0] points nowhere"));
            }
        }
        if let Some(a) = light.angle {
            check_number(&mut out, &format!("{p}/angle"), a, 0.0..=90.0, "degrees");
        }
        use crate::manifest::LightKind;
        let needs_position = matches!(light.kind, LightKind::Point | LightKind::Spot);
        if needs_position && light.position.is_none() {
            out.push(error("light", p.clone(), "a point or spot light needs a position"));
        }
    }
    let mut model_ids: HashMap<&str, usize> = HashMap::new();
    for (i, model) in m.models.iter().enumerate() {
        let p = format!("/models/{i}");
        check_id(&mut out, &p, "model", &model.id, &mut model_ids, i);
        check_src(&mut out, &format!("{p}/src"), &model.src, &MODEL_SRC);
        check_coordinates(&mut out, &format!("{p}/translation"), &model.translation);
        match model.scale {
            crate::manifest::Scale::Uniform(v) => check_scale(&mut out, &format!("{p}/scale"), v),
            crate::manifest::Scale::PerAxis(v) => {
                for (k, v) in v.iter().enumerate() {
                    check_scale(&mut out, &format!("{p}/scale/{k}"), *v);
                }
            }
        }
        match model.rotation {
            crate::manifest::Rotation::Quaternion(q) => check_finite(&mut out, &format!("{p}/rotation"), &q),
            crate::manifest::Rotation::EulerDegrees(a) => {
                for (k, v) in a.iter().enumerate() {
                    check_number(&mut out, &format!("{p}/rotation/{k}"), *v, -MAX_DEGREES..=MAX_DEGREES, "degrees");
                }
            }
        }
        if let Some(plinth) = &model.plinth {
            check_coordinates(&mut out, &format!("{p}/plinth/top"), &plinth.top);
            check_coordinates(&mut out, &format!("{p}/plinth/size"), &plinth.size);
        }
        if model.scale.as_vec3().contains(&0.0) {
            out.push(error("scale-zero", format!("{p}/scale"), "a scale of 0 makes the model invisible"));
        }
        if let crate::manifest::Rotation::Quaternion(q) = model.rotation
            && q.iter().all(|v| v.is_finite())
        {
            let len = q.iter().map(|v| v * v).sum::<f32>().sqrt();
            if (len - 1.0).abs() > 0.01 {
                out.push(error(
                    "rotation",
                    format!("{p}/rotation"),
                    format!("the quaternion [x, y, z, w] must have length 1 (it has {len:.3}); for angles in degrees give three numbers"),
                ));
            }
        }
        if let Some(color) = model.plinth.as_ref().and_then(|p| p.color.as_ref())
            && crate::manifest::parse_hex_color(color).is_none()
        {
            out.push(error(
                "color",
                format!("{p}/plinth/color"),
                format!("\"{color}\" is not a colour; write it as #rrggbb"),
            ));
        }
        if let Some(c) = &model.credit
            && let Some(url) = &c.url
        {
            check_url(&mut out, &format!("{p}/credit/url"), url);
        }
    }

    let mut category_ids: HashMap<&str, usize> = HashMap::new();
    for (i, c) in m.categories.iter().enumerate() {
        check_id(&mut out, &format!("/categories/{i}"), "category", &c.id, &mut category_ids, i);
    }
    let mut hotspot_ids: HashMap<&str, usize> = HashMap::new();
    for (i, h) in m.hotspots.iter().enumerate() {
        let p = format!("/hotspots/{i}");
        check_id(&mut out, &p, "hotspot", &h.id, &mut hotspot_ids, i);
        check_hotspot(&mut out, &names, &p, h, &model_ids, &category_ids);
    }
    let mut viewpoint_ids: HashMap<&str, usize> = HashMap::new();
    for (i, v) in m.viewpoints.iter().enumerate() {
        let p = format!("/viewpoints/{i}");
        check_id(&mut out, &p, "viewpoint", &v.id, &mut viewpoint_ids, i);
        check_viewpoint(&mut out, &p, &v.view());
    }
    let mut tour_ids: HashMap<&str, usize> = HashMap::new();
    for (i, t) in m.tours.iter().enumerate() {
        let p = format!("/tours/{i}");
        check_id(&mut out, &p, "tour", &t.id, &mut tour_ids, i);
        check_tour(&mut out, &names, &p, t, &hotspot_ids, &viewpoint_ids);
    }
    if let Some(v) = &m.initial_view {
        check_viewpoint(&mut out, "/initialView", v);
    }
    check_strings(&mut out, m);

    for Field { pointer, text, required } in crate::translations::localized_fields(m) {
        for tag in text.0.keys() {
            let tp = format!("{pointer}/{}", escape_token(tag));
            match LanguageTag::parse(tag) {
                Err(e) => out.push(error("language-tag", tp, e.to_string())),
                Ok(_) if !offered_lower.contains(&tag.to_ascii_lowercase()) => out.push(error(
                    "unknown-language",
                    tp,
                    format!(
                        "text in \"{tag}\", a language the scene does not offer (languages: {}); add it to \"languages\" or fix the tag",
                        names.languages
                    ),
                )),
                Ok(_) => {}
            }
        }
        if text.is_empty() {
            if required {
                out.push(error(
                    "missing-text",
                    pointer,
                    format!("the text is missing; give at least the default language \"{}\"", m.default_language),
                ));
            }
        } else if text.get_exact(&m.default_language).is_none() {
            out.push(warning(
                "missing-default-text",
                pointer,
                format!(
                    "no text in the default language \"{}\"; visitors whose language is missing will see another language",
                    m.default_language
                ),
            ));
        }
    }
    out
}

/// Placement, category, viewpoint, links, image and rich text of one hotspot.
fn check_hotspot(
    out: &mut Vec<Finding>,
    names: &Names,
    p: &str,
    h: &Hotspot,
    model_ids: &HashMap<&str, usize>,
    category_ids: &HashMap<&str, usize>,
) {
    match (&h.position, &h.anchor) {
        (None, None) => out.push(error(
            "placement",
            format!("{p}/id"),
            format!(
                "hotspot \"{}\" has neither \"position\" (scene coordinates) nor \"anchor\" (a point on a named glTF node); give one",
                h.id
            ),
        )),
        (Some(_), Some(_)) => out.push(error(
            "placement",
            format!("{p}/anchor"),
            format!(
                "hotspot \"{}\" has both \"position\" and \"anchor\"; keep one (the anchor follows the model, the position does not)",
                h.id
            ),
        )),
        _ => {}
    }
    if let Some(position) = &h.position {
        check_coordinates(out, &format!("{p}/position"), position);
    }
    if let Some(a) = &h.anchor {
        check_coordinates(out, &format!("{p}/anchor/position"), &a.position);
    }
    let normals = [
        (format!("{p}/normal"), h.normal),
        (format!("{p}/anchor/normal"), h.anchor.as_ref().and_then(|a| a.normal)),
    ];
    for (pointer, normal) in normals {
        if let Some(n) = &normal {
            check_finite(out, &pointer, n);
        }
        if normal.is_some_and(|n| n.iter().all(|v| *v == 0.0)) {
            out.push(error(
                "normal-zero",
                pointer,
                "the normal is [0, 0, 0]; give the outward direction of the surface",
            ));
        }
    }
    if let Some(a) = &h.anchor
        && !model_ids.contains_key(a.model.as_str())
    {
        out.push(error(
            "unknown-model",
            format!("{p}/anchor/model"),
            format!(
                "the anchor names model \"{}\", which the scene does not have (models: {})",
                a.model, names.models
            ),
        ));
    }
    if let Some(c) = &h.category
        && !category_ids.contains_key(c.as_str())
    {
        out.push(error(
            "unknown-category",
            format!("{p}/category"),
            format!("category \"{c}\" is not one of the scene's categories ({})", names.categories),
        ));
    }
    if let Some(v) = &h.viewpoint {
        check_viewpoint(out, &format!("{p}/viewpoint"), v);
    }
    if let Some(link) = &h.link {
        check_url(out, &format!("{p}/link/href"), &link.href);
    }
    if let Some(image) = &h.image {
        check_src(out, &format!("{p}/image/src"), &image.src, &IMAGE_SRC);
    }
    for (tag, body) in &h.body.0 {
        for problem in crate::richtext::parse(body).1 {
            let pointer = format!("{p}/body/{}", escape_token(tag));
            out.push(if problem.unsafe_link {
                error("link-scheme", pointer, problem.message)
            } else {
                warning("rich-text", pointer, problem.message)
            });
        }
    }
}

/// A tour has steps, each going somewhere that exists, for a positive time.
fn check_tour(
    out: &mut Vec<Finding>,
    names: &Names,
    p: &str,
    t: &Tour,
    hotspot_ids: &HashMap<&str, usize>,
    viewpoint_ids: &HashMap<&str, usize>,
) {
    if t.steps.is_empty() {
        out.push(error("empty-tour", format!("{p}/steps"), format!("tour \"{}\" has no steps", t.id)));
    }
    for (j, step) in t.steps.iter().enumerate() {
        let sp = format!("{p}/steps/{j}");
        if step.viewpoint.is_none() && step.hotspot.is_none() {
            out.push(error(
                "tour-step",
                sp.clone(),
                "the step has neither \"viewpoint\" nor \"hotspot\"; give one or both",
            ));
        }
        if let Some(v) = &step.viewpoint
            && !viewpoint_ids.contains_key(v.as_str())
        {
            out.push(error(
                "unknown-viewpoint",
                format!("{sp}/viewpoint"),
                format!("viewpoint \"{v}\" is not one of the scene's viewpoints ({})", names.viewpoints),
            ));
        }
        if let Some(h) = &step.hotspot
            && !hotspot_ids.contains_key(h.as_str())
        {
            out.push(error(
                "unknown-hotspot",
                format!("{sp}/hotspot"),
                format!("hotspot \"{h}\" is not one of the scene's hotspots ({})", names.hotspots),
            ));
        }
        if let Some(d) = step.duration
            && !(d.is_finite() && d > 0.0)
        {
            out.push(error(
                "tour-step",
                format!("{sp}/duration"),
                format!("a duration of {d} seconds; give a number of seconds above 0"),
            ));
        }
    }
}

/// The scene's ids of each kind as messages list them, made once (a scene
/// with thousands of bad references would otherwise list them thousands of
/// times).
struct Names {
    languages: String,
    models: String,
    categories: String,
    viewpoints: String,
    hotspots: String,
}

/// How many names a message lists before it says how many more there are.
const LISTED: usize = 8;

/// `"a", "b"` (sorted), `"a", …, "h" and 4,992 more`, or `none`: a message
/// stays short however large the scene (one message per bad reference in a
/// 5,000-step tour must not each list 5,000 ids).
fn list<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    let mut first: Vec<String> = Vec::with_capacity(LISTED + 1);
    let mut total = 0usize;
    for item in items {
        total += 1;
        let item = item.as_ref();
        // Keeps the LISTED smallest, in order, without sorting everything.
        let at = first.partition_point(|s| s.as_str() < item);
        if at < LISTED {
            first.insert(at, item.to_string());
            first.truncate(LISTED);
        }
    }
    let quoted: Vec<String> = first.iter().map(|s| format!("\"{s}\"")).collect();
    match total {
        0 => "none".into(),
        n if n <= LISTED => quoted.join(", "),
        n => format!("{} and {} more", quoted.join(", "), n - LISTED),
    }
}

/// The scene's UI string overrides: valid tags, known ids, Fluent syntax.
fn check_strings(out: &mut Vec<Finding>, m: &SceneManifest) {
    let known = crate::catalog::known_ids();
    for (tag, strings) in &m.strings {
        let p = format!("/strings/{}", escape_token(tag));
        if let Err(e) = LanguageTag::parse(tag) {
            out.push(error("language-tag", p.clone(), e.to_string()));
        }
        for (id, value) in strings {
            let sp = format!("{p}/{}", escape_token(id));
            if !known.contains(id) {
                let near: Vec<&String> = known.iter().filter(|k| k.starts_with(id.split('-').next().unwrap_or(id))).collect();
                let hint = if near.is_empty() {
                    format!("the viewer's strings are: {}", known.join(", "))
                } else {
                    format!(
                        "did you mean {}?",
                        near.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(" or ")
                    )
                };
                out.push(warning(
                    "unknown-string",
                    sp.clone(),
                    format!("the viewer has no UI string \"{id}\", so this text is never shown; {hint}"),
                ));
            }
            if let Err(e) = crate::catalog::check_pattern(id, value) {
                out.push(error("string-syntax", sp, e));
            }
        }
    }
}

/// The file part of a path or URL, lower-cased (no query or fragment).
fn file_part(src: &str) -> String {
    src.split(['?', '#']).next().unwrap_or_default().to_ascii_lowercase()
}

/// Does `src` name a glTF file (`.glb` or `.gltf`)?
pub fn has_model_extension(src: &str) -> bool {
    MODEL_SRC.extensions.iter().any(|e| file_part(src).ends_with(e))
}

/// Does `src` name a picture the viewer decodes (PNG or JPEG)?
pub fn has_image_extension(src: &str) -> bool {
    IMAGE_SRC.extensions.iter().any(|e| file_part(src).ends_with(e))
}

fn check_id<'a>(out: &mut Vec<Finding>, p: &str, what: &str, id: &'a str, seen: &mut HashMap<&'a str, usize>, index: usize) {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.') {
        out.push(error(
            "id-format",
            format!("{p}/id"),
            format!("{what} id \"{id}\" must be non-empty and use only letters, digits, '-', '_' or '.' (it appears in links)"),
        ));
    }
    if let Some(first) = seen.insert(id, index) {
        seen.insert(id, first);
        out.push(error(
            "duplicate-id",
            format!("{p}/id"),
            format!("{what} id \"{id}\" is already used by {what} #{first}; ids must be unique"),
        ));
    }
}

fn check_viewpoint(out: &mut Vec<Finding>, p: &str, v: &Viewpoint) {
    check_coordinates(out, &format!("{p}/position"), &v.position);
    check_coordinates(out, &format!("{p}/target"), &v.target);
    if v.position == v.target {
        out.push(error(
            "viewpoint",
            p.to_string(),
            "the camera position equals its target; the view direction is undefined",
        ));
    }
    if let Some(fov) = v.fov
        && !(1.0..=179.0).contains(&fov)
    {
        out.push(error(
            "viewpoint",
            format!("{p}/fov"),
            format!("field of view {fov}° is outside 1°..179°"),
        ));
    }
}

fn check_url(out: &mut Vec<Finding>, p: &str, url: &str) {
    if !crate::richtext::is_allowed_link(url) {
        out.push(error(
            "link-scheme",
            p.to_string(),
            format!("\"{url}\" is not an http, https or mailto link"),
        ));
    }
}

/// What a file reference of one kind must look like.
struct SrcRule {
    code: &'static str,
    /// "model", "picture", "environment map".
    what: &'static str,
    extensions: &'static [&'static str],
}

const MODEL_SRC: SrcRule = SrcRule {
    code: "model-src",
    what: "model",
    extensions: &[".glb", ".gltf"],
};
const IMAGE_SRC: SrcRule = SrcRule {
    code: "image-src",
    what: "picture",
    extensions: &[".png", ".jpg", ".jpeg"],
};
const ENVIRONMENT_SRC: SrcRule = SrcRule {
    code: "environment-src",
    what: "environment map",
    extensions: &[".ktx2"],
};

/// A file the viewer loads: a path relative to the scene file, or an http(s)
/// URL, naming a file of the right kind. `#` is refused (the asset loader
/// reads what follows it as a sub-asset label, so the file could never load;
/// write `%23` for a `#` in a file name); other schemes (`data:`, `blob:`,
/// `file:`) are refused because no scene can be trusted to carry them.
fn check_src(out: &mut Vec<Finding>, pointer: &str, src: &str, rule: &SrcRule) {
    let exts = rule.extensions.join(", ");
    let problem = if src.trim().is_empty() {
        Some(format!(
            "the {}'s src is empty; give a {exts} path relative to the scene file",
            rule.what
        ))
    } else if src.contains('#') {
        Some(format!(
            "\"{src}\" contains '#', which cannot be part of a file path here; write a '#' in a file name as %23"
        ))
    } else if let Some(scheme) = scheme_of(src)
        && !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
    {
        Some(format!(
            "\"{src}\" is a {scheme}: URL; a {} is loaded from a path relative to the scene file or an http(s) URL",
            rule.what
        ))
    } else if src.chars().any(char::is_control) {
        Some(format!("the {}'s src contains a control character", rule.what))
    } else if !rule.extensions.iter().any(|e| file_part(src).ends_with(e)) {
        Some(format!("\"{src}\" is not a {exts} file"))
    } else {
        None
    };
    if let Some(message) = problem {
        out.push(error(rule.code, pointer, message));
    }
}

/// The scheme of an absolute URL (`https` of `https://…`, `data` of `data:…`).
fn scheme_of(s: &str) -> Option<&str> {
    let (scheme, _) = s.split_once(':')?;
    let mut chars = scheme.chars();
    (chars.next()?.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))).then_some(scheme)
}

/// Coordinates beyond this many scene units (metres: 1,000 km) from the
/// origin are a typo or a mix-up of units; they would also lose all
/// precision in the 32-bit floats the GPU uses.
pub const MAX_COORDINATE: f32 = 1.0e6;
/// A model's scale factor lies within 1/MAX_SCALE..MAX_SCALE (either sign).
pub const MAX_SCALE: f32 = 1.0e6;
/// Angles in degrees lie within ±MAX_DEGREES.
pub const MAX_DEGREES: f32 = 1.0e5;
/// The brightest environment (cd/m²; the sun's disc is about 1.6e9, a bright
/// sky 1e4).
pub const MAX_INTENSITY: f32 = 1.0e7;

/// Numbers written in the file that do not fit a 32-bit float (`1e39`)
/// arrive as infinity.
fn not_finite(v: f32) -> String {
    if v.is_nan() {
        "not a number".into()
    } else {
        let becomes = if v > 0.0 { "infinity" } else { "minus infinity" };
        format!("the number is too large to be stored as a 32-bit float (it becomes {becomes}); check the units")
    }
}

fn check_finite(out: &mut Vec<Finding>, p: &str, values: &[f32]) {
    if let Some(k) = values.iter().position(|v| !v.is_finite()) {
        out.push(error("number", format!("{p}/{k}"), not_finite(values[k])));
    }
}

fn check_coordinates(out: &mut Vec<Finding>, p: &str, values: &[f32; 3]) {
    for (k, v) in values.iter().enumerate() {
        check_number(out, &format!("{p}/{k}"), *v, -MAX_COORDINATE..=MAX_COORDINATE, "scene units");
    }
}

fn check_number(out: &mut Vec<Finding>, p: &str, v: f32, range: std::ops::RangeInclusive<f32>, unit: &str) {
    if !v.is_finite() {
        out.push(error("number", p, not_finite(v)));
    } else if !range.contains(&v) {
        out.push(error(
            "number",
            p,
            format!("{v} is outside {}..{} {unit}; check the units", range.start(), range.end()),
        ));
    }
}

fn check_scale(out: &mut Vec<Finding>, p: &str, v: f32) {
    if !v.is_finite() {
        out.push(error("number", p, not_finite(v)));
    } else if v != 0.0 && !(1.0 / MAX_SCALE..=MAX_SCALE).contains(&v.abs()) {
        out.push(error(
            "number",
            p,
            format!("a scale of {v} is outside 1e-6..1e6 (either sign); check the model's units"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
  "title": {"en": "Room", "fr": "Salle"},
  "defaultLanguage": "en",
  "languages": ["en", "fr"],
  "models": [{"id": "m", "src": "m.glb"}],
  "hotspots": [
    {"id": "a", "position": [0,1,0], "normal": [0,0,1], "title": {"en": "A", "fr": "A"}},
    {"id": "b", "position": [0,1,0], "normal": [0,0,1], "title": {"en": "B"}}
  ]
}"#;

    fn errors(text: &str) -> Vec<Diagnostic> {
        parse_scene(text, "scene.json").expect_err("should fail")
    }

    #[test]
    fn good_manifest_parses() {
        let p = parse_scene(GOOD, "scene.json").unwrap();
        assert_eq!(p.manifest.hotspots.len(), 2);
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let text = GOOD.replace("\"defaultLanguage\": \"en\",", "\"defaultLanguage\": \"en\"");
        let e = &errors(&text)[0];
        assert_eq!(e.code, "json-syntax");
        assert_eq!((e.line, e.column), (4, 3));
        assert!(e.to_string().starts_with("scene.json:4:3: error[json-syntax]"), "{e}");
    }

    /// Found by the fuzzer (fuzz/regressions/scene/long-unknown-field): a
    /// 1,880-byte key was repeated whole in the message.
    #[test]
    fn a_message_quotes_at_most_a_short_piece_of_a_long_name() {
        let key = "k".repeat(5000);
        let e = &errors(&format!("{{\"{key}\": 1}}"))[0];
        assert_eq!(e.code, "schema");
        assert!(e.message.len() < 600, "{} bytes: {}", e.message.len(), e.message);
        assert!(e.message.contains("unknown field `kkk") && e.message.contains('…'), "{}", e.message);
    }

    /// Found by the fuzzer (fuzz/regressions/scene/empty): an empty file
    /// or one ending on an empty line was reported at column 0.
    #[test]
    fn an_error_at_the_start_of_an_empty_line_is_at_column_one() {
        for text in ["", "{\n", "{\"title\": \n\n"] {
            let e = &errors(text)[0];
            assert_eq!(e.code, "json-syntax", "{text:?}");
            assert!(e.column >= 1 && e.line >= 1, "{text:?}: {e}");
        }
    }

    #[test]
    fn schema_error_names_field_and_line() {
        let text = GOOD.replace(
            "\"position\": [0,1,0], \"normal\": [0,0,1], \"title\": {\"en\": \"B\"}",
            "\"position\": [0,1], \"normal\": [0,0,1], \"title\": {\"en\": \"B\"}",
        );
        let e = &errors(&text)[0];
        assert_eq!(e.code, "schema");
        assert_eq!(e.pointer, "/hotspots/1/position");
        assert_eq!(e.line, 8);
        assert!(e.message.contains("array"), "{}", e.message);
    }

    #[test]
    fn unknown_field_is_reported() {
        let text = GOOD.replace("\"title\": {\"en\": \"B\"}", "\"titel\": {\"en\": \"B\"}");
        let e = &errors(&text)[0];
        assert_eq!(e.code, "schema");
        assert!(e.message.contains("unknown field `titel`"), "{}", e.message);
        assert_eq!(e.pointer, "/hotspots/1/titel");
        assert_eq!(e.line, 8);
    }

    #[test]
    fn missing_field_is_reported() {
        let text = GOOD.replace("\"defaultLanguage\": \"en\",", "");
        let e = &errors(&text)[0];
        assert!(e.message.contains("missing field `defaultLanguage`"), "{}", e.message);
    }

    #[test]
    fn duplicate_ids() {
        let text = GOOD.replace("\"id\": \"b\"", "\"id\": \"a\"");
        let e = &errors(&text)[0];
        assert_eq!((e.code, e.pointer.as_str(), e.line), ("duplicate-id", "/hotspots/1/id", 8));
        assert!(e.message.contains("already used by hotspot #0"));
    }

    #[test]
    fn unknown_language_in_hotspot() {
        let text = GOOD.replace("{\"en\": \"B\"}", "{\"en\": \"B\", \"de\": \"B\"}");
        let e = &errors(&text)[0];
        assert_eq!(
            (e.code, e.pointer.as_str(), e.line),
            ("unknown-language", "/hotspots/1/title/de", 8)
        );
    }

    #[test]
    fn malformed_language_tag() {
        let text = GOOD.replace("\"languages\": [\"en\", \"fr\"]", "\"languages\": [\"en\", \"french\"]");
        let errs = errors(&text);
        assert!(
            errs.iter()
                .any(|e| e.code == "language-tag" && e.pointer == "/languages/1" && e.line == 4),
            "{errs:?}"
        );
    }

    #[test]
    fn missing_default_text_warns() {
        let text = GOOD.replace("{\"en\": \"A\", \"fr\": \"A\"}", "{\"fr\": \"A\"}");
        let p = parse_scene(&text, "scene.json").unwrap();
        assert_eq!(p.warnings[0].code, "missing-default-text");
        assert_eq!(p.warnings[0].pointer, "/hotspots/0/title");
    }

    #[test]
    fn ui_string_overrides() {
        let with = |strings: &str| GOOD.replace("\"defaultLanguage\"", &format!("\"strings\": {strings}, \"defaultLanguage\""));
        let ok = with(r#"{"fr": {"about": "À propos de l’exposition", "licence": "Licence : { $licence }"}}"#);
        let p = parse_scene(&ok, "scene.json").unwrap();
        assert_eq!(p.manifest.strings["fr"]["about"], "À propos de l’exposition");
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);

        let errs = errors(&with(r#"{"fr": {"licence": "Licence : { $licence"}}"#));
        assert_eq!((errs[0].code, errs[0].pointer.as_str()), ("string-syntax", "/strings/fr/licence"));
        assert!(errs[0].message.contains("not a valid Fluent pattern"), "{}", errs[0].message);

        let errs = errors(&with(r#"{"français": {"about": "x"}}"#));
        assert_eq!((errs[0].code, errs[0].pointer.as_str()), ("language-tag", "/strings/français"));

        let p = parse_scene(&with(r#"{"fr": {"abuot": "x", "reset": "y"}}"#), "scene.json").unwrap();
        assert_eq!(p.warnings[0].code, "unknown-string");
        assert_eq!(p.warnings[0].pointer, "/strings/fr/abuot");
        assert!(
            p.warnings[1].message.contains("did you mean \"reset-view\""),
            "{}",
            p.warnings[1].message
        );
    }

    #[test]
    fn other_rules() {
        let cases = [
            (GOOD.replace("[{\"id\": \"m\", \"src\": \"m.glb\"}]", "[]"), "no-models"),
            (GOOD.replace("\"m.glb\"", "\"m.obj\""), "model-src"),
            (GOOD.replace("\"id\": \"b\"", "\"id\": \"b c\""), "id-format"),
            (
                GOOD.replace(
                    "\"normal\": [0,0,1], \"title\": {\"en\": \"B\"}",
                    "\"normal\": [0,0,0], \"title\": {\"en\": \"B\"}",
                ),
                "normal-zero",
            ),
            (
                GOOD.replace(
                    "\"title\": {\"en\": \"B\"}",
                    "\"title\": {\"en\": \"B\"}, \"link\": {\"href\": \"javascript:alert(1)\"}",
                ),
                "link-scheme",
            ),
            (
                GOOD.replace(
                    "\"title\": {\"en\": \"B\"}",
                    "\"title\": {\"en\": \"B\"}, \"viewpoint\": {\"position\": [1,1,1], \"target\": [1,1,1]}",
                ),
                "viewpoint",
            ),
            (GOOD.replace("\"src\": \"m.glb\"", "\"src\": \"m.glb\", \"scale\": 0"), "scale-zero"),
            (
                GOOD.replace("\"src\": \"m.glb\"", "\"src\": \"m.glb\", \"rotation\": [0, 1, 0, 1]"),
                "rotation",
            ),
            (GOOD.replace("\"title\": {\"en\": \"B\"}", "\"title\": {}"), "missing-text"),
            (
                GOOD.replace("\"defaultLanguage\"", "\"format\": \"pavilion-scene/9\", \"defaultLanguage\""),
                "format",
            ),
            (
                GOOD.replace(
                    "\"defaultLanguage\"",
                    "\"environment\": {\"diffuse\": \"d.ktx2\", \"specular\": \"s.ktx2\", \"floor\": \"grey\"}, \"defaultLanguage\"",
                ),
                "color",
            ),
        ];
        for (text, code) in cases {
            let errs = errors(&text);
            assert!(errs.iter().any(|e| e.code == code), "expected {code}, got {errs:?}");
        }
    }

    /// GOOD with categories, an anchored hotspot, an image, viewpoints and a tour.
    fn rich() -> String {
        GOOD.replace(
            "\"hotspots\": [",
            r#""categories": [{"id": "people", "title": {"en": "People"}}],
  "viewpoints": [{"id": "front", "title": {"en": "Front"}, "position": [0,1,3], "target": [0,1,0]}],
  "tours": [{"id": "intro", "title": {"en": "Intro"}, "steps": [
    {"viewpoint": "front", "caption": {"en": "Start"}, "duration": 5},
    {"hotspot": "c"}]}],
  "hotspots": [
    {"id": "c", "anchor": {"model": "m", "node": "Head", "position": [0,0.1,0], "normal": [0,0,1]},
     "category": "people", "order": 1, "title": {"en": "C"},
     "body": {"en": "A *calm* face. See [more](https://example.org)."},
     "image": {"src": "c.jpg", "alt": {"en": "The face"}}},"#,
        )
    }

    #[test]
    fn full_format_parses() {
        let p = parse_scene(&rich(), "scene.json").unwrap();
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let m = p.manifest;
        assert_eq!(m.hotspots[0].anchor.as_ref().unwrap().node, "Head");
        assert_eq!(m.tours[0].steps[1].seconds(), crate::manifest::DEFAULT_STEP_SECONDS);
        // `order` puts "c" first, the rest follow in file order.
        assert_eq!(m.hotspot_order(), [0, 1, 2]);
        let mut m2 = m.clone();
        m2.hotspots[0].order = None;
        m2.hotspots[2].order = Some(-1);
        assert_eq!(m2.hotspot_order(), [2, 0, 1]);
    }

    #[test]
    fn tour_and_anchor_rules() {
        let cases = [
            (
                "\"viewpoint\": \"front\", \"caption\"",
                "\"viewpoint\": \"back\", \"caption\"",
                "unknown-viewpoint",
                "/tours/0/steps/0/viewpoint",
            ),
            (
                "{\"hotspot\": \"c\"}",
                "{\"hotspot\": \"z\"}",
                "unknown-hotspot",
                "/tours/0/steps/1/hotspot",
            ),
            (
                "{\"hotspot\": \"c\"}",
                "{\"caption\": {\"en\": \"x\"}}",
                "tour-step",
                "/tours/0/steps/1",
            ),
            ("\"duration\": 5", "\"duration\": 0", "tour-step", "/tours/0/steps/0/duration"),
            (
                "\"model\": \"m\"",
                "\"model\": \"statue\"",
                "unknown-model",
                "/hotspots/0/anchor/model",
            ),
            (
                "\"category\": \"people\"",
                "\"category\": \"places\"",
                "unknown-category",
                "/hotspots/0/category",
            ),
            (
                "\"id\": \"c\", \"anchor\"",
                "\"id\": \"c\", \"position\": [0,0,0], \"anchor\"",
                "placement",
                "/hotspots/0/anchor",
            ),
            (
                "\"normal\": [0,0,1]},",
                "\"normal\": [0,0,0]},",
                "normal-zero",
                "/hotspots/0/anchor/normal",
            ),
            ("\"c.jpg\"", "\"c.gif\"", "image-src", "/hotspots/0/image/src"),
            (
                "\"alt\": {\"en\": \"The face\"}",
                "\"alt\": {}",
                "missing-text",
                "/hotspots/0/image/alt",
            ),
            (
                "(https://example.org)",
                "(javascript:alert(1))",
                "link-scheme",
                "/hotspots/0/body/en",
            ),
        ];
        for (from, to, code, pointer) in cases {
            let text = rich().replacen(from, to, 1);
            assert_ne!(text, rich(), "{from}");
            let errs = errors(&text);
            assert!(
                errs.iter().any(|e| e.code == code && e.pointer == pointer),
                "expected {code} at {pointer}, got {errs:#?}"
            );
        }
        let text = rich().replace(r#""id": "b", "position": [0,1,0], "normal": [0,0,1], "#, r#""id": "b", "#);
        let e = errors(&text);
        assert_eq!((e[0].code, e[0].pointer.as_str()), ("placement", "/hotspots/2/id"));
        assert!(e[0].message.contains("neither \"position\""), "{}", e[0].message);
        let empty = rich().replacen(
            "{\"viewpoint\": \"front\", \"caption\": {\"en\": \"Start\"}, \"duration\": 5},\n    {\"hotspot\": \"c\"}",
            "",
            1,
        );
        assert!(
            errors(&empty)
                .iter()
                .any(|e| e.code == "empty-tour" && e.pointer == "/tours/0/steps")
        );
    }

    #[test]
    fn numbers_that_cannot_be_used() {
        let cases = [
            (
                "\"src\": \"m.glb\"",
                "\"src\": \"m.glb\", \"scale\": 1e39",
                "/models/0/scale",
                "too large to be stored",
            ),
            (
                "\"src\": \"m.glb\"",
                "\"src\": \"m.glb\", \"scale\": [1, 1e-9, 1]",
                "/models/0/scale/1",
                "outside 1e-6..1e6",
            ),
            (
                "\"src\": \"m.glb\"",
                "\"src\": \"m.glb\", \"translation\": [0, -1e39, 0]",
                "/models/0/translation/1",
                "too large to be stored",
            ),
            (
                "\"src\": \"m.glb\"",
                "\"src\": \"m.glb\", \"translation\": [2e6, 0, 0]",
                "/models/0/translation/0",
                "check the units",
            ),
            (
                "\"src\": \"m.glb\"",
                "\"src\": \"m.glb\", \"rotation\": [0, 0, 1e39, 1]",
                "/models/0/rotation/2",
                "too large to be stored",
            ),
            (
                "\"src\": \"m.glb\"",
                "\"src\": \"m.glb\", \"rotation\": [0, 1e39, 0]",
                "/models/0/rotation/1",
                "too large to be stored",
            ),
            (
                "\"position\": [0,1,0], \"normal\": [0,0,1], \"title\": {\"en\": \"B\"}",
                "\"position\": [0,1e40,0], \"normal\": [0,0,1], \"title\": {\"en\": \"B\"}",
                "/hotspots/1/position/1",
                "too large to be stored",
            ),
            (
                "\"normal\": [0,0,1], \"title\": {\"en\": \"B\"}",
                "\"normal\": [0,0,-1e39], \"title\": {\"en\": \"B\"}",
                "/hotspots/1/normal/2",
                "too large to be stored",
            ),
            (
                "\"title\": {\"en\": \"B\"}",
                "\"title\": {\"en\": \"B\"}, \"viewpoint\": {\"position\": [1,1,1e39], \"target\": [0,0,0]}",
                "/hotspots/1/viewpoint/position/2",
                "too large to be stored",
            ),
            (
                "\"defaultLanguage\"",
                "\"environment\": {\"diffuse\": \"d.ktx2\", \"specular\": \"s.ktx2\", \"intensity\": 1e39}, \"defaultLanguage\"",
                "/environment/intensity",
                "too large to be stored",
            ),
        ];
        for (from, to, pointer, says) in cases {
            let text = GOOD.replacen(from, to, 1);
            assert_ne!(text, GOOD, "{to}");
            let errs = errors(&text);
            assert!(
                errs.iter()
                    .any(|e| e.code == "number" && e.pointer == pointer && e.message.contains(says)),
                "expected number at {pointer} ({says}), got {errs:#?}"
            );
        }
    }

    #[test]
    fn files_that_cannot_load() {
        let env = |d: &str, s: &str| {
            GOOD.replace(
                "\"defaultLanguage\"",
                &format!("\"environment\": {{\"diffuse\": \"{d}\", \"specular\": \"{s}\"}}, \"defaultLanguage\""),
            )
        };
        let cases = [
            (
                GOOD.replace("\"m.glb\"", "\"venus.glb#\""),
                "model-src",
                "/models/0/src",
                "contains '#'",
            ),
            (
                GOOD.replace("\"m.glb\"", "\"a#b://c.glb\""),
                "model-src",
                "/models/0/src",
                "contains '#'",
            ),
            (
                GOOD.replace("\"m.glb\"", "\"data:model/gltf-binary;base64,AAAA.glb\""),
                "model-src",
                "/models/0/src",
                "is a data: URL",
            ),
            (
                GOOD.replace("\"m.glb\"", "\"blob:http://x/1.glb\""),
                "model-src",
                "/models/0/src",
                "is a blob: URL",
            ),
            (GOOD.replace("\"m.glb\"", "\"  \""), "model-src", "/models/0/src", "is empty"),
            (env("d.ktx2#", "s.ktx2"), "environment-src", "/environment/diffuse", "contains '#'"),
            (
                env("d.ktx2", "s.png"),
                "environment-src",
                "/environment/specular",
                "not a .ktx2 file",
            ),
            (
                env("d.ktx2", "file:///etc/s.ktx2"),
                "environment-src",
                "/environment/specular",
                "is a file: URL",
            ),
        ];
        for (text, code, pointer, says) in cases {
            let errs = errors(&text);
            assert!(
                errs.iter()
                    .any(|e| e.code == code && e.pointer == pointer && e.message.contains(says)),
                "expected {code} at {pointer} ({says}), got {errs:#?}"
            );
        }
        // What does load: http(s) URLs and relative paths, '#' escaped.
        for ok in ["https://cdn.example.org/m.glb", "../models/a%23b.glb", "m.GLB?v=2"] {
            let text = GOOD.replace("\"m.glb\"", &format!("\"{ok}\""));
            assert!(parse_scene(&text, "scene.json").is_ok(), "{ok}");
        }
        assert!(parse_scene(&env("https://x/d.ktx2", "s.ktx2"), "scene.json").is_ok());
    }

    #[test]
    fn email_links_are_allowed() {
        let text = rich().replace("See [more](https://example.org).", "Write to <curator@museum.org>.");
        let p = parse_scene(&text, "scene.json").unwrap();
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let text = GOOD.replace(
            "\"title\": {\"en\": \"B\"}",
            "\"title\": {\"en\": \"B\"}, \"link\": {\"href\": \"mailto:info@museum.org\"}",
        );
        assert!(parse_scene(&text, "scene.json").is_ok());
    }

    /// A scene with `n` hotspots and a tour of `n` steps each naming a
    /// hotspot that does not exist: `n` findings, each needing the file's
    /// line and column.
    pub(crate) fn broken_at_scale(n: usize) -> String {
        let hotspots: Vec<String> = (0..n)
            .map(|i| format!("{{\"id\": \"h{i}\", \"position\": [0,1,0], \"title\": {{\"en\": \"H {i}\"}}}}"))
            .collect();
        let steps: Vec<String> = (0..n).map(|i| format!("{{\"hotspot\": \"missing{i}\"}}")).collect();
        format!(
            "{{\"title\": {{\"en\": \"Big\"}}, \"defaultLanguage\": \"en\", \"models\": [{{\"id\": \"m\", \"src\": \"m.glb\"}}],\n\"hotspots\": [\n{}\n],\n\"tours\": [{{\"id\": \"t\", \"title\": {{\"en\": \"T\"}}, \"steps\": [\n{}\n]}}]}}",
            hotspots.join(",\n"),
            steps.join(",\n")
        )
    }

    #[test]
    fn messages_stay_short_however_large_the_scene() {
        let n = 5_000;
        let errs = errors(&broken_at_scale(n));
        assert_eq!(errs.len(), n);
        let longest = errs.iter().map(|e| e.message.len()).max().unwrap();
        assert!(longest < 200, "a message of {longest} bytes: {}", errs[0].message);
        assert!(errs[0].message.ends_with("and 4992 more)"), "{}", errs[0].message);
        // Each finding found its own line (one hotspot or step per line).
        let last = errs.last().unwrap();
        assert_eq!((last.pointer.as_str(), last.line), ("/tours/0/steps/4999/hotspot", 2 * n + 4));
    }

    #[test]
    fn lists_name_the_first_few_in_order() {
        assert_eq!(list(["b", "a"].iter()), "\"a\", \"b\"");
        assert_eq!(list(std::iter::empty::<&str>()), "none");
        let many: Vec<String> = (0..20).rev().map(|i| format!("x{i:02}")).collect();
        assert_eq!(
            list(many.iter()),
            "\"x00\", \"x01\", \"x02\", \"x03\", \"x04\", \"x05\", \"x06\", \"x07\" and 12 more"
        );
    }

    #[test]
    fn rich_text_outside_the_subset_warns() {
        let text = rich().replace("A *calm* face.", "# A calm face");
        let p = parse_scene(&text, "scene.json").unwrap();
        assert_eq!(
            (p.warnings[0].code, p.warnings[0].pointer.as_str()),
            ("rich-text", "/hotspots/0/body/en")
        );
        assert!(p.warnings[0].message.starts_with("A heading is not part of the rich-text subset"));
    }
}
