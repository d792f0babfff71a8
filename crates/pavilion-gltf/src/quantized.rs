//! `KHR_mesh_quantization`: positions, normals, tangents and texture
//! coordinates stored as 8- or 16-bit integers, normalized or not. Core
//! glTF loaders want 32-bit floats for most of them, so each such accessor
//! is rewritten as floats (normalized values mapped as the glTF
//! specification says: `max(c / 127, -1)`, `c / 255`, `max(c / 32767, -1)`,
//! `c / 65535`). The node transforms gltfpack adds to undo the quantization
//! scale stay as they are.

use std::collections::HashSet;

use serde_json::json;

use crate::container::Work;
use crate::{Error, index};

const FLOAT: u64 = 5126;

fn wants_floats(semantic: &str) -> bool {
    matches!(semantic, "POSITION" | "NORMAL" | "TANGENT") || semantic.starts_with("TEXCOORD_")
}

pub(crate) fn to_floats(work: &mut Work) -> Result<(), Error> {
    let mut accessors = Vec::new();
    for (m, mesh) in work.json["meshes"].as_array().into_iter().flatten().enumerate() {
        for (p, primitive) in mesh["primitives"].as_array().into_iter().flatten().enumerate() {
            let targets = primitive["targets"].as_array().into_iter().flatten();
            for (semantic, a) in primitive["attributes"]
                .as_object()
                .into_iter()
                .flatten()
                .chain(targets.flat_map(|t| t.as_object().into_iter().flatten()))
            {
                if wants_floats(semantic)
                    && let Some(a) = a.as_u64().and_then(|a| usize::try_from(a).ok())
                {
                    accessors.push((a, format!("/meshes/{m}/primitives/{p}"), semantic.clone()));
                }
            }
        }
    }
    let mut done = HashSet::new();
    for (a, pointer, semantic) in accessors {
        if work.json["accessors"].get(a).is_none() {
            return Err(Error::at(pointer, format!("{semantic} names accessor {a}, which does not exist")));
        }
        if work.json["accessors"][a]["componentType"].as_u64() == Some(FLOAT) || !done.insert(a) {
            continue;
        }
        convert(work, a)?;
    }
    Ok(())
}

/// Reads one component as a float.
type Read = fn(&[u8]) -> f32;

/// Component: (size in bytes, reader for normalized values, reader for plain ones).
fn component(kind: u64) -> Option<(usize, Read, Read)> {
    Some(match kind {
        5120 => (1, |b| (f32::from(b[0] as i8) / 127.0).max(-1.0), |b| f32::from(b[0] as i8)),
        5121 => (1, |b| f32::from(b[0]) / 255.0, |b| f32::from(b[0])),
        5122 => (
            2,
            |b| (f32::from(i16::from_le_bytes([b[0], b[1]])) / 32767.0).max(-1.0),
            |b| f32::from(i16::from_le_bytes([b[0], b[1]])),
        ),
        5123 => (
            2,
            |b| f32::from(u16::from_le_bytes([b[0], b[1]])) / 65535.0,
            |b| f32::from(u16::from_le_bytes([b[0], b[1]])),
        ),
        _ => return None,
    })
}

fn components(kind: &str) -> Option<usize> {
    Some(match kind {
        "SCALAR" => 1,
        "VEC2" => 2,
        "VEC3" => 3,
        "VEC4" => 4,
        _ => return None,
    })
}

fn convert(work: &mut Work, a: usize) -> Result<(), Error> {
    let pointer = format!("/accessors/{a}");
    let accessor = work.json["accessors"][a].clone();
    if accessor.get("sparse").is_some() {
        return Err(Error::at(
            &pointer,
            "a quantized accessor with sparse values cannot be converted yet",
        ));
    }
    let kind = accessor["componentType"].as_u64().unwrap_or(0);
    let (size, norm, plain) =
        component(kind).ok_or_else(|| Error::at(&pointer, format!("componentType {kind} is not one KHR_mesh_quantization allows")))?;
    let read = if accessor["normalized"].as_bool().unwrap_or(false) {
        norm
    } else {
        plain
    };
    let n = accessor["type"]
        .as_str()
        .and_then(components)
        .ok_or_else(|| Error::at(&pointer, "the accessor's type is not SCALAR or VEC2..4"))?;
    let count = index(&accessor, "count").ok_or_else(|| Error::at(&pointer, "the accessor has no count"))?;
    let mut out = Vec::with_capacity(count.saturating_mul(n * 4).min(crate::container::MAX_DECODED_VIEW));
    if let Some(view) = index(&accessor, "bufferView") {
        let stride = index(&work.json["bufferViews"][view], "byteStride").unwrap_or(n * size);
        let offset = index(&accessor, "byteOffset").unwrap_or(0);
        let bytes = work.view_bytes(view)?;
        let end = match count.checked_sub(1) {
            None => Some(0),
            Some(k) => k
                .checked_mul(stride)
                .and_then(|x| x.checked_add(offset))
                .and_then(|x| x.checked_add(n * size)),
        };
        if end.is_none_or(|end| end > bytes.len()) {
            return Err(Error::at(
                &pointer,
                format!("{count} elements do not fit in buffer view {view} ({} bytes)", bytes.len()),
            ));
        }
        for k in 0..count {
            for c in 0..n {
                let at = offset + k * stride + c * size;
                out.extend_from_slice(&read(&bytes[at..at + size]).to_le_bytes());
            }
        }
    }
    let view = (!out.is_empty()).then(|| work.push_view(out, None));
    let a = &mut work.json["accessors"][a];
    a["componentType"] = json!(FLOAT);
    if let Some(view) = view {
        a["bufferView"] = json!(view);
    }
    let normalized = a["normalized"].as_bool().unwrap_or(false);
    for bound in ["min", "max"] {
        if normalized && let Some(values) = a.get_mut(bound).and_then(serde_json::Value::as_array_mut) {
            for v in values.iter_mut() {
                let x = v.as_f64().unwrap_or(0.0);
                let max = match kind {
                    5120 => 127.0,
                    5121 => 255.0,
                    5122 => 32767.0,
                    _ => 65535.0,
                };
                *v = json!((x / max).max(-1.0));
            }
        }
    }
    if let Some(o) = a.as_object_mut() {
        o.remove("byteOffset");
        o.remove("normalized");
    }
    Ok(())
}
