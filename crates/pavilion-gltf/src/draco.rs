//! `KHR_draco_mesh_compression`: a primitive's attributes and indices are a
//! Draco stream in one buffer view. Each primitive is decoded and its
//! accessors pointed at the decoded bytes; attributes the extension does
//! not name stay as they are, as the extension says.

use draco_gltf::{DracoPrimitiveContract, DracoPrimitiveExtension, JsonValue, PrimitiveMode};
use serde_json::{Value, json};

use crate::container::Work;
use crate::{Error, index};

const NAME: &str = "KHR_draco_mesh_compression";

pub(crate) fn decode_primitives(work: &mut Work) -> Result<(), Error> {
    let mut taken = std::collections::HashSet::new();
    let meshes = work.json["meshes"].as_array().map_or(0, Vec::len);
    for m in 0..meshes {
        let primitives = work.json["meshes"][m]["primitives"].as_array().map_or(0, Vec::len);
        for p in 0..primitives {
            let primitive = work.json["meshes"][m]["primitives"][p].clone();
            let Some(ext) = primitive["extensions"].get(NAME) else {
                continue;
            };
            let pointer = format!("/meshes/{m}/primitives/{p}/extensions/{NAME}");
            let accessors = work.json["accessors"].as_array().map_or(0, Vec::len);
            let named = primitive["attributes"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, a)| a)
                .chain([&primitive["indices"]]);
            if let Some(missing) = named.filter_map(Value::as_u64).find(|a| *a as usize >= accessors) {
                return Err(Error::at(
                    format!("/meshes/{m}/primitives/{p}"),
                    format!("accessor {missing} does not exist"),
                ));
            }
            let decoded = decode_one(work, &pointer, &primitive, ext)?;
            let mut primitive = primitive;
            for attribute in decoded.attributes() {
                let semantic = attribute.semantic();
                let Some(accessor) = index(&primitive["attributes"], semantic) else {
                    continue;
                };
                let accessor = own(work, &mut taken, accessor);
                primitive["attributes"][semantic] = json!(accessor);
                let view = work.push_view(attribute.bytes().to_vec(), None);
                point(
                    work,
                    accessor,
                    view,
                    attribute.component_type() as u32,
                    attribute.count(),
                    attribute.normalized(),
                );
            }
            if let (Some(indices), Some(accessor)) = (decoded.indices(), index(&primitive, "indices")) {
                let accessor = own(work, &mut taken, accessor);
                primitive["indices"] = json!(accessor);
                let view = work.push_view(indices.bytes().to_vec(), None);
                point(work, accessor, view, indices.component_type() as u32, indices.count(), false);
            }
            // Draco writes triangle lists.
            primitive["mode"] = json!(4);
            if let Some(exts) = primitive["extensions"].as_object_mut() {
                exts.remove(NAME);
                if exts.is_empty()
                    && let Some(o) = primitive.as_object_mut()
                {
                    o.remove("extensions");
                }
            }
            work.json["meshes"][m]["primitives"][p] = primitive;
        }
    }
    Ok(())
}

fn decode_one(work: &Work, pointer: &str, primitive: &Value, ext: &Value) -> Result<draco_gltf::PackedGeometry, Error> {
    let bad = |e: &dyn std::fmt::Display| Error::at(pointer, format!("{e}"));
    let parsed = JsonValue::parse(&serde_json::to_vec(ext).map_err(|e| bad(&e))?).map_err(|e| bad(&e))?;
    let extension = DracoPrimitiveExtension::from_json(&parsed).map_err(|e| bad(&e))?;
    let accessor = |i: usize| &work.json["accessors"][i];
    let mut contract = DracoPrimitiveContract::new();
    for (semantic, a) in primitive["attributes"].as_object().into_iter().flatten() {
        let Some(a) = a.as_u64().and_then(|a| usize::try_from(a).ok()) else {
            continue;
        };
        if extension.unique_id(semantic).is_some() {
            let count = accessor(a)["count"].as_u64().unwrap_or(0);
            let normalized = accessor(a)["normalized"].as_bool().unwrap_or(false);
            contract = contract.with_attribute(semantic.clone(), count, normalized);
        }
    }
    if let Some(i) = index(primitive, "indices") {
        contract = contract.with_indices(accessor(i)["count"].as_u64().unwrap_or(0));
    }
    let mode = primitive["mode"].as_u64().unwrap_or(4);
    let mode = u32::try_from(mode)
        .ok()
        .and_then(PrimitiveMode::from_gltf)
        .ok_or_else(|| Error::at(pointer, format!("primitive mode {mode} is not a glTF mode")))?;
    contract = contract.with_mode(mode);
    let payload = work
        .view_bytes(extension.buffer_view())
        .map_err(|e| Error::at(pointer, format!("the Draco stream cannot be read: {}", e.message)))?;
    extension
        .decode(payload, &contract)
        .map_err(|e| Error::at(pointer, format!("the Draco stream cannot be decoded: {e}")))
}

/// The accessor to write decoded data to: `accessor` itself the first time,
/// a copy if another Draco primitive already decoded into it.
fn own(work: &mut Work, taken: &mut std::collections::HashSet<usize>, accessor: usize) -> usize {
    if taken.insert(accessor) {
        return accessor;
    }
    let copy = work.json["accessors"][accessor].clone();
    let list = work.json["accessors"].as_array_mut().expect("an accessor was read from this list");
    list.push(copy);
    taken.insert(list.len() - 1);
    list.len() - 1
}

fn point(work: &mut Work, accessor: usize, view: usize, component_type: u32, count: usize, normalized: bool) {
    let a = &mut work.json["accessors"][accessor];
    a["bufferView"] = json!(view);
    a["componentType"] = json!(component_type);
    a["count"] = json!(count);
    if let Some(o) = a.as_object_mut() {
        o.remove("byteOffset");
        o.remove("sparse");
        if normalized {
            o.insert("normalized".into(), json!(true));
        } else {
            o.remove("normalized");
        }
    }
}
