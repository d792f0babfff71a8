//! `EXT_meshopt_compression` and `KHR_meshopt_compression`: buffer views
//! whose bytes are a meshopt stream in another buffer. Each is decoded
//! (vertex or index codec, then the filter) into plain bytes.

use draco_gltf::meshopt::{MeshoptFilter, MeshoptMode, decode_buffer_view};
use serde_json::Value;

use crate::container::{MAX_DECODED_VIEW, Work};
use crate::{Error, index};

const NAMES: [&str; 2] = ["KHR_meshopt_compression", "EXT_meshopt_compression"];

pub(crate) fn decode_views(work: &mut Work) -> Result<(), Error> {
    let count = work.json["bufferViews"].as_array().map_or(0, Vec::len);
    for view in 0..count {
        let Some((name, ext)) = NAMES
            .iter()
            .find_map(|n| Some((*n, work.json["bufferViews"][view]["extensions"].get(*n)?.clone())))
        else {
            continue;
        };
        let pointer = format!("/bufferViews/{view}/extensions/{name}");
        let data = decode_one(work, &pointer, &ext)?;
        let declared = index(&work.json["bufferViews"][view], "byteLength");
        if declared.is_some_and(|len| len != data.len()) {
            return Err(Error::at(
                &pointer,
                format!(
                    "count × byteStride is {} bytes but the buffer view's byteLength is {}",
                    data.len(),
                    declared.unwrap_or(0)
                ),
            ));
        }
        work.replace_view(view, data);
        if let Some(exts) = work.json["bufferViews"][view]["extensions"].as_object_mut() {
            exts.remove(name);
        }
    }
    Ok(())
}

fn decode_one(work: &Work, pointer: &str, ext: &Value) -> Result<Vec<u8>, Error> {
    let field = |key: &str| index(ext, key).ok_or_else(|| Error::at(pointer, format!("\"{key}\" is missing or not a whole number")));
    let buffer = field("buffer")?;
    let offset = index(ext, "byteOffset").unwrap_or(0);
    let len = field("byteLength")?;
    let stride = field("byteStride")?;
    let count = field("count")?;
    let mode = ext["mode"].as_str().unwrap_or_default();
    let mode = MeshoptMode::from_name(mode)
        .map_err(|_| Error::at(pointer, format!("unknown mode \"{mode}\" (ATTRIBUTES, TRIANGLES or INDICES)")))?;
    let filter = ext["filter"].as_str().unwrap_or("NONE");
    let filter = MeshoptFilter::from_name(filter).map_err(|_| {
        Error::at(
            pointer,
            format!("unknown filter \"{filter}\" (NONE, OCTAHEDRAL, QUATERNION, EXPONENTIAL or COLOR)"),
        )
    })?;
    let size = count.checked_mul(stride).filter(|s| *s <= MAX_DECODED_VIEW).ok_or_else(|| {
        Error::at(
            pointer,
            format!(
                "{count} elements of {stride} bytes is more than this viewer decodes ({} MiB)",
                MAX_DECODED_VIEW >> 20
            ),
        )
    })?;
    let source = work.buffer_range(pointer, buffer, offset, len)?;
    let mut out = vec![0; size];
    decode_buffer_view(&mut out, source, mode, filter, count, stride)
        .map_err(|e| Error::at(pointer, format!("the meshopt stream cannot be decoded: {e}")))?;
    Ok(out)
}
