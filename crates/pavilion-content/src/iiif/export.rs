//! [`SceneManifest`] → IIIF Presentation 4 manifest.

use serde_json::{Value, json};

use super::math;
use crate::manifest::{Hotspot, LocalizedText, Rotation, SceneManifest, Viewpoint};

/// A scene as a IIIF Presentation 4 manifest, and what a manifest has no
/// place for (tours, topics, pictures, links, anchors, the environment).
///
/// `base` is the URL the manifest's ids start with (the manifest itself is
/// `{base}/manifest.json`); `model_base`, when given, is the URL the scene
/// file is published at, against which relative model paths are made
/// absolute (IIIF names resources by URL).
pub fn export(scene: &SceneManifest, base: &str, model_base: Option<&str>) -> (Value, Vec<String>) {
    let base = base.trim_end_matches('/');
    let scene_id = format!("{base}/scene");
    let mut left_out = Vec::new();
    let target = |p: [f32; 3]| {
        json!({
            "type": "SpecificResource",
            "source": [{ "id": scene_id, "type": "Scene" }],
            "selector": [point(p)],
        })
    };
    let mut painting = Vec::new();
    for model in &scene.models {
        let src = match model_base {
            Some(b) if !model.src.contains("://") => crate::url::join(b, &model.src),
            _ => model.src.clone(),
        };
        let format = if src.split(['?', '#']).next().unwrap_or_default().ends_with(".gltf") {
            "model/gltf+json"
        } else {
            "model/gltf-binary"
        };
        let rotation = match model.rotation {
            Rotation::Quaternion(q) => math::from_quaternion(q.map(f64::from)),
            Rotation::EulerDegrees([x, y, z]) => {
                // Pavilion's Euler order is Y, X, Z (yaw, pitch, roll).
                let ry = math::rotation_xyz([0.0, f64::from(y), 0.0]);
                let rx = math::rotation_xyz([f64::from(x), 0.0, 0.0]);
                let rz = math::rotation_xyz([0.0, 0.0, f64::from(z)]);
                math::mul(&math::mul(&ry, &rx), &rz)
            }
        };
        let [ex, ey, ez] = math::euler_xyz(&rotation);
        let [sx, sy, sz] = model.scale.as_vec3();
        let mut transforms = Vec::new();
        if [sx, sy, sz] != [1.0; 3] {
            transforms.push(json!({ "type": "ScaleTransform", "x": sx, "y": sy, "z": sz }));
        }
        if [ex, ey, ez] != [0.0; 3] {
            transforms.push(json!({ "type": "RotateTransform", "x": ex, "y": ey, "z": ez }));
        }
        let resource = json!({ "id": src, "type": "Model", "format": format });
        let body = if transforms.is_empty() {
            resource
        } else {
            json!({ "type": "SpecificResource", "source": [resource], "transform": transforms })
        };
        painting.push(json!({
            "id": format!("{base}/models/{}", model.id),
            "type": "Annotation",
            "motivation": ["painting"],
            "body": body,
            "target": target(model.translation),
        }));
        if model.plinth.is_some() {
            left_out.push(format!("the plinth of model \"{}\"", model.id));
        }
    }
    let camera = |id: &str, label: Option<&LocalizedText>, view: &Viewpoint, hidden: bool| {
        let mut body = json!({
            "id": format!("{base}/cameras/{id}"),
            "type": "PerspectiveCamera",
            "lookAt": point(view.target),
        });
        if let Some(fov) = view.fov {
            body["fieldOfView"] = json!(fov);
        }
        if let Some(label) = label {
            body["label"] = language_map(label);
        }
        if hidden {
            body["behavior"] = json!(["hidden"]);
        }
        json!({
            "id": format!("{base}/views/{id}"),
            "type": "Annotation",
            "motivation": ["painting"],
            "body": body,
            "target": target(view.position),
        })
    };
    for (i, light) in scene.lights.iter().enumerate() {
        use crate::manifest::LightKind;
        let kind = match light.kind {
            LightKind::Ambient => "AmbientLight",
            LightKind::Directional => "DirectionalLight",
            LightKind::Point => "PointLight",
            LightKind::Spot => "SpotLight",
        };
        let mut body = json!({
            "id": format!("{base}/lights/{}", i + 1),
            "type": kind,
            "intensity": { "type": "Value", "value": light.intensity, "unit": "relative" },
        });
        if let Some(c) = &light.color {
            body["color"] = json!(c);
        }
        if let Some(a) = light.angle {
            body["angle"] = json!(a);
        }
        let at = light.position.unwrap_or([0.0; 3]);
        if let Some(d) = light.direction {
            body["lookAt"] = point([at[0] + d[0], at[1] + d[1], at[2] + d[2]]);
        }
        painting.push(json!({
            "id": format!("{base}/lights/{}/annotation", i + 1),
            "type": "Annotation",
            "motivation": ["painting"],
            "body": body,
            "target": target(at),
        }));
    }
    if let Some(view) = &scene.initial_view {
        painting.push(camera("initial", None, view, false));
    } else if !scene.viewpoints.is_empty() {
        left_out.push("the framing of the whole scene as the first view (the first named view becomes it)".into());
    }
    for v in &scene.viewpoints {
        painting.push(camera(&v.id, Some(&v.title), &v.view(), false));
    }
    let mut comments = Vec::new();
    for h in &scene.hotspots {
        let Some(position) = h.position else {
            left_out.push(format!(
                "hotspot \"{}\": it is anchored to a glTF node, and a manifest needs a point",
                h.id
            ));
            continue;
        };
        let mut anno = json!({
            "id": format!("{base}/hotspots/{}", h.id),
            "type": "Annotation",
            "motivation": ["commenting"],
            "label": language_map(&h.title),
            "body": comment_body(h),
            "target": target(position),
        });
        if let Some(view) = &h.viewpoint {
            let id = format!("hotspot-{}", h.id);
            painting.push(camera(&id, None, view, true));
            anno["scope"] = json!([{ "id": format!("{base}/cameras/{id}"), "type": "PerspectiveCamera" }]);
        }
        for (what, there) in [
            ("category", h.category.is_some()),
            ("picture", h.image.is_some()),
            ("link", h.link.is_some()),
            ("credit", !h.credit.is_empty()),
        ] {
            if there {
                left_out.push(format!("hotspot \"{}\": its {what}", h.id));
            }
        }
        comments.push(anno);
    }
    if !scene.tours.is_empty() {
        left_out.push(format!("{} tour(s)", scene.tours.len()));
    }
    if scene.environment.is_some() {
        left_out.push("the environment lighting and backdrop".into());
    }
    let mut manifest = json!({
        "@context": super::CONTEXT,
        "id": format!("{base}/manifest.json"),
        "type": "Manifest",
        "label": language_map(&scene.title),
        "items": [{
            "id": scene_id,
            "type": "Scene",
            "label": language_map(&scene.title),
            "items": [{ "id": format!("{base}/scene/page/1"), "type": "AnnotationPage", "items": painting }],
        }],
    });
    if let Some(bg) = &scene.background {
        manifest["items"][0]["backgroundColor"] = json!(bg);
    }
    if !comments.is_empty() {
        manifest["items"][0]["annotations"] =
            json!([{ "id": format!("{base}/scene/page/2"), "type": "AnnotationPage", "items": comments }]);
    }
    if !scene.description.is_empty() {
        manifest["summary"] = language_map(&scene.description);
    }
    let credits: Vec<_> = scene.models.iter().filter_map(|m| m.credit.as_ref()).collect();
    if !credits.is_empty() {
        let lines: Vec<&str> = credits.iter().map(|c| c.line.as_str()).collect();
        manifest["requiredStatement"] = json!({
            "label": { "en": ["Attribution"] },
            "value": { "none": [lines.join("; ")] },
        });
        if let Some(url) = credits.iter().find_map(|c| {
            c.url
                .as_deref()
                .filter(|u| u.contains("creativecommons.org") || u.contains("rightsstatements.org"))
        }) {
            manifest["rights"] = json!(url);
        }
    }
    (manifest, left_out)
}

fn point(p: [f32; 3]) -> Value {
    json!({ "type": "PointSelector", "x": p[0], "y": p[1], "z": p[2] })
}

fn language_map(text: &LocalizedText) -> Value {
    Value::Object(text.0.iter().map(|(k, v)| (k.clone(), json!([v]))).collect())
}

/// A hotspot's text as TextualBody(s), HTML made from its rich text: one,
/// or a Choice with one per language. A hotspot without a body gives its
/// title as the comment.
fn comment_body(h: &Hotspot) -> Value {
    let text = if h.body.is_empty() { &h.title } else { &h.body };
    let bodies: Vec<Value> = text
        .0
        .iter()
        .map(|(lang, t)| json!({ "type": "TextualBody", "value": to_html(t), "language": lang, "format": "text/html" }))
        .collect();
    match bodies.len() {
        1 => bodies.into_iter().next().unwrap_or_default(),
        _ => json!({ "type": "Choice", "items": bodies }),
    }
}

/// The rich-text subset as HTML, escaped.
fn to_html(text: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut out = String::new();
    let mut list: Option<bool> = None;
    for block in crate::richtext::blocks(text) {
        let numbered = block.number.is_some();
        match (block.is_item(), list) {
            (true, None) => {
                out.push_str(if numbered { "<ol>" } else { "<ul>" });
                list = Some(numbered);
            }
            (false, Some(n)) => {
                out.push_str(if n { "</ol>" } else { "</ul>" });
                list = None;
            }
            _ => {}
        }
        out.push_str(if block.is_item() { "<li>" } else { "<p>" });
        for span in &block.spans {
            let mut s = esc(&span.text);
            if span.emphasis {
                s = format!("<em>{s}</em>");
            }
            if span.strong {
                s = format!("<strong>{s}</strong>");
            }
            if let Some(href) = &span.link {
                s = format!("<a href=\"{}\">{s}</a>", esc(href));
            }
            out.push_str(&s);
        }
        out.push_str(if block.is_item() { "</li>" } else { "</p>" });
    }
    if let Some(n) = list {
        out.push_str(if n { "</ol>" } else { "</ul>" });
    }
    out
}
