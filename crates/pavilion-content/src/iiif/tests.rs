//! Every shared IIIF 3D example manifest, and a scene's round trip.

use super::*;
use crate::manifest::{Rotation, Scale, SceneManifest};

fn shared_dir() -> std::path::PathBuf {
    std::env::var("PAVILION_SHARED_CONTENT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/content"))
        .join("iiif")
}

fn manifest(name: &str) -> String {
    let path = shared_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (set PAVILION_SHARED_CONTENT)", path.display()))
}

fn open(name: &str) -> Imported {
    import(&manifest(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn close(a: [f32; 3], b: [f32; 3]) -> bool {
    (0..3).all(|i| (a[i] - b[i]).abs() < 1e-4)
}

fn quat(r: Rotation) -> [f32; 4] {
    match r {
        Rotation::Quaternion(q) => q,
        Rotation::EulerDegrees(_) => panic!("imports give quaternions"),
    }
}

#[test]
fn every_shared_manifest_opens_or_says_why() {
    let mut opened = 0;
    for dir in std::fs::read_dir(shared_dir()).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.display().to_string();
            if text.trim().is_empty() {
                continue;
            }
            match import(&text) {
                Ok(i) => {
                    opened += 1;
                    assert!(!i.scene.models.is_empty(), "{name}");
                    // What the viewer reads must pass the scene rules too.
                    let json = serde_json::to_string_pretty(&i.scene).unwrap();
                    if let Err(e) = crate::validate::parse_scene(&json, &name) {
                        panic!("{name}: {e:?}");
                    }
                }
                // The group's unfinished examples (`zz_*`, empty items) say so.
                Err(e) => assert!(path.file_name().unwrap().to_string_lossy().starts_with("zz_"), "{name}: {e}"),
            }
        }
    }
    assert!(opened >= 20, "{opened} manifests opened");
}

#[test]
fn a_model_at_the_origin_with_label_summary_and_background() {
    let i = open("1_basic_model_in_scene/model_origin.json");
    let m = &i.scene.models[0];
    assert_eq!(
        m.src,
        "https://raw.githubusercontent.com/IIIF/3d/main/assets/astronaut/astronaut.glb"
    );
    assert_eq!(m.translation, [0.0; 3]);
    assert_eq!(i.scene.title.0["en"], "Single Model");
    assert!(i.scene.description.0["en"].starts_with("Viewer should render"));
    assert!(i.scene.initial_view.is_none(), "no camera: the viewer frames the scene");
    assert!(i.unsupported.is_empty(), "{:?}", i.unsupported);
    let bg = open("1_basic_model_in_scene/model_origin_bgcolor.json");
    assert!(bg.unsupported.is_empty(), "{:?}", bg.unsupported);
    assert_eq!(bg.scene.background.as_deref(), Some("#ff00fe"));
}

#[test]
fn transforms_apply_in_order_then_the_point() {
    let t = |name: &str| open(&format!("4_transform_and_position/{name}")).scene.models;
    // [Translate 2,2,2; Scale 2] painted at (1, 0, 0) ends at (5, 4, 4).
    let m = t("model_transform_scale_position.json");
    let m = m.last().unwrap();
    assert!(close(m.translation, [5.0, 4.0, 4.0]), "{:?}", m.translation);
    assert_eq!(m.scale, Scale::Uniform(2.0));
    let m = t("model_transform_scale_translate_position.json");
    let m = m.last().unwrap();
    assert!(close(m.translation, [3.0, 2.0, 2.0]), "{:?}", m.translation);
    // Rotate 180° about y then translate +1 x: at +1; the other way round: at -1.
    assert!(close(
        t("model_transform_rotate_translate_position.json").last().unwrap().translation,
        [1.0, 0.0, 0.0]
    ));
    let m = t("model_transform_translate_rotate_position.json");
    let m = m.last().unwrap();
    assert!(close(m.translation, [-1.0, 0.0, 0.0]), "{:?}", m.translation);
    assert!(quat(m.rotation)[1].abs() > 0.999, "half a turn about y: {:?}", m.rotation);
    // A mirror image: one negative scale.
    let ms = t("model_transform_negative_scale_position.json");
    assert_eq!(ms.len(), 2);
    assert_ne!(ms[0].id, ms[1].id);
    assert!(matches!(ms[1].scale, Scale::PerAxis([x, 1.0, 1.0]) if x < 0.0), "{:?}", ms[1].scale);
}

#[test]
fn cameras_look_at_points_and_annotations() {
    let v = open("2_cameras/positioned_camera_lookat_point.json").scene.initial_view.unwrap();
    assert!(close(v.position, [0.0, 3.0, -10.0]) && close(v.target, [2.0, 1.0, 0.0]), "{v:?}");
    let v = open("2_cameras/positioned_camera_lookat_anno.json").scene.initial_view.unwrap();
    assert!(close(v.position, [0.0, 3.0, -10.0]) && close(v.target, [0.0; 3]), "{v:?}");
    // At the origin, facing -Z.
    let v = open("2_cameras/perspective_camera.json").scene.initial_view.unwrap();
    assert!(close(v.position, [0.0; 3]) && v.target[2] < -0.5 && v.target[0] == 0.0, "{v:?}");
}

#[test]
fn lights_keep_colour_intensity_place_and_direction() {
    use crate::manifest::LightKind;
    let i = open("3_lights/ambient_green_light.json");
    assert!(i.unsupported.is_empty(), "{:?}", i.unsupported);
    let l = &i.scene.lights[0];
    assert_eq!(
        (l.kind, l.color.as_deref(), l.intensity),
        (LightKind::Ambient, Some("#00ff00"), 0.5)
    );
    // At (0, 3, 10), looking at the model at the origin.
    let l = &open("3_lights/direction_light_lookat_positioned.json").scene.lights[0];
    assert_eq!(l.kind, LightKind::Directional);
    assert!(close(l.direction.unwrap(), [0.0, -3.0, -10.0]), "{l:?}");
    // Turned 30° about x: -Y turns towards -Z.
    let l = &open("3_lights/direction_light_transform_rotate.json").scene.lights[0];
    let d = l.direction.unwrap();
    assert!(close(d, [0.0, -(30f32.to_radians().cos()), -(30f32.to_radians().sin())]), "{d:?}");
    let all = open("3_lights/multiple_lights_with_intensities_and_colors.json");
    let spot = all.scene.lights.iter().find(|l| l.kind == LightKind::Spot).unwrap();
    assert!(spot.position.is_some() && spot.angle.is_some(), "{spot:?}");
    assert!(
        close(
            spot.direction.unwrap().map(|v| v.signum() * (v.abs() > 1e-6) as i32 as f32),
            [0.0, 0.0, -1.0]
        ),
        "the spot points at the helmet: {spot:?}"
    );
}

#[test]
fn comments_become_hotspots_at_their_points() {
    let i = open("9_commenting_annotations/whale_comment.json");
    let s = &i.scene;
    assert_eq!(s.models.len(), 2);
    assert!(close(s.models[0].translation, [0.0, 0.03, 0.05]));
    assert!(close(s.models[1].translation, [0.0, 0.18, 0.0]));
    assert_eq!(s.hotspots.len(), 1);
    let h = &s.hotspots[0];
    assert!(close(h.position.unwrap(), [0.04, 0.063, -0.066]));
    assert_eq!(h.title.0["en"], "Right pterygoid hamulus");
    assert!(h.body.is_empty());
    let a = open("9_commenting_annotations/astronaut_comment.json").scene;
    assert_eq!(a.hotspots.len(), 2);
    assert_ne!(a.hotspots[0].id, a.hotspots[1].id);
}

#[test]
fn multilingual_html_comments_with_a_camera_scope() {
    let text = r##"{
      "@context": "http://iiif.io/api/presentation/4/context.json",
      "id": "https://example.org/m.json", "type": "Manifest",
      "label": { "fr": ["Crâne"], "en": ["Skull"] },
      "items": [{ "id": "https://example.org/s", "type": "Scene", "items": [{ "type": "AnnotationPage", "items": [
        { "id": "https://example.org/a/model", "type": "Annotation", "motivation": ["painting"],
          "body": { "id": "https://example.org/skull.glb", "type": "Model" }, "target": "https://example.org/s" },
        { "id": "https://example.org/a/cam", "type": "Annotation", "motivation": ["painting"],
          "body": { "id": "https://example.org/cam/1", "type": "PerspectiveCamera", "behavior": ["hidden"], "fieldOfView": 30,
                    "lookAt": { "type": "PointSelector", "x": 0, "y": 1, "z": 0 } },
          "target": { "type": "SpecificResource", "source": { "id": "https://example.org/s", "type": "Scene" },
                      "selector": [{ "type": "PointSelector", "x": 0, "y": 1, "z": 2 }] } } ] }],
        "annotations": [{ "type": "AnnotationPage", "items": [
          { "id": "https://example.org/c/1", "type": "Annotation", "motivation": "commenting",
            "label": { "en": ["The jaw"], "fr": ["La mâchoire"] },
            "scope": [{ "id": "https://example.org/cam/1", "type": "PerspectiveCamera" }],
            "body": { "type": "Choice", "items": [
              { "type": "TextualBody", "language": "en", "format": "text/html", "value": "<p>Bone <em>and</em> teeth &amp; <script>alert(1)</script><a href=\"javascript:x\">bad</a> <a href=\"https://si.edu\">more</a></p><ul><li>one</li><li>two *star*</li></ul>" },
              { "type": "TextualBody", "language": ["fr"], "value": "Os et dents" } ] },
            "target": { "type": "SpecificResource", "source": [{ "id": "https://example.org/s", "type": "Scene" }],
                        "selector": { "type": "WktSelector", "value": "POINT Z (0.5 1.5 -2)" } } } ] }] }]
    }"##;
    let i = import(text).unwrap();
    let h = &i.scene.hotspots[0];
    assert_eq!(i.scene.default_language, "en");
    assert_eq!(i.scene.languages, ["en", "fr"]);
    assert!(close(h.position.unwrap(), [0.5, 1.5, -2.0]));
    assert_eq!(h.title.0["fr"], "La mâchoire");
    let en = &h.body.0["en"];
    assert_eq!(
        en,
        "Bone *and* teeth \\& alert(1)bad [more](https://si.edu)\n\n- one\n- two \\*star\\*"
    );
    assert_eq!(h.body.0["fr"], "Os et dents");
    let v = h.viewpoint.unwrap();
    assert!(close(v.position, [0.0, 1.0, 2.0]) && close(v.target, [0.0, 1.0, 0.0]) && v.fov == Some(30.0));
    assert!(i.scene.initial_view.is_none(), "a hidden camera is not the first view");
    // The rich text says what the HTML said, and nothing runs.
    let blocks = crate::richtext::blocks(en);
    assert_eq!(blocks.len(), 3);
    assert_eq!(
        blocks[0].spans.iter().filter_map(|s| s.link.as_deref()).collect::<Vec<_>>(),
        ["https://si.edu"]
    );
}

#[test]
fn not_a_manifest_or_nothing_to_show_says_where() {
    assert!(import("{}").unwrap_err().message.contains("Presentation 4"));
    let e = import(&manifest("2_cameras/zz_near_and_far.json")).unwrap_err();
    assert_eq!(e.pointer, "/items");
    assert!(!is_manifest_text(r#"{"format": "pavilion-scene/1"}"#));
    assert!(is_manifest_text(&manifest("1_basic_model_in_scene/model_origin.json")));
}

#[test]
fn a_scene_exported_and_imported_again_is_the_same_scene() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/scenes/gallery/scene.json");
    let scene: SceneManifest = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (manifest, left_out) = export(
        &scene,
        "https://museum.example/iiif/gallery",
        Some("https://museum.example/scenes/gallery/scene.json"),
    );
    assert!(left_out.iter().any(|l| l.contains("tour")), "{left_out:?}");
    let back = import(&manifest.to_string()).unwrap();
    assert!(back.unsupported.is_empty(), "{:?}", back.unsupported);
    let b = &back.scene;
    assert_eq!(b.title, scene.title);
    assert_eq!(b.description, scene.description);
    assert_eq!(b.models.len(), scene.models.len());
    for (m, n) in scene.models.iter().zip(&b.models) {
        assert_eq!(n.id, m.id);
        assert!(
            n.src.starts_with("https://museum.example/") && n.src.ends_with(m.src.trim_start_matches("../")),
            "{} vs {}",
            n.src,
            m.src
        );
        assert!(close(n.translation, m.translation));
        let (s, t) = (m.scale.as_vec3(), n.scale.as_vec3());
        assert!(close(s, t), "{s:?} vs {t:?}");
        // The same rotation (as a matrix: quaternions q and -q are equal).
        let rm = |r: Rotation| -> [f32; 9] {
            let q = match r {
                Rotation::Quaternion(q) => q.map(f64::from),
                Rotation::EulerDegrees(_) => unreachable!("the gallery uses quaternions"),
            };
            let m = super::math::from_quaternion(q);
            [m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]].map(|x| x as f32)
        };
        let (a, c) = (rm(m.rotation), rm(n.rotation));
        assert!((0..9).all(|k| (a[k] - c[k]).abs() < 1e-4), "{a:?} vs {c:?}");
    }
    // Without a first view of its own, a scene opens on its first named
    // view after the trip (IIIF has no "frame everything" camera).
    let v = scene.initial_view.unwrap_or_else(|| scene.viewpoints[0].view());
    let w = b.initial_view.unwrap();
    assert!(close(v.position, w.position) && close(v.target, w.target) && v.fov == w.fov);
    assert_eq!(b.viewpoints.len(), scene.viewpoints.len());
    for (v, w) in scene.viewpoints.iter().zip(&b.viewpoints) {
        assert_eq!((&w.id, &w.title), (&v.id, &v.title));
        assert!(close(v.position, w.position) && close(v.target, w.target));
    }
    let placed: Vec<_> = scene.hotspots.iter().filter(|h| h.position.is_some()).collect();
    assert_eq!(b.hotspots.len(), placed.len());
    for (h, g) in placed.iter().zip(&b.hotspots) {
        assert_eq!(g.id, h.id);
        assert_eq!(g.title, h.title, "{}", h.id);
        assert!(close(g.position.unwrap(), h.position.unwrap()));
        assert_eq!(g.viewpoint.is_some(), h.viewpoint.is_some(), "{}", h.id);
        assert_eq!(g.body.0.keys().collect::<Vec<_>>(), h.body.0.keys().collect::<Vec<_>>(), "{}", h.id);
        for (lang, text) in &h.body.0 {
            assert_eq!(
                crate::richtext::blocks(&g.body.0[lang]),
                crate::richtext::blocks(text),
                "{} {lang}",
                h.id
            );
        }
    }
    assert_eq!(
        b.languages.iter().collect::<std::collections::BTreeSet<_>>(),
        scene.languages.iter().collect()
    );
}
