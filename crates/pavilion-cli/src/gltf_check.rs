//! Opening a scene's glTF models: do they exist, parse, use only extensions
//! the viewer reads, and reference files that exist? Also lists their named
//! nodes, for hotspots anchored to nodes. Compressed files (Draco, meshopt,
//! quantized, specular-glossiness) are decoded first, as the viewer does,
//! by `pavilion-gltf`.

use std::path::{Path, PathBuf};

/// What one model file holds, or why it cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    pub path: PathBuf,
    pub node_names: Vec<String>,
    /// What decoding could only approximate (warnings).
    pub notes: Vec<String>,
}

/// A problem with a model, as (rule, message).
pub type Problem = (&'static str, String);

/// Extensions the viewer's glTF reader accepts as required, and those it
/// decodes before that reader sees the file.
pub fn supported_extensions() -> Vec<&'static str> {
    let mut all = gltf::json::extensions::ENABLED_EXTENSIONS.to_vec();
    all.extend_from_slice(pavilion_gltf::HANDLED);
    all
}

/// A compressed model as the viewer will see it: plain glTF, with the
/// buffers that are separate files read from next to it.
fn decode(bytes: &[u8], model_dir: &Path, src: &str) -> Result<pavilion_gltf::Plain, Vec<Problem>> {
    let fail = |e: pavilion_gltf::Error| vec![("gltf-decode", format!("\"{src}\" cannot be decoded {e}"))];
    let mut file = pavilion_gltf::Compressed::parse(bytes).map_err(fail)?;
    for (index, uri) in file.external_buffers() {
        if uri.contains("://") {
            continue;
        }
        let path = model_dir.join(percent_decode(&uri));
        match std::fs::read(&path) {
            Ok(data) => file.set_buffer(index, data),
            Err(e) => {
                return Err(vec![(
                    "gltf-resource",
                    format!("\"{src}\" refers to \"{uri}\", which cannot be read ({}: {e})", path.display()),
                )]);
            }
        }
    }
    file.into_plain().map_err(fail)
}

/// Checks the model at `src`, relative to the scene file `scene`.
pub fn check(scene: &Path, src: &str) -> Result<ModelFile, Vec<Problem>> {
    let base = scene.parent().unwrap_or(Path::new("."));
    let file = src.split(['?', '#']).next().unwrap_or(src);
    let path = base.join(file);
    let bytes = std::fs::read(&path).map_err(|e| {
        vec![(
            "model-missing",
            format!("the model file \"{src}\" cannot be read ({}: {e})", path.display()),
        )]
    })?;
    let model_dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let mut notes = Vec::new();
    let bytes = if pavilion_gltf::needs_transcoding(&bytes) {
        let plain = decode(&bytes, &model_dir, src)?;
        notes = plain.notes.iter().map(|n| format!("\"{src}\" {n}")).collect();
        plain.glb
    } else {
        bytes
    };
    let mut problems = Vec::new();
    let json: serde_json::Value = match pavilion_gltf::json_chunk(&bytes)
        .map_err(|e| e.to_string())
        .and_then(|j| serde_json::from_slice(j).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => return Err(vec![("gltf-parse", format!("\"{src}\" is not a glTF file: {e}"))]),
    };
    let supported = supported_extensions();
    for ext in json["extensionsRequired"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e.as_str())
    {
        if !supported.contains(&ext) {
            problems.push((
                "gltf-extension",
                format!(
                    "\"{src}\" requires the glTF extension {ext}, which the viewer cannot read; export it without {ext} (the viewer reads: {})",
                    supported.join(", ")
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let gltf = match gltf::Gltf::from_slice(&bytes) {
        Ok(g) => g,
        Err(e) => return Err(vec![("gltf-parse", format!("\"{src}\" is not a valid glTF 2.0 file: {e}"))]),
    };
    let resources = gltf
        .buffers()
        .filter_map(|b| match b.source() {
            gltf::buffer::Source::Uri(u) => Some(u.to_string()),
            gltf::buffer::Source::Bin => None,
        })
        .chain(gltf.images().filter_map(|i| match i.source() {
            gltf::image::Source::Uri { uri, .. } => Some(uri.to_string()),
            gltf::image::Source::View { .. } => None,
        }));
    for uri in resources {
        if uri.starts_with("data:") || uri.contains("://") {
            continue;
        }
        let decoded = percent_decode(&uri);
        if !model_dir.join(&decoded).exists() {
            problems.push((
                "gltf-resource",
                format!("\"{src}\" refers to \"{uri}\", which does not exist next to it"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let node_names = gltf.nodes().filter_map(|n| n.name().map(str::to_string)).collect();
    Ok(ModelFile { path, node_names, notes })
}

/// `%20` and friends in glTF URIs.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

    #[test]
    fn bundled_models_pass_and_list_their_nodes() {
        let scene = PathBuf::from(format!("{ROOT}/assets/scenes/gallery/scene.json"));
        let venus = check(&scene, "../../models/venus.glb").unwrap();
        assert!(venus.path.exists());
        let bust = check(&scene, "../../models/marble_bust/marble_bust_01_1k.gltf").unwrap();
        assert!(!bust.node_names.is_empty(), "the bust has named nodes");
    }

    /// The real compressed files of `../shared/content/models/`.
    #[test]
    fn compressed_collection_files_pass_as_the_viewer_will_see_them() {
        let shared = std::env::var("PAVILION_SHARED_CONTENT").unwrap_or_else(|_| format!("{ROOT}/../shared/content"));
        let scene = PathBuf::from(format!("{shared}/models/scene.json"));
        for model in ["whale_cranium_draco.glb", "whale_mandible_draco.glb", "garden_bridge_meshopt.glb"] {
            let file = check(&scene, model).unwrap_or_else(|e| panic!("{model}: {e:?}"));
            assert!(file.notes.is_empty(), "{model}: {:?}", file.notes);
        }
    }

    #[test]
    fn missing_broken_and_unsupported_models_are_reported() {
        let dir = std::env::temp_dir().join(format!("pavilion-gltf-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let scene = dir.join("scene.json");
        assert_eq!(check(&scene, "nope.glb").unwrap_err()[0].0, "model-missing");
        std::fs::write(dir.join("bad.gltf"), "{ not json").unwrap();
        assert_eq!(check(&scene, "bad.gltf").unwrap_err()[0].0, "gltf-parse");
        std::fs::write(
            dir.join("basis.gltf"),
            r#"{"asset": {"version": "2.0"}, "extensionsUsed": ["KHR_texture_basisu"], "extensionsRequired": ["KHR_texture_basisu"]}"#,
        )
        .unwrap();
        let e = check(&scene, "basis.gltf").unwrap_err();
        assert_eq!(e[0].0, "gltf-extension");
        assert!(e[0].1.contains("KHR_texture_basisu"), "{}", e[0].1);
        // A Draco primitive whose stream is not there says where.
        std::fs::write(
            dir.join("draco.gltf"),
            r#"{"asset": {"version": "2.0"}, "extensionsUsed": ["KHR_draco_mesh_compression"], "extensionsRequired": ["KHR_draco_mesh_compression"],
               "accessors": [{"componentType": 5126, "count": 3, "type": "VEC3", "min": [0,0,0], "max": [1,1,1]}],
               "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "extensions": {"KHR_draco_mesh_compression": {"bufferView": 0, "attributes": {"POSITION": 0}}}}]}]}"#,
        )
        .unwrap();
        let e = check(&scene, "draco.gltf").unwrap_err();
        assert_eq!(e[0].0, "gltf-decode");
        assert!(
            e[0].1.contains("/meshes/0/primitives/0/extensions/KHR_draco_mesh_compression"),
            "{}",
            e[0].1
        );
        std::fs::write(
            dir.join("lost.gltf"),
            r#"{"asset": {"version": "2.0"}, "buffers": [{"uri": "lost%20data.bin", "byteLength": 4}]}"#,
        )
        .unwrap();
        let e = check(&scene, "lost.gltf").unwrap_err();
        assert_eq!(e[0].0, "gltf-resource");
        assert!(e[0].1.contains("lost%20data.bin"));
        std::fs::write(dir.join("lost data.bin"), [0u8; 4]).unwrap();
        assert!(check(&scene, "lost.gltf").is_ok());
        std::fs::write(dir.join("short.glb"), b"glTF\x02\0\0\0").unwrap();
        assert_eq!(check(&scene, "short.glb").unwrap_err()[0].0, "gltf-parse");
    }
}
