//! The transcoder against the shared real files (each with its plain twin)
//! and against fixtures made by the codecs' own encoders.

use serde_json::{Value, json};

use crate::container::glb;
use crate::{Compressed, needs_transcoding, transcode};

/// A file of `../shared/content/models/` (next to the repository).
fn shared(name: &str) -> Vec<u8> {
    let dir = std::env::var("PAVILION_SHARED_CONTENT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/content"));
    let path = dir.join("models").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (set PAVILION_SHARED_CONTENT to the shared content folder)", path.display()))
}

/// A parsed plain GLB, checked by the `gltf` crate's validation (what the
/// validator and Bevy's loader run).
fn open(bytes: &[u8]) -> (gltf::Document, Vec<u8>) {
    let g = gltf::Gltf::from_slice(bytes).expect("the output is valid glTF 2.0");
    let blob = g.blob.clone().unwrap_or_default();
    (g.document, blob)
}

struct Primitive {
    positions: Vec<[f32; 3]>,
    normals: Vec<[f32; 3]>,
    uvs: Vec<[f32; 2]>,
    indices: Vec<u32>,
}

fn primitives(bytes: &[u8]) -> Vec<Primitive> {
    let (doc, blob) = open(bytes);
    let mut out = Vec::new();
    for mesh in doc.meshes() {
        for p in mesh.primitives() {
            let r = p.reader(|_| Some(&blob));
            out.push(Primitive {
                positions: r.read_positions().map(Iterator::collect).unwrap_or_default(),
                normals: r.read_normals().map(Iterator::collect).unwrap_or_default(),
                uvs: r.read_tex_coords(0).map(|t| t.into_f32().collect()).unwrap_or_default(),
                indices: r.read_indices().map(|i| i.into_u32().collect()).unwrap_or_default(),
            });
        }
    }
    out
}

fn bounds(points: &[[f32; 3]]) -> ([f32; 3], [f32; 3]) {
    let mut lo = [f32::MAX; 3];
    let mut hi = [f32::MIN; 3];
    for p in points {
        for i in 0..3 {
            lo[i] = lo[i].min(p[i]);
            hi[i] = hi[i].max(p[i]);
        }
    }
    (lo, hi)
}

fn json_of(glb_bytes: &[u8]) -> Value {
    let len = u32::from_le_bytes(glb_bytes[12..16].try_into().unwrap()) as usize;
    serde_json::from_slice(&glb_bytes[20..20 + len]).unwrap()
}

#[test]
fn smithsonian_draco_whale_matches_its_plain_twin() {
    let draco = shared("whale_cranium_draco.glb");
    assert!(needs_transcoding(&draco));
    let plain = transcode(&draco).unwrap();
    assert_eq!(plain.decoded, ["KHR_draco_mesh_compression"]);
    assert!(!needs_transcoding(&plain.glb));
    let json = json_of(&plain.glb);
    assert!(json.get("extensionsRequired").is_none(), "{}", json["extensionsRequired"]);
    let ours = primitives(&plain.glb);
    let twin = primitives(&shared("whale_cranium.glb"));
    assert_eq!(ours.len(), twin.len());
    let (a, b) = (&ours[0], &twin[0]);
    // Draco reorders vertices and quantizes positions: the same triangle
    // count and the same bounds (to Draco's quantization step) are what
    // must hold; the screenshot test compares the pictures.
    assert_eq!(a.indices.len(), b.indices.len());
    assert_eq!(a.positions.len(), a.normals.len());
    assert_eq!(a.positions.len(), a.uvs.len());
    assert!(a.indices.iter().all(|i| (*i as usize) < a.positions.len()));
    let ((lo_a, hi_a), (lo_b, hi_b)) = (bounds(&a.positions), bounds(&b.positions));
    for i in 0..3 {
        assert!(
            (lo_a[i] - lo_b[i]).abs() < 1e-3 && (hi_a[i] - hi_b[i]).abs() < 1e-3,
            "axis {i}: {lo_a:?}..{hi_a:?} vs {lo_b:?}..{hi_b:?}"
        );
    }
    // The textures travel with it.
    let (doc, _) = open(&plain.glb);
    assert_eq!(doc.images().count(), 2);
    assert!(plain.glb.len() > 3_000_000, "decoded geometry: {} bytes", plain.glb.len());
}

#[test]
fn gltfpack_meshopt_garden_decodes_to_exactly_its_plain_twin() {
    let packed = shared("garden_bridge_meshopt.glb");
    let plain = transcode(&packed).unwrap();
    assert_eq!(plain.decoded, ["EXT_meshopt_compression", "KHR_materials_pbrSpecularGlossiness"]);
    let ours = primitives(&plain.glb);
    let twin = primitives(&shared("garden_bridge.glb"));
    assert_eq!(ours.len(), 13);
    assert_eq!(ours.len(), twin.len());
    for (i, (a, b)) in ours.iter().zip(&twin).enumerate() {
        assert_eq!(a.positions, b.positions, "primitive {i} positions");
        assert_eq!(a.normals, b.normals, "primitive {i} normals");
        assert_eq!(a.indices, b.indices, "primitive {i} indices");
    }
    // Only the decoded views are kept: no compressed stream, no fallback buffer.
    let json = json_of(&plain.glb);
    assert_eq!(json["buffers"].as_array().unwrap().len(), 1);
    assert_eq!(json["bufferViews"].as_array().unwrap().len(), 3);
    let m = &json["materials"][4];
    assert!(m.get("extensions").is_none(), "{m}");
    assert!(
        m["pbrMetallicRoughness"]["metallicFactor"].as_f64().unwrap() > 0.5,
        "a yellow specular lamp is metal-like: {m}"
    );
    // The plain twin carries an empty metallic-roughness fallback next to the
    // extension; the extension wins there too (red, not the fallback's white).
    let twin = transcode(&shared("garden_bridge.glb")).unwrap();
    let red = &json_of(&twin.glb)["materials"][2]["pbrMetallicRoughness"]["baseColorFactor"];
    assert!(red[0].as_f64().unwrap() > 0.8 && red[1].as_f64().unwrap() < 0.2, "{red}");
}

#[test]
fn specular_glossiness_factors_convert_as_the_khronos_samples_do() {
    // No specular: a dielectric whose base colour is the diffuse one
    // (undoing the 4 % the dielectric reflects).
    let (base, metallic, roughness) = crate::spec_gloss::convert([0.5, 0.25, 0.0, 1.0], [0.0; 3], 0.25);
    assert_eq!(metallic, 0.0);
    assert!((base[0] - 0.5 / 0.96).abs() < 1e-9 && (base[1] - 0.25 / 0.96).abs() < 1e-9);
    assert!((roughness - 0.75).abs() < 1e-12);
    // A black diffuse with a bright gold specular is a gold metal.
    let (base, metallic, _) = crate::spec_gloss::convert([0.0, 0.0, 0.0, 0.5], [1.0, 0.8, 0.3], 1.0);
    assert!(metallic > 0.99, "{metallic}");
    assert!(
        (base[0] - 1.0).abs() < 0.02 && (base[1] - 0.8).abs() < 0.02 && (base[2] - 0.3).abs() < 0.02,
        "{base:?}"
    );
    assert_eq!(base[3], 0.5);
}

/// A GLB whose JSON is `json` and whose binary chunk is `bin`.
fn fixture(json: Value, bin: &[u8]) -> Vec<u8> {
    glb(serde_json::to_vec(&json).unwrap(), bin)
}

/// Appends `bytes` at a 4-byte boundary; returns their offset.
fn append(bin: &mut Vec<u8>, bytes: &[u8]) -> usize {
    while !bin.len().is_multiple_of(4) {
        bin.push(0);
    }
    bin.extend_from_slice(bytes);
    bin.len() - bytes.len()
}

/// A quad, quantized as gltfpack writes it: positions as i16 (stride 8),
/// normals as i8 octahedral-filtered (stride 4), UVs as normalized u16
/// (stride 4), indices as a meshopt triangle stream; under
/// `EXT_meshopt_compression` or `KHR_meshopt_compression`.
fn quantized_quad(ext: &str) -> (Vec<u8>, [[f32; 3]; 4], [[f32; 2]; 4]) {
    use meshoptimizer_rs::codec::{IndexEncoding, VertexEncoding, encode_filter_oct, encode_index_buffer, encode_vertex_buffer};
    use meshoptimizer_rs::{Limits, Workspace};
    let mut ws = Workspace::new(Limits::default());
    let v0 = VertexEncoding::new(0, 0).unwrap();
    let positions: [[i16; 3]; 4] = [[0, 0, 0], [1000, 0, 0], [1000, 500, 0], [0, 500, -20]];
    let pos_bytes: Vec<u8> = positions
        .iter()
        .flat_map(|p| p.iter().flat_map(|c| c.to_le_bytes()).chain([0, 0]))
        .collect();
    let normals = [[0.0f32, 0.0, 1.0], [0.6, 0.0, 0.8], [0.0, 0.6, 0.8], [0.0, -1.0, 0.0]];
    let flat: Vec<f32> = normals.iter().flat_map(|n| [n[0], n[1], n[2], 0.0]).collect();
    let oct = encode_filter_oct(4, 4, 8, &flat, &mut ws).unwrap();
    let uvs: [[u16; 2]; 4] = [[0, 0], [65535, 0], [65535, 32768], [0, 65535]];
    let uv_bytes: Vec<u8> = uvs.iter().flat_map(|p| p.iter().flat_map(|c| c.to_le_bytes())).collect();
    let indices = [0u32, 1, 2, 0, 2, 3];
    let mut bin = Vec::new();
    let streams = [
        (
            encode_vertex_buffer(&pos_bytes, 4, 8, v0, &mut ws).unwrap(),
            8,
            4,
            "ATTRIBUTES",
            "NONE",
        ),
        (
            encode_vertex_buffer(&oct, 4, 4, v0, &mut ws).unwrap(),
            4,
            4,
            "ATTRIBUTES",
            "OCTAHEDRAL",
        ),
        (
            encode_vertex_buffer(&uv_bytes, 4, 4, v0, &mut ws).unwrap(),
            4,
            4,
            "ATTRIBUTES",
            "NONE",
        ),
        (
            encode_index_buffer(&indices, IndexEncoding::DEFAULT, &mut ws).unwrap(),
            2,
            6,
            "TRIANGLES",
            "NONE",
        ),
    ];
    let mut views = Vec::new();
    for (stream, stride, count, mode, filter) in &streams {
        let at = append(&mut bin, stream);
        let mut view = json!({
            "buffer": 1, "byteLength": stride * count,
            "extensions": { ext: { "buffer": 0, "byteOffset": at, "byteLength": stream.len(), "byteStride": stride, "count": count, "mode": mode, "filter": filter } }
        });
        if *mode == "ATTRIBUTES" {
            view["byteStride"] = json!(stride);
        }
        views.push(view);
    }
    let json = json!({
        "asset": { "version": "2.0" },
        "extensionsUsed": [ext, "KHR_mesh_quantization"],
        "extensionsRequired": [ext, "KHR_mesh_quantization"],
        "buffers": [{ "byteLength": bin.len() }, { "byteLength": 200, "extensions": { ext: { "fallback": true } } }],
        "bufferViews": views,
        "accessors": [
            { "bufferView": 0, "componentType": 5122, "count": 4, "type": "VEC3", "min": [0, 0, -20], "max": [1000, 500, 0] },
            { "bufferView": 1, "componentType": 5120, "normalized": true, "count": 4, "type": "VEC3" },
            { "bufferView": 2, "componentType": 5123, "normalized": true, "count": 4, "type": "VEC2" },
            { "bufferView": 3, "componentType": 5123, "count": 6, "type": "SCALAR" }
        ],
        "meshes": [{ "primitives": [{ "attributes": { "POSITION": 0, "NORMAL": 1, "TEXCOORD_0": 2 }, "indices": 3 }] }],
        "nodes": [{ "mesh": 0, "scale": [0.001, 0.001, 0.001] }],
        "scenes": [{ "nodes": [0] }]
    });
    let expected_positions = positions.map(|p| p.map(f32::from));
    let expected_uvs = uvs.map(|p| p.map(|c| f32::from(c) / 65535.0));
    (fixture(json, &bin), expected_positions, expected_uvs)
}

#[test]
fn quantized_meshopt_with_filters_becomes_floats() {
    for ext in ["EXT_meshopt_compression", "KHR_meshopt_compression"] {
        let (file, positions, uvs) = quantized_quad(ext);
        let plain = transcode(&file).unwrap();
        let want: Vec<&str> = crate::HANDLED
            .iter()
            .copied()
            .filter(|e| *e == ext || *e == "KHR_mesh_quantization")
            .collect();
        assert_eq!(plain.decoded, want);
        let p = &primitives(&plain.glb)[0];
        assert_eq!(p.positions, positions);
        assert_eq!(p.indices, [0, 1, 2, 0, 2, 3]);
        for (got, want) in p.uvs.iter().zip(uvs) {
            assert!(
                (got[0] - want[0]).abs() < 1e-6 && (got[1] - want[1]).abs() < 1e-6,
                "{got:?} vs {want:?}"
            );
        }
        let want_normals = [[0.0f32, 0.0, 1.0], [0.6, 0.0, 0.8], [0.0, 0.6, 0.8], [0.0, -1.0, 0.0]];
        for (got, want) in p.normals.iter().zip(want_normals) {
            let dot: f32 = (0..3).map(|i| got[i] * want[i]).sum();
            assert!(dot > 0.99, "8-bit octahedral normal {got:?} vs {want:?}");
        }
        let json = json_of(&plain.glb);
        assert!(json.get("extensionsRequired").is_none(), "{ext}: {}", json["extensionsRequired"]);
        assert_eq!(
            json["nodes"][0]["scale"],
            json!([0.001, 0.001, 0.001]),
            "the dequantizing node transform stays"
        );
    }
}

#[test]
fn a_draco_primitive_made_by_the_encoder_decodes_next_to_a_plain_attribute() {
    use draco_gltf::{
        ComponentType, CompressionOptions, DracoPrimitiveEncoding, PackedAttribute, PackedGeometry, PackedIndices, PrimitiveMode,
        QuantizationBits,
    };
    let corners: [[f32; 3]; 4] = [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 0.5]];
    let bytes = corners.iter().flatten().flat_map(|v| v.to_le_bytes()).collect();
    let position = PackedAttribute::new("POSITION", 4, 3, ComponentType::F32, false, bytes).unwrap();
    let indices = PackedIndices::new(
        6,
        ComponentType::U32,
        [0u32, 1, 2, 0, 2, 3].iter().flat_map(|i| i.to_le_bytes()).collect(),
    )
    .unwrap();
    let geometry = PackedGeometry::new(PrimitiveMode::Triangles, vec![position], Some(indices)).unwrap();
    let options = CompressionOptions {
        quantization: QuantizationBits::GLTF,
        ..Default::default()
    };
    let encoded = DracoPrimitiveEncoding::encode(&geometry, &options).unwrap();
    let declared = &encoded.accessors()[0];
    let mut bin = Vec::new();
    append(&mut bin, encoded.bytes());
    let draco_len = bin.len();
    // A colour outside the extension, as an ordinary accessor.
    let colors: Vec<u8> = (0..declared.count()).flat_map(|_| [255u8, 0, 0, 255]).collect();
    let color_at = append(&mut bin, &colors);
    let ext: Value = serde_json::from_slice(&encoded.extension(0).to_json().to_vec()).unwrap();
    let (min, max) = declared.bounds().unwrap();
    let json = json!({
        "asset": { "version": "2.0" },
        "extensionsUsed": ["KHR_draco_mesh_compression"],
        "extensionsRequired": ["KHR_draco_mesh_compression"],
        "buffers": [{ "byteLength": bin.len() }],
        "bufferViews": [{ "buffer": 0, "byteLength": draco_len }, { "buffer": 0, "byteOffset": color_at, "byteLength": colors.len() }],
        "accessors": [
            { "componentType": 5126, "count": declared.count(), "type": "VEC3", "min": min, "max": max },
            { "componentType": 5125, "count": encoded.index_count(), "type": "SCALAR" },
            { "bufferView": 1, "componentType": 5121, "normalized": true, "count": declared.count(), "type": "VEC4" }
        ],
        "meshes": [{ "primitives": [{ "attributes": { "POSITION": 0, "COLOR_0": 2 }, "indices": 1, "extensions": { "KHR_draco_mesh_compression": ext } }] }],
        "nodes": [{ "mesh": 0 }],
        "scenes": [{ "nodes": [0] }]
    });
    let plain = transcode(&fixture(json, &bin)).unwrap();
    let (doc, blob) = open(&plain.glb);
    let p = doc.meshes().next().unwrap().primitives().next().unwrap();
    let r = p.reader(|_| Some(&blob));
    let positions: Vec<[f32; 3]> = r.read_positions().unwrap().collect();
    let indices: Vec<u32> = r.read_indices().unwrap().into_u32().collect();
    assert_eq!(indices.len(), 6);
    // Every input triangle is there, whatever order Draco chose.
    let tri = |t: &[u32]| {
        let mut c: Vec<[i32; 3]> = t
            .iter()
            .map(|i| positions[*i as usize].map(|x| (x * 1000.0).round() as i32))
            .collect();
        c.sort();
        c
    };
    let mut got: Vec<_> = indices.chunks(3).map(tri).collect();
    got.sort();
    let mut want: Vec<_> = [[0usize, 1, 2], [0, 2, 3]]
        .iter()
        .map(|t| {
            let mut c: Vec<[i32; 3]> = t.iter().map(|i| corners[*i].map(|x| (x * 1000.0).round() as i32)).collect();
            c.sort();
            c
        })
        .collect();
    want.sort();
    assert_eq!(got, want);
    let colors: Vec<[u8; 4]> = r.read_colors(0).unwrap().into_rgba_u8().collect();
    assert_eq!(colors.len(), positions.len());
}

#[test]
fn plain_files_are_left_alone_and_bad_ones_say_where() {
    assert!(!needs_transcoding(&shared("venus.glb")));
    assert!(!needs_transcoding(b"not a gltf"));
    let e = transcode(b"glTF\x02\0\0\0").unwrap_err();
    assert!(e.to_string().contains("truncated"), "{e}");
    let e = transcode(b"{ not json").unwrap_err();
    assert!(e.to_string().contains("line 1"), "{e}");

    // A meshopt view whose stream lies outside its buffer.
    let (file, ..) = quantized_quad("EXT_meshopt_compression");
    let mut f = Compressed::parse(&file).unwrap();
    f.set_buffer(0, vec![0; 8]);
    let e = f.into_plain().unwrap_err();
    assert_eq!(e.pointer, "/bufferViews/0/extensions/EXT_meshopt_compression");
    assert!(e.message.contains("outside buffer 0"), "{e}");

    // A Draco stream of garbage.
    let mut draco = shared("whale_cranium_draco.glb");
    let len = u32::from_le_bytes(draco[12..16].try_into().unwrap()) as usize;
    let bin = 20 + len + 8;
    for b in &mut draco[bin + 100..bin + 400] {
        *b ^= 0x5a;
    }
    let e = transcode(&draco).unwrap_err();
    assert_eq!(e.pointer, "/meshes/0/primitives/0/extensions/KHR_draco_mesh_compression");
    assert!(e.message.contains("Draco"), "{e}");
}

#[test]
fn corrupt_compressed_files_give_errors_never_panics() {
    // Deterministic byte flips over the small fixtures (a longer run:
    // `cargo xtask fuzz`).
    let (quad, ..) = quantized_quad("EXT_meshopt_compression");
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..2000 {
        let mut f = quad.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() as usize) % f.len();
            f[at] = next() as u8;
        }
        let _ = transcode(&f);
    }
}
