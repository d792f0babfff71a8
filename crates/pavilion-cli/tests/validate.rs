//! `pavilion validate` as a content team's CI runs it.

use std::path::PathBuf;
use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pavilion")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_scene(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pavilion-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scene.json");
    std::fs::write(&path, text).unwrap();
    path
}

fn gallery() -> String {
    format!("{ROOT}/assets/scenes/gallery/scene.json")
}

#[test]
fn every_bundled_scene_validates_clean_in_well_under_a_second() {
    for entry in std::fs::read_dir(format!("{ROOT}/assets/scenes")).unwrap() {
        let scene = entry.unwrap().path().join("scene.json");
        let started = std::time::Instant::now();
        let (code, out, err) = run(&["validate", "--fail-on-missing-translations", scene.to_str().unwrap()]);
        let took = started.elapsed();
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains(": ok: 0 error(s), 0 warning(s)"), "{out}");
        assert!(took.as_secs_f32() < 1.0, "validate took {took:?}");
    }
}

#[test]
fn the_translation_report_is_a_table_per_language() {
    let (_, out, _) = run(&["validate", &gallery()]);
    assert!(out.contains("language    present  missing"), "{out}");
    for lang in ["zh-Hant", "ko", "hi", "th", "fa"] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(lang) && l.trim_end().ends_with(" 0")),
            "{lang} row: {out}"
        );
    }
}

#[test]
fn errors_exit_1_with_position_and_pointer() {
    let text = std::fs::read_to_string(gallery())
        .unwrap()
        .replace("\"id\": \"venus-arms\"", "\"id\": \"venus-face\"")
        .replace("../../models/venus.glb", "../../models/nowhere.glb");
    let scene = temp_scene("errors", &text);
    let (code, out, _) = run(&["validate", "--no-models", scene.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[duplicate-id] at /hotspots/1/id"), "{out}");
    assert!(out.contains(&format!("{}:", scene.display())), "{out}");
    // With models checked, the missing file is found too.
    let (code, out, _) = run(&["validate", scene.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("error[model-missing] at /models/0/src"), "{out}");
}

#[test]
fn missing_translations_fail_only_when_asked() {
    // The scene without its Korean title.
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(gallery()).unwrap()).unwrap();
    v["title"].as_object_mut().unwrap().remove("ko");
    let scene = temp_scene("missing", &serde_json::to_string_pretty(&v).unwrap());
    let path = scene.to_str().unwrap();
    let (code, out, _) = run(&["validate", "--no-models", path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ko missing:") && out.contains("/title/ko (falls back)"), "{out}");
    let (code, _, _) = run(&["validate", "--no-models", "--fail-on-missing-translations", path]);
    assert_eq!(code, 1);
}

#[test]
fn json_output_for_pipelines() {
    let (code, out, _) = run(&["validate", "--format", "json", &gallery()]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = &v["files"][0];
    assert_eq!(file["errors"], 0);
    assert_eq!(file["translations"].as_array().unwrap().len(), 15);
    let scene = temp_scene("json", "{\"title\": {\"en\": \"x\"}, \"defaultLanguage\": \"en\", \"models\": []}");
    let (code, out, _) = run(&["validate", "--format", "json", scene.to_str().unwrap()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["severity"].as_str(), d["pointer"].as_str()),
        (Some("no-models"), Some("error"), Some("/models"))
    );
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(1), Some(49)));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["validate"]).0, 2);
    assert_eq!(run(&["frobnicate"]).0, 2);
    assert_eq!(run(&["validate", "--format", "xml", &gallery()]).0, 2);
    let (code, _, err) = run(&["validate", "/no/such/scene.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("/no/such/scene.json: cannot read"), "{err}");
}

#[test]
fn anchors_must_name_a_node_of_the_model_and_images_must_exist() {
    let root = std::fs::canonicalize(format!("{ROOT}/assets")).unwrap();
    let text = std::fs::read_to_string(gallery())
        .unwrap()
        .replace("../../models/", &format!("{}/models/", root.display()))
        .replacen("\"node\": \"marble_bust_01\"", "\"node\": \"marble_bust_02\"", 1)
        .replace("images/venus-head.jpg", "images/nowhere.jpg");
    let scene = temp_scene("anchors", &text);
    let (code, out, _) = run(&["validate", scene.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[unknown-node] at /hotspots/3/anchor/node: model \"bust\" has no node named \"marble_bust_02\" (its named nodes: \"marble_bust_01\")"),
        "{out}"
    );
    assert!(out.contains("error[image-missing] at /hotspots/0/image/src"), "{out}");
    assert_eq!(out.matches("error[").count(), 2, "{out}");
}

fn shared(path: &str) -> String {
    let dir = std::env::var("PAVILION_SHARED_CONTENT")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/content").to_string());
    format!("{dir}/{path}")
}

#[test]
fn iiif_manifests_validate_with_what_they_cannot_show_as_warnings() {
    let (code, out, err) = run(&["validate", &shared("iiif/9_commenting_annotations/whale_comment.json")]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(&[
        "validate",
        &shared("iiif/3_lights/multiple_lights_with_intensities_and_colors.json"),
    ]);
    assert_eq!(code, 0, "{out}");
    // file:line:column, rule and pointer into the manifest.
    assert!(
        out.lines().any(|l| l.contains(
            "colors.json:47:19: warning[iiif-unsupported] at /items/0/items/0/items/0/body/source/intensity: an intensity of 100"
        )),
        "{out}"
    );
    let (code, out, _) = run(&["validate", &shared("iiif/2_cameras/zz_near_and_far.json")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[iiif]") && out.contains("no Scene"), "{out}");
}

#[test]
fn iiif_export_then_import_gives_the_scene_back() {
    let dir = std::env::temp_dir().join(format!("pavilion-iiif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let manifest = dir.join("gallery.iiif.json");
    let scene = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/scenes/gallery/scene.json");
    let (code, _, err) = run(&[
        "iiif",
        "export",
        scene,
        "--id",
        "https://museum.example/iiif/gallery",
        "--published-at",
        "https://museum.example/scenes/gallery/scene.json",
        "-o",
        manifest.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("not in the manifest") && err.contains("tour"),
        "what a manifest cannot hold is said: {err}"
    );
    // The manifest is itself a scene the validator (and viewer) opens.
    let (code, out, _) = run(&["validate", "--no-models", manifest.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let back = dir.join("back.json");
    let (code, _, err) = run(&["iiif", "import", manifest.to_str().unwrap(), "-o", back.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let back: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    let original: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(scene).unwrap()).unwrap();
    assert_eq!(back["title"], original["title"]);
    assert_eq!(
        back["hotspots"].as_array().unwrap().len(),
        original["hotspots"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h.get("position").is_some())
            .count()
    );
}
