//! The file: GLB or glTF JSON in, buffers resolved, one GLB out.

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::{Value, json};

use crate::{Error, HANDLED, Note, Plain, index};

/// The largest buffer view a decoder may produce (512 MiB). Counts and
/// strides come from the file; a hostile one must not allocate gigabytes.
pub(crate) const MAX_DECODED_VIEW: usize = 512 << 20;

/// A compressed glTF file, parsed, whose buffers are filled in.
#[derive(Debug, Clone)]
pub struct Compressed {
    json: Value,
    buffers: Vec<Option<Vec<u8>>>,
}

const GLB_MAGIC: &[u8; 4] = b"glTF";
const CHUNK_JSON: u32 = 0x4E4F_534A;
const CHUNK_BIN: u32 = 0x004E_4942;

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The JSON and the binary chunk of a GLB, or the whole of a glTF JSON file.
fn split(bytes: &[u8]) -> Result<(&[u8], Option<&[u8]>), Error> {
    if !bytes.starts_with(GLB_MAGIC) {
        return Ok((bytes, None));
    }
    let truncated = |what: &str| Error::at("", format!("the GLB file is truncated ({what})"));
    if bytes.len() < 12 {
        return Err(truncated("shorter than its header"));
    }
    let version = u32_at(bytes, 4).ok_or_else(|| truncated("shorter than its header"))?;
    if version != 2 {
        return Err(Error::at("", format!("GLB version {version}; only version 2 is glTF 2.0")));
    }
    let mut at = 12;
    let mut json = None;
    let mut bin = None;
    while at < bytes.len() {
        let len = u32_at(bytes, at).ok_or_else(|| truncated("a chunk header is cut short"))? as usize;
        let kind = u32_at(bytes, at + 4).ok_or_else(|| truncated("a chunk header is cut short"))?;
        let body = bytes
            .get(at + 8..(at + 8).saturating_add(len))
            .ok_or_else(|| truncated("a chunk is cut short"))?;
        match kind {
            CHUNK_JSON if json.is_none() => json = Some(body),
            CHUNK_BIN if bin.is_none() => bin = Some(body),
            _ => {}
        }
        at += 8 + len;
    }
    Ok((json.ok_or_else(|| Error::at("", "the GLB file has no JSON chunk"))?, bin))
}

/// The JSON of a GLB (its first chunk), or the whole of a glTF JSON file.
pub fn json_chunk(bytes: &[u8]) -> Result<&[u8], Error> {
    split(bytes).map(|(json, _)| json)
}

/// `extensionsUsed`, without decoding anything else.
pub(crate) fn extensions_used(bytes: &[u8]) -> Result<Vec<String>, Error> {
    let (json, _) = split(bytes)?;
    let json: Value = serde_json::from_slice(json).map_err(|e| Error::at("", format!("the glTF JSON cannot be read: {e}")))?;
    Ok(json["extensionsUsed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect())
}

impl Compressed {
    /// Reads a GLB or glTF JSON. Buffers in the GLB's binary chunk and in
    /// `data:` URIs are filled in; see [`Self::external_buffers`] for the rest.
    pub fn parse(bytes: &[u8]) -> Result<Self, Error> {
        let (json_bytes, bin) = split(bytes)?;
        let json: Value = serde_json::from_slice(json_bytes).map_err(|e| {
            Error::at(
                "",
                format!("the glTF JSON cannot be read: {e} (line {}, column {})", e.line(), e.column()),
            )
        })?;
        if !json.is_object() {
            return Err(Error::at("", "the glTF JSON is not an object"));
        }
        let mut buffers = Vec::new();
        for (i, buffer) in json["buffers"].as_array().into_iter().flatten().enumerate() {
            let data = match buffer.get("uri").and_then(Value::as_str) {
                None if i == 0 => bin.map(<[u8]>::to_vec),
                None => None,
                Some(uri) if uri.starts_with("data:") => Some(data_uri(uri).map_err(|m| Error::at(format!("/buffers/{i}/uri"), m))?),
                Some(_) => None,
            };
            buffers.push(data);
        }
        Ok(Self { json, buffers })
    }

    /// The buffers that are separate files: (index, URI as written).
    pub fn external_buffers(&self) -> Vec<(usize, String)> {
        self.json["buffers"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(i, _)| self.buffers.get(*i).is_some_and(Option::is_none))
            .filter_map(|(i, b)| Some((i, b.get("uri")?.as_str()?.to_string())))
            .collect()
    }

    /// Supplies the bytes of an external buffer.
    pub fn set_buffer(&mut self, index: usize, bytes: Vec<u8>) {
        if let Some(slot) = self.buffers.get_mut(index) {
            *slot = Some(bytes);
        }
    }

    /// The handled extensions this file uses.
    pub fn handled_extensions(&self) -> Vec<&'static str> {
        let used: Vec<&str> = self.json["extensionsUsed"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        HANDLED.iter().copied().filter(|e| used.contains(e)).collect()
    }

    /// Decodes and converts everything handled, and writes one GLB.
    pub fn into_plain(self) -> Result<Plain, Error> {
        let decoded = self.handled_extensions();
        let mut work = Work {
            json: self.json,
            buffers: self.buffers,
            new_views: BTreeMap::new(),
            notes: Vec::new(),
        };
        crate::meshopt::decode_views(&mut work)?;
        crate::draco::decode_primitives(&mut work)?;
        crate::quantized::to_floats(&mut work)?;
        crate::spec_gloss::to_metallic_roughness(&mut work);
        let glb = work.write()?;
        Ok(Plain {
            glb,
            decoded,
            notes: work.notes,
        })
    }
}

fn data_uri(uri: &str) -> Result<Vec<u8>, String> {
    let (head, data) = uri.split_once(',').ok_or("the data: URI has no ',' before its data")?;
    if !head.ends_with(";base64") {
        return Err("the data: URI is not base64".into());
    }
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|e| format!("the data: URI's base64 cannot be read: {e}"))
}

/// The file while it is being made plain.
pub(crate) struct Work {
    pub json: Value,
    buffers: Vec<Option<Vec<u8>>>,
    /// Buffer views whose bytes are decoded data, not a range of a buffer.
    new_views: BTreeMap<usize, Vec<u8>>,
    pub notes: Vec<Note>,
}

impl Work {
    pub fn note(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    /// The bytes of a range of a buffer, as the file gives it.
    pub fn buffer_range(&self, pointer: &str, buffer: usize, offset: usize, len: usize) -> Result<&[u8], Error> {
        let data = match self.buffers.get(buffer) {
            None => return Err(Error::at(pointer, format!("buffer {buffer} does not exist"))),
            Some(None) => {
                return Err(Error::at(
                    pointer,
                    format!("buffer {buffer} has no data (a fallback buffer, or a file that was not loaded)"),
                ));
            }
            Some(Some(data)) => data,
        };
        offset.checked_add(len).and_then(|end| data.get(offset..end)).ok_or_else(|| {
            Error::at(
                pointer,
                format!(
                    "bytes {offset}..{} lie outside buffer {buffer} ({} bytes)",
                    offset.saturating_add(len),
                    data.len()
                ),
            )
        })
    }

    /// The bytes of a buffer view.
    pub fn view_bytes(&self, view: usize) -> Result<&[u8], Error> {
        if let Some(data) = self.new_views.get(&view) {
            return Ok(data);
        }
        let pointer = format!("/bufferViews/{view}");
        let v = self.json["bufferViews"]
            .get(view)
            .ok_or_else(|| Error::at(&pointer, format!("buffer view {view} does not exist")))?;
        let buffer = index(v, "buffer").ok_or_else(|| Error::at(&pointer, "the buffer view names no buffer"))?;
        let offset = index(v, "byteOffset").unwrap_or(0);
        let len = index(v, "byteLength").ok_or_else(|| Error::at(&pointer, "the buffer view has no byteLength"))?;
        self.buffer_range(&pointer, buffer, offset, len)
    }

    /// Replaces a buffer view's bytes with decoded data.
    pub fn replace_view(&mut self, view: usize, data: Vec<u8>) {
        let v = &mut self.json["bufferViews"][view];
        v["byteLength"] = json!(data.len());
        if let Some(o) = v.as_object_mut() {
            o.remove("byteOffset");
        }
        self.new_views.insert(view, data);
    }

    /// Adds a buffer view holding `data`; returns its index.
    pub fn push_view(&mut self, data: Vec<u8>, stride: Option<usize>) -> usize {
        let views = self.json["bufferViews"].as_array_mut();
        let mut view = json!({ "buffer": 0, "byteLength": data.len() });
        if let Some(stride) = stride {
            view["byteStride"] = json!(stride);
        }
        let index = match views {
            Some(views) => {
                views.push(view);
                views.len() - 1
            }
            None => {
                self.json["bufferViews"] = json!([view]);
                0
            }
        };
        self.new_views.insert(index, data);
        index
    }

    /// Keeps the buffer views still in use, packs them into one buffer and
    /// writes the GLB.
    fn write(&mut self) -> Result<Vec<u8>, Error> {
        let json = &mut self.json;
        let view_count = json["bufferViews"].as_array().map_or(0, Vec::len);
        // Every place that names a buffer view, after decoding.
        let mut used = vec![false; view_count];
        let mut mark = |v: &Value| {
            if let Some(i) = v.as_u64().and_then(|i| usize::try_from(i).ok())
                && i < view_count
            {
                used[i] = true;
            }
        };
        for a in json["accessors"].as_array().into_iter().flatten() {
            mark(&a["bufferView"]);
            mark(&a["sparse"]["indices"]["bufferView"]);
            mark(&a["sparse"]["values"]["bufferView"]);
        }
        for i in json["images"].as_array().into_iter().flatten() {
            mark(&i["bufferView"]);
        }
        let mut bin = Vec::new();
        let mut views = Vec::new();
        let mut new_index = vec![None; view_count];
        for (i, keep) in used.iter().enumerate() {
            if !keep {
                continue;
            }
            let bytes = self.view_bytes(i)?;
            while !bin.len().is_multiple_of(4) {
                bin.push(0);
            }
            let mut view = self.json["bufferViews"][i].clone();
            view["buffer"] = json!(0);
            view["byteOffset"] = json!(bin.len());
            view["byteLength"] = json!(bytes.len());
            if let Some(o) = view.as_object_mut()
                && let Some(ext) = o.get_mut("extensions").and_then(Value::as_object_mut)
            {
                for e in HANDLED {
                    ext.remove(*e);
                }
                if ext.is_empty() {
                    o.remove("extensions");
                }
            }
            bin.extend_from_slice(bytes);
            new_index[i] = Some(views.len());
            views.push(view);
        }
        let json = &mut self.json;
        let remap = |v: &mut Value| {
            if let Some(i) = v.as_u64().and_then(|i| usize::try_from(i).ok())
                && let Some(Some(n)) = new_index.get(i)
            {
                *v = json!(n);
            }
        };
        for a in json.get_mut("accessors").and_then(Value::as_array_mut).into_iter().flatten() {
            remap(&mut a["bufferView"]);
            if a.get("sparse").is_some() {
                remap(&mut a["sparse"]["indices"]["bufferView"]);
                remap(&mut a["sparse"]["values"]["bufferView"]);
            }
        }
        for i in json.get_mut("images").and_then(Value::as_array_mut).into_iter().flatten() {
            if i.get("bufferView").is_some() {
                remap(&mut i["bufferView"]);
            }
        }
        while !bin.len().is_multiple_of(4) {
            bin.push(0);
        }
        json["bufferViews"] = Value::Array(views);
        json["buffers"] = json!([{ "byteLength": bin.len() }]);
        for key in ["extensionsUsed", "extensionsRequired"] {
            if let Some(list) = json.get_mut(key).and_then(Value::as_array_mut) {
                list.retain(|e| !e.as_str().is_some_and(|e| HANDLED.contains(&e)));
                if list.is_empty()
                    && let Some(o) = json.as_object_mut()
                {
                    o.remove(key);
                }
            }
        }
        if bin.is_empty() {
            json["buffers"] = json!([]);
        }
        let text = serde_json::to_vec(&self.json).map_err(|e| Error::at("", e.to_string()))?;
        Ok(glb(text, &bin))
    }
}

/// A GLB of `json` and `bin` (both padded to 4 bytes as the format asks).
pub(crate) fn glb(mut json: Vec<u8>, bin: &[u8]) -> Vec<u8> {
    while !json.len().is_multiple_of(4) {
        json.push(b' ');
    }
    let bin_chunk = if bin.is_empty() { 0 } else { 8 + bin.len() };
    let total = 12 + 8 + json.len() + bin_chunk;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(GLB_MAGIC);
    out.extend_from_slice(&2u32.to_le_bytes());
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&CHUNK_JSON.to_le_bytes());
    out.extend_from_slice(&json);
    if !bin.is_empty() {
        out.extend_from_slice(&(bin.len() as u32).to_le_bytes());
        out.extend_from_slice(&CHUNK_BIN.to_le_bytes());
        out.extend_from_slice(bin);
    }
    out
}
