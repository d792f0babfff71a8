//! IIIF Presentation 4 manifest → [`SceneManifest`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::math::{self, Mat};
use super::{Unsupported, is_manifest};
use crate::manifest::{Credit, Hotspot, Light, LightKind, LocalizedText, Model, NamedViewpoint, Rotation, Scale, SceneManifest, Viewpoint};

/// A scene read from a IIIF manifest, and what it could not represent.
#[derive(Debug, Clone)]
pub struct Imported {
    pub scene: SceneManifest,
    pub unsupported: Vec<Unsupported>,
}

/// Reads a IIIF Presentation 4 Manifest with a Scene. Errors (not a
/// manifest, no Scene, no model) say where.
pub fn import(text: &str) -> Result<Imported, Unsupported> {
    let doc: Value = serde_json::from_str(text).map_err(|e| Unsupported {
        pointer: String::new(),
        message: format!("not valid JSON: {e}"),
    })?;
    import_value(&doc)
}

/// [`import`] of a document already parsed.
pub fn import_value(doc: &Value) -> Result<Imported, Unsupported> {
    if !is_manifest(doc) {
        return Err(at(
            "",
            format!(
                "not a IIIF Presentation 4 Manifest (its @context must be {} and its type Manifest)",
                super::CONTEXT
            ),
        ));
    }
    let mut ctx = Ctx {
        default_language: pick_default_language(&doc["label"]),
        ..Ctx::default()
    };
    let scenes: Vec<usize> = list(&doc["items"])
        .iter()
        .enumerate()
        .filter(|(_, v)| v["type"] == "Scene")
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = scenes.first() else {
        return Err(at("/items", "the manifest has no Scene (3D content lives in a Scene)"));
    };
    for extra in &scenes[1..] {
        ctx.unsupported(format!("/items/{extra}"), "only the manifest's first Scene is shown");
    }
    let scene_ptr = format!("/items/{first}");
    let scene = &doc["items"][first];

    let title = ctx.lang_map("/label", &doc["label"], " / ");
    let title = if title.is_empty() {
        ctx.lang_map(&format!("{scene_ptr}/label"), &scene["label"], " / ")
    } else {
        title
    };
    if title.is_empty() {
        return Err(at("/label", "the manifest has no label; the viewer shows it as the scene's title"));
    }
    let description = ctx.lang_map("/summary", &doc["summary"], "\n\n");
    let credit = credit(&mut ctx, doc);

    // Every annotation of the Scene, painting ones first (cameras, lights
    // and `lookAt` refer to them by id).
    let mut painting = Vec::new();
    let mut commenting = Vec::new();
    for (key, motivation_default) in [("items", "painting"), ("annotations", "commenting")] {
        for (p, page) in list(&scene[key]).iter().enumerate() {
            for (a, anno) in list(&page["items"]).iter().enumerate() {
                let pointer = format!("{scene_ptr}/{key}/{p}/items/{a}");
                let motivations: Vec<&str> = match &anno["motivation"] {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => vec![motivation_default],
                };
                if motivations.contains(&"painting") {
                    painting.push((pointer, anno));
                } else if motivations.contains(&"commenting") {
                    commenting.push((pointer, anno));
                } else {
                    ctx.unsupported(
                        format!("{pointer}/motivation"),
                        format!("annotations with motivation {motivations:?} are not shown"),
                    );
                }
            }
        }
    }
    // Where each annotation puts its body: for `lookAt` an annotation.
    let points: HashMap<&str, [f64; 3]> = painting
        .iter()
        .filter_map(|(_, a)| Some((a["id"].as_str()?, target_point(&a["target"]).unwrap_or([0.0; 3]))))
        .collect();

    let mut models = Vec::new();
    let mut cameras: Vec<Camera> = Vec::new();
    let mut lights = Vec::new();
    // Models, views and hotspots each have their own ids.
    let (mut model_ids, mut view_ids, mut hotspot_ids) = (Ids::default(), Ids::default(), Ids::default());
    for (pointer, anno) in &painting {
        let (body_ptr, body) = single(&mut ctx, format!("{pointer}/body"), &anno["body"]);
        let (resource_ptr, resource, transforms) = if body["type"] == "SpecificResource" {
            let (p, r) = single(&mut ctx, format!("{body_ptr}/source"), &body["source"]);
            (p, r, Some((format!("{body_ptr}/transform"), &body["transform"])))
        } else {
            (body_ptr.clone(), body, None)
        };
        let mut m = math::translation(target_point(&anno["target"]).unwrap_or([0.0; 3]));
        if let Some((tp, list_value)) = transforms {
            m = math::mul(&m, &transform_matrix(&mut ctx, &tp, list_value));
        }
        let kind = resource["type"].as_str().unwrap_or_default();
        match kind {
            "Model" => {
                let Some(src) = resource["id"].as_str() else {
                    ctx.unsupported(format!("{resource_ptr}/id"), "a Model without an id (its URL) cannot be loaded");
                    continue;
                };
                let format = resource["format"].as_str().unwrap_or("model/gltf-binary");
                if !matches!(format, "model/gltf-binary" | "model/gltf+json") {
                    ctx.unsupported(
                        format!("{resource_ptr}/format"),
                        format!("models in {format} are not shown (the viewer reads glTF: model/gltf-binary, model/gltf+json)"),
                    );
                    continue;
                }
                let trs = math::decompose(&m);
                if !trs.exact {
                    ctx.unsupported(format!("{body_ptr}/transform"), "these transforms shear the model (an uneven scale after a rotation); it is shown scaled and turned, without the shear");
                }
                let f = |v: [f64; 3]| v.map(|x| x as f32);
                let scale = f(trs.scale);
                models.push(Model {
                    id: model_ids.make(anno["id"].as_str(), "model"),
                    src: src.to_string(),
                    translation: f(trs.translation),
                    rotation: Rotation::Quaternion(trs.rotation.map(|x| x as f32)),
                    scale: if scale[0] == scale[1] && scale[1] == scale[2] {
                        Scale::Uniform(scale[0])
                    } else {
                        Scale::PerAxis(scale)
                    },
                    plinth: None,
                    credit: credit.clone(),
                });
            }
            "PerspectiveCamera" | "OrthographicCamera" => {
                if kind == "OrthographicCamera" {
                    ctx.unsupported(
                        resource_ptr.clone(),
                        "an orthographic camera is shown as a perspective one from the same place",
                    );
                }
                for key in ["near", "far"] {
                    if resource.get(key).is_some() {
                        ctx.unsupported(
                            format!("{resource_ptr}/{key}"),
                            format!("the camera's {key} plane is not used: the viewer sets its own from the scene's size"),
                        );
                    }
                }
                let position = math::apply(&m, [0.0; 3]);
                let look = look_at(&mut ctx, &format!("{resource_ptr}/lookAt"), &resource["lookAt"], &points);
                let target = match look {
                    Some(p) if distance(p, position) > 1e-9 => p,
                    _ => {
                        let d = math::apply_dir(&m, [0.0, 0.0, -1.0]);
                        let reach = distance(position, [0.0; 3]).max(1.0);
                        let n = distance(d, [0.0; 3]).max(1e-12);
                        [0, 1, 2].map(|i| position[i] + d[i] / n * reach)
                    }
                };
                let fov = resource["fieldOfView"]
                    .as_f64()
                    .filter(|f| *f > 0.0 && *f < 180.0)
                    .map(|f| f as f32);
                let hidden = list(&resource["behavior"])
                    .iter()
                    .chain(list(&anno["behavior"]).iter())
                    .any(|b| b == "hidden");
                cameras.push(Camera {
                    ids: [anno["id"].as_str(), resource["id"].as_str()]
                        .into_iter()
                        .flatten()
                        .map(str::to_string)
                        .collect(),
                    annotation: anno["id"].as_str().map(str::to_string),
                    title: ctx.lang_map(&format!("{resource_ptr}/label"), &resource["label"], " / "),
                    view: Viewpoint {
                        position: position.map(|x| x as f32),
                        target: target.map(|x| x as f32),
                        fov,
                    },
                    hidden,
                });
            }
            "AmbientLight" | "DirectionalLight" | "PointLight" | "SpotLight" => {
                lights.push(light(&mut ctx, &resource_ptr, resource, kind, &m, &points));
            }
            "ImageBasedLight" => {
                ctx.unsupported(
                    resource_ptr,
                    "an ImageBasedLight is not used yet: its environment map would need filtering the viewer does ahead of time",
                );
            }
            other => {
                ctx.unsupported(
                    format!("{resource_ptr}/type"),
                    format!("painting a {other:?} into a Scene is not shown (the viewer shows Model, PerspectiveCamera)"),
                );
            }
        }
    }
    if models.is_empty() {
        return Err(at(scene_ptr, "the Scene paints no glTF Model; there is nothing to show"));
    }

    let mut hotspots = Vec::new();
    for (pointer, anno) in &commenting {
        let Some(position) = target_point(&anno["target"]) else {
            ctx.unsupported(
                format!("{pointer}/target"),
                "a comment on the whole Scene (no point) has no place for a marker; it is not shown",
            );
            continue;
        };
        let body = comment_text(&mut ctx, pointer, anno);
        if body.is_empty() {
            ctx.unsupported(format!("{pointer}/body"), "a comment without text is not shown");
            continue;
        }
        let label = ctx.lang_map(&format!("{pointer}/label"), &anno["label"], " / ");
        let (title, body) = if label.is_empty() {
            title_from_text(&body)
        } else {
            // A comment whose text is its label (what `export` writes for a
            // hotspot without a body) has no body of its own.
            let same = body
                .0
                .iter()
                .all(|(k, t)| label.0.get(k).is_some_and(|l| crate::richtext::escape(l) == *t));
            (label, if same { LocalizedText::default() } else { body })
        };
        let scope = scope_camera(&anno["scope"]).or_else(|| scope_camera(&anno["target"]["scope"]));
        let viewpoint = scope
            .and_then(|id| cameras.iter().find(|c| c.ids.iter().any(|i| i == id)))
            .map(|c| c.view);
        if let Some(id) = scope
            && viewpoint.is_none()
        {
            ctx.unsupported(
                format!("{pointer}/scope"),
                format!("the comment's camera {id} is not a camera of this Scene"),
            );
        }
        hotspots.push(Hotspot {
            id: hotspot_ids.make(anno["id"].as_str(), "comment"),
            position: Some(position.map(|x| x as f32)),
            normal: None,
            anchor: None,
            category: None,
            order: None,
            viewpoint,
            title,
            body,
            credit: LocalizedText::default(),
            image: None,
            link: None,
        });
    }

    let background = ctx.color(
        &format!("{scene_ptr}/backgroundColor"),
        &scene["backgroundColor"],
        "the viewer's own backdrop is shown",
    );
    let visible: Vec<&Camera> = cameras.iter().filter(|c| !c.hidden).collect();
    let initial_view = visible.first().map(|c| c.view);
    // Every camera is a named view visitors can pick, but an unlabelled
    // first one, which is just the view the scene opens on.
    let skip = usize::from(visible.first().is_some_and(|c| c.title.is_empty()));
    let viewpoints = visible
        .iter()
        .enumerate()
        .skip(skip)
        .map(|(i, c)| NamedViewpoint {
            id: view_ids.make(c.annotation.as_deref(), "view"),
            title: if c.title.is_empty() {
                ctx.text(format!("View {}", i + 1))
            } else {
                c.title.clone()
            },
            position: c.view.position,
            target: c.view.target,
            fov: c.view.fov,
        })
        .collect();
    let default_language = ctx.default_language.clone();
    let mut languages: Vec<String> = vec![default_language.clone()];
    languages.extend(ctx.languages.iter().filter(|l| **l != default_language).cloned());
    Ok(Imported {
        scene: SceneManifest {
            schema: None,
            format: crate::manifest::FORMAT_V1.to_string(),
            title,
            description,
            default_language,
            languages,
            environment: None,
            background,
            lights,
            models,
            categories: Vec::new(),
            hotspots,
            initial_view,
            viewpoints,
            tours: Vec::new(),
            strings: BTreeMap::new(),
        },
        unsupported: ctx.out,
    })
}

struct Camera {
    /// The annotation's id and the camera's own: a comment's scope may name either.
    ids: Vec<String>,
    annotation: Option<String>,
    title: LocalizedText,
    view: Viewpoint,
    hidden: bool,
}

#[derive(Default)]
struct Ctx {
    out: Vec<Unsupported>,
    default_language: String,
    languages: BTreeSet<String>,
}

impl Ctx {
    fn unsupported(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.out.push(Unsupported {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    /// A IIIF colour as `#rrggbb`; one the viewer cannot read is listed,
    /// saying what is shown instead (`otherwise`).
    fn color(&mut self, pointer: &str, value: &Value, otherwise: &str) -> Option<String> {
        if value.is_null() {
            return None;
        }
        let c = value.as_str().and_then(css_color);
        if c.is_none() {
            self.unsupported(
                pointer,
                format!("{value} is not a colour the viewer reads (#rrggbb, #rgb or a basic colour name); {otherwise}"),
            );
        }
        c
    }

    fn text(&self, s: String) -> LocalizedText {
        LocalizedText(BTreeMap::from([(self.default_language.clone(), s)]))
    }

    /// A IIIF language map (`{"en": ["…"], "none": ["…"]}`) as localized
    /// text; `none` (no language) counts as the scene's default language.
    fn lang_map(&mut self, pointer: &str, value: &Value, sep: &str) -> LocalizedText {
        let mut out = BTreeMap::new();
        let Some(map) = value.as_object() else {
            if let Some(s) = value.as_str() {
                out.insert(self.default_language.clone(), s.to_string());
            }
            return LocalizedText(out);
        };
        for (key, texts) in map {
            let text = match texts {
                Value::String(s) => s.clone(),
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(sep),
                _ => continue,
            };
            if text.trim().is_empty() {
                continue;
            }
            let tag = if key == "none" || key == "@none" {
                self.default_language.clone()
            } else {
                key.clone()
            };
            if crate::lang::LanguageTag::parse(&tag).is_err() {
                self.unsupported(
                    format!("{pointer}/{}", crate::locate::escape_token(key)),
                    format!("\"{key}\" is not a language tag; this text is left out"),
                );
                continue;
            }
            self.languages.insert(tag.clone());
            out.entry(tag).or_insert(text);
        }
        LocalizedText(out)
    }
}

/// Makes unique ids in the scene's id alphabet from IIIF ids (URLs).
#[derive(Default)]
struct Ids(BTreeSet<String>);

impl Ids {
    fn make(&mut self, iiif_id: Option<&str>, fallback: &str) -> String {
        let last = iiif_id
            .and_then(|id| id.trim_end_matches('/').rsplit(['/', '#']).next())
            .unwrap_or(fallback);
        let clean: String = last
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let base = if clean.trim_matches('-').is_empty() {
            fallback.to_string()
        } else {
            clean
        };
        let mut id = base.clone();
        let mut n = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

fn at(pointer: impl Into<String>, message: impl Into<String>) -> Unsupported {
    Unsupported {
        pointer: pointer.into(),
        message: message.into(),
    }
}

/// A value that may be one item or an array of them, as a slice.
fn list(v: &Value) -> &[Value] {
    match v {
        Value::Array(a) => a,
        Value::Null => &[],
        other => std::slice::from_ref(other),
    }
}

/// The one resource of a `body` or `source` (an object, or an array of
/// one); a `Choice` gives its first item, as the specification says a
/// client should.
fn single<'a>(ctx: &mut Ctx, pointer: String, v: &'a Value) -> (String, &'a Value) {
    let (pointer, v) = match v {
        Value::Array(a) if !a.is_empty() => {
            if a.len() > 1 {
                ctx.unsupported(format!("{pointer}/1"), "only the first of several resources is shown");
            }
            (format!("{pointer}/0"), &a[0])
        }
        other => (pointer, other),
    };
    if v["type"] == "Choice" && !list(&v["items"]).is_empty() {
        return single(ctx, format!("{pointer}/items"), &v["items"]);
    }
    (pointer, v)
}

fn distance(a: [f64; 3], b: [f64; 3]) -> f64 {
    (0..3).map(|i| (a[i] - b[i]).powi(2)).sum::<f64>().sqrt()
}

fn xyz(v: &Value, default: f64) -> [f64; 3] {
    ["x", "y", "z"].map(|k| v[k].as_f64().unwrap_or(default))
}

/// A point from a selector: `PointSelector`, or a WKT `POINT` (`POINT Z
/// (x y z)` or `POINT (x y z)`).
fn selector_point(s: &Value) -> Option<[f64; 3]> {
    match s["type"].as_str()? {
        "PointSelector" => Some(xyz(s, 0.0)),
        "WktSelector" | "WKTSelector" => {
            let v = s["value"].as_str()?.trim();
            let rest = v.strip_prefix("POINT")?.trim_start();
            let rest = rest.strip_prefix('Z').unwrap_or(rest).trim();
            let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
            let n: Vec<f64> = inner.split_whitespace().map(str::parse).collect::<Result<_, _>>().ok()?;
            (n.len() == 3).then(|| [n[0], n[1], n[2]])
        }
        _ => None,
    }
}

/// Where an annotation's target puts things: its point selector, if any.
fn target_point(target: &Value) -> Option<[f64; 3]> {
    list(target)
        .iter()
        .find_map(|t| list(&t["selector"]).iter().find_map(selector_point))
}

/// The matrix of a `transform` list, applied in order.
fn transform_matrix(ctx: &mut Ctx, pointer: &str, transforms: &Value) -> Mat {
    let mut m = math::IDENTITY;
    for (i, t) in list(transforms).iter().enumerate() {
        let step = match t["type"].as_str().unwrap_or_default() {
            "ScaleTransform" => math::scale(xyz(t, 1.0)),
            "RotateTransform" => math::rotation_xyz(xyz(t, 0.0)),
            "TranslateTransform" => math::translation(xyz(t, 0.0)),
            other => {
                ctx.unsupported(
                    format!("{pointer}/{i}"),
                    format!("the transform {other:?} is not applied (ScaleTransform, RotateTransform, TranslateTransform are)"),
                );
                continue;
            }
        };
        // Each transform acts on the result of the previous one.
        m = math::mul(&step, &m);
    }
    m
}

/// The point a camera looks at: a selector, or an annotation (the point
/// its target names, or the origin).
fn look_at(ctx: &mut Ctx, pointer: &str, v: &Value, points: &HashMap<&str, [f64; 3]>) -> Option<[f64; 3]> {
    if v.is_null() {
        return None;
    }
    if let Some(p) = selector_point(v).or_else(|| target_point(v)) {
        return Some(p);
    }
    if let Some(id) = v["id"].as_str().or(v.as_str())
        && let Some(p) = points.get(id)
    {
        return Some(*p);
    }
    ctx.unsupported(
        pointer,
        "the camera's lookAt names no point or annotation of this Scene; it looks straight ahead",
    );
    None
}

/// The camera a comment's `scope` names (the first).
fn scope_camera(scope: &Value) -> Option<&str> {
    list(scope).iter().find_map(|s| s["id"].as_str().or(s.as_str()))
}

/// A comment's text per language, as the scene's rich text (Markdown
/// subset): `bodyValue`, `TextualBody`, a `Choice` of them, or a list.
fn comment_text(ctx: &mut Ctx, pointer: &str, anno: &Value) -> LocalizedText {
    let mut out = BTreeMap::new();
    let mut bodies: Vec<(String, &Value)> = Vec::new();
    fn collect<'a>(pointer: String, v: &'a Value, bodies: &mut Vec<(String, &'a Value)>) {
        match v {
            Value::Array(a) => a.iter().enumerate().for_each(|(i, b)| collect(format!("{pointer}/{i}"), b, bodies)),
            Value::Object(o) if o.get("type").and_then(Value::as_str) == Some("Choice") => {
                collect(format!("{pointer}/items"), &v["items"], bodies)
            }
            Value::Null => {}
            other => bodies.push((pointer, other)),
        }
    }
    collect(format!("{pointer}/bodyValue"), &anno["bodyValue"], &mut bodies);
    collect(format!("{pointer}/body"), &anno["body"], &mut bodies);
    for (p, b) in bodies {
        let (value, language, format) = match b {
            Value::String(s) => (s.as_str(), None, "text/plain"),
            Value::Object(_) if b["type"] == "TextualBody" || b.get("value").is_some() => (
                b["value"].as_str().unwrap_or_default(),
                list(&b["language"]).iter().find_map(Value::as_str),
                b["format"].as_str().unwrap_or("text/plain"),
            ),
            _ => {
                ctx.unsupported(p, "only text bodies (TextualBody, bodyValue) are shown in comments");
                continue;
            }
        };
        let text = match format {
            "text/html" => crate::richtext::from_html(value),
            "text/plain" => crate::richtext::escape(value),
            other => {
                ctx.unsupported(format!("{p}/format"), format!("a comment in {other} is shown as plain text"));
                crate::richtext::escape(value)
            }
        };
        let tag = language
            .filter(|l| *l != "none")
            .map_or_else(|| ctx.default_language.clone(), str::to_string);
        if crate::lang::LanguageTag::parse(&tag).is_err() {
            ctx.unsupported(
                format!("{p}/language"),
                format!("\"{tag}\" is not a language tag; this text is left out"),
            );
            continue;
        }
        if text.trim().is_empty() {
            continue;
        }
        ctx.languages.insert(tag.clone());
        out.entry(tag).or_insert(text);
    }
    LocalizedText(out)
}

/// A hotspot needs a title: a short comment becomes the title; a longer
/// one gives its first words as the title and stays whole as the body.
fn title_from_text(body: &LocalizedText) -> (LocalizedText, LocalizedText) {
    let short = body.0.values().all(|t| t.chars().count() <= 80 && !t.contains('\n'));
    if short {
        return (body.clone(), LocalizedText::default());
    }
    let title = body
        .0
        .iter()
        .map(|(k, t)| {
            let first = t.split("\n\n").next().unwrap_or(t);
            let mut s: String = first.chars().take(60).collect();
            if first.chars().count() > 60 {
                s = format!("{}…", s.trim_end());
            }
            (k.clone(), s)
        })
        .collect();
    (LocalizedText(title), body.clone())
}

/// `requiredStatement` and `rights` as the models' credit (shown in About).
fn credit(ctx: &mut Ctx, doc: &Value) -> Option<Credit> {
    let statement = &doc["requiredStatement"];
    let label = ctx.lang_map("/requiredStatement/label", &statement["label"], " / ");
    let value = ctx.lang_map("/requiredStatement/value", &statement["value"], " ");
    let rights = doc["rights"].as_str();
    if value.is_empty() && rights.is_none() {
        return None;
    }
    let lang = ctx.default_language.clone();
    let pick = |t: &LocalizedText| t.0.get(&lang).or_else(|| t.0.values().next()).cloned();
    let line = match (pick(&label), pick(&value)) {
        (Some(l), Some(v)) => format!("{l}: {v}"),
        (None, Some(v)) => v,
        _ => String::new(),
    };
    Some(Credit {
        line,
        license: rights.map_or_else(|| "see the rights statement".to_string(), license_name),
        url: rights.map(str::to_string),
    })
}

/// `http://creativecommons.org/licenses/by/4.0/` → `CC-BY-4.0`.
fn license_name(uri: &str) -> String {
    let path = uri.split("creativecommons.org/").nth(1).unwrap_or_default().trim_end_matches('/');
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["licenses", kind, version, ..] => format!("CC-{}-{version}", kind.to_uppercase()),
        ["publicdomain", "zero", version, ..] => format!("CC0-{version}"),
        ["publicdomain", "mark", version, ..] => format!("PDM-{version}"),
        _ => uri.to_string(),
    }
}

/// `en` when the label has English, else the label's first language,
/// else `en`.
fn pick_default_language(label: &Value) -> String {
    let keys: Vec<&String> = label
        .as_object()
        .map(|o| o.keys().filter(|k| *k != "none" && *k != "@none").collect())
        .unwrap_or_default();
    if keys.is_empty() || keys.iter().any(|k| *k == "en") {
        return "en".into();
    }
    keys[0].clone()
}

/// A IIIF light: where it is (its target point and transforms), which way
/// it shines (its `lookAt`, else -Y turned by its transforms), colour and
/// relative intensity.
fn light(ctx: &mut Ctx, pointer: &str, resource: &Value, kind: &str, m: &Mat, points: &HashMap<&str, [f64; 3]>) -> Light {
    let kind = match kind {
        "AmbientLight" => LightKind::Ambient,
        "DirectionalLight" => LightKind::Directional,
        "PointLight" => LightKind::Point,
        _ => LightKind::Spot,
    };
    let position = math::apply(m, [0.0; 3]);
    let direction = match look_at(ctx, &format!("{pointer}/lookAt"), &resource["lookAt"], points) {
        Some(p) if distance(p, position) > 1e-9 => [0, 1, 2].map(|i| p[i] - position[i]),
        _ => math::apply_dir(m, [0.0, -1.0, 0.0]),
    };
    let color = ctx.color(&format!("{pointer}/color"), &resource["color"], "the light is white");
    let i = &resource["intensity"];
    let raw = i.as_f64().or_else(|| i["value"].as_f64()).or_else(|| i["quantityValue"].as_f64());
    let intensity = match raw {
        None => 1.0,
        Some(v) if (0.0..=1.0).contains(&v) => v,
        Some(v) => {
            ctx.unsupported(
                format!("{pointer}/intensity"),
                format!(
                    "an intensity of {v} is outside 0..1 (relative); it is taken as {}",
                    v.clamp(0.0, 1.0)
                ),
            );
            v.clamp(0.0, 1.0)
        }
    };
    let angle = resource["angle"].as_f64().map(|a| a.clamp(0.1, 90.0) as f32);
    let f = |v: [f64; 3]| v.map(|x| x as f32);
    Light {
        kind,
        color,
        intensity: intensity as f32,
        position: matches!(kind, LightKind::Point | LightKind::Spot).then(|| f(position)),
        direction: matches!(kind, LightKind::Directional | LightKind::Spot).then(|| f(direction)),
        angle: if kind == LightKind::Spot { angle } else { None },
    }
}

/// `#rrggbb`, `#rgb` or a basic CSS colour name, as `#rrggbb`.
fn css_color(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_lowercase();
    if let Some(hex) = s.strip_prefix('#') {
        return match hex.len() {
            6 if hex.chars().all(|c| c.is_ascii_hexdigit()) => Some(format!("#{hex}")),
            3 if hex.chars().all(|c| c.is_ascii_hexdigit()) => Some(format!("#{}", hex.chars().flat_map(|c| [c, c]).collect::<String>())),
            _ => None,
        };
    }
    let named = match s.as_str() {
        "black" => "#000000",
        "white" => "#ffffff",
        "red" => "#ff0000",
        "green" => "#008000",
        "lime" => "#00ff00",
        "blue" => "#0000ff",
        "yellow" => "#ffff00",
        "cyan" | "aqua" => "#00ffff",
        "magenta" | "fuchsia" => "#ff00ff",
        "purple" => "#800080",
        "orange" => "#ffa500",
        "gray" | "grey" => "#808080",
        "silver" => "#c0c0c0",
        "maroon" => "#800000",
        "navy" => "#000080",
        "olive" => "#808000",
        "teal" => "#008080",
        _ => return None,
    };
    Some(named.to_string())
}
