//! The JSON Schema of the scene format, generated from the Rust types (so
//! it cannot drift from what the viewer reads). The committed copy,
//! `schema/pavilion-scene-1.schema.json`, is what editors use through a
//! scene's `$schema`; a test keeps it equal to this.

use crate::manifest::SceneManifest;

/// Where the schema lives in the repository and in a built site.
pub const SCHEMA_PATH: &str = "schema/pavilion-scene-1.schema.json";

/// The schema as JSON.
pub fn scene_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(SceneManifest);
    schema.insert("$id".into(), "https://pavilion.example/schema/pavilion-scene-1.schema.json".into());
    schema.insert("title".into(), "Pavilion scene (format pavilion-scene/1)".into());
    schema.to_value()
}

/// The schema as the committed file holds it.
pub fn scene_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&scene_schema()).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

    #[test]
    fn committed_schema_equals_generated() {
        let path = format!("{ROOT}/{SCHEMA_PATH}");
        let generated = scene_schema_text();
        if std::env::var_os("PAVILION_BLESS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{SCHEMA_PATH} differs from the Rust types; regenerate it with `PAVILION_BLESS=1 cargo test -p pavilion-content schema`"
        );
    }

    #[test]
    fn schema_describes_the_format() {
        let s = scene_schema();
        let props = &s["properties"];
        for field in [
            "$schema",
            "format",
            "title",
            "defaultLanguage",
            "languages",
            "models",
            "hotspots",
            "strings",
        ] {
            assert!(props.get(field).is_some(), "schema lacks {field}");
        }
        assert_eq!(s["additionalProperties"], false, "unknown fields are errors, in editors too");
        let required: Vec<&str> = s["required"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
        assert!(required.contains(&"title") && required.contains(&"models") && required.contains(&"defaultLanguage"));
        // Field descriptions come from the doc comments.
        assert!(props["defaultLanguage"]["description"].as_str().unwrap().contains("authored"));
    }

    #[test]
    fn bundled_scenes_point_at_the_schema() {
        for entry in std::fs::read_dir(format!("{ROOT}/assets/scenes")).unwrap() {
            let dir = entry.unwrap().path();
            let text = std::fs::read_to_string(dir.join("scene.json")).unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let reference = v["$schema"].as_str().unwrap_or_else(|| panic!("{} has no $schema", dir.display()));
            let target = dir.join(reference);
            assert!(target.exists(), "{} → {} does not exist", dir.display(), target.display());
            assert!(target.ends_with(SCHEMA_PATH));
        }
    }
}
