//! Compressed glTF in, plain glTF 2.0 out, in memory.
//!
//! Museums publish glTF the way their tools write it: Draco-compressed
//! meshes (the Smithsonian's downloads), gltfpack's meshopt buffers and
//! quantized attributes, and older specular-glossiness materials. A glTF
//! loader that reads only core glTF 2.0 (Bevy's, and the `gltf` crate the
//! validator uses) refuses all of them. [`transcode`] rewrites such a file
//! into a self-contained GLB that any core loader reads, and says what it
//! could only approximate ([`Plain::notes`]).
//!
//! What it does, in order:
//! 1. `EXT_meshopt_compression` / `KHR_meshopt_compression` buffer views are
//!    decoded (every mode and filter) into plain buffer views (`meshopt.rs`);
//! 2. `KHR_draco_mesh_compression` primitives are decoded into plain
//!    accessors (`draco.rs`);
//! 3. integer positions, normals, tangents and texture coordinates
//!    (`KHR_mesh_quantization`) become 32-bit floats (`quantized.rs`);
//! 4. `KHR_materials_pbrSpecularGlossiness` materials become
//!    metallic-roughness ones (`spec_gloss.rs`);
//! 5. only the buffer views still in use are written to one binary chunk, and
//!    the handled extensions leave `extensionsUsed` / `extensionsRequired`
//!    (`container.rs`).
//!
//! Errors name the place in the file as a JSON pointer
//! (`/meshes/0/primitives/1/extensions/KHR_draco_mesh_compression`).

mod container;
mod draco;
mod meshopt;
mod quantized;
mod spec_gloss;

#[cfg(test)]
mod tests;

pub use container::{Compressed, json_chunk};

/// The extensions [`transcode`] turns into core glTF 2.0.
pub const HANDLED: &[&str] = &[
    "KHR_draco_mesh_compression",
    "EXT_meshopt_compression",
    "KHR_meshopt_compression",
    "KHR_mesh_quantization",
    "KHR_materials_pbrSpecularGlossiness",
];

/// Why a file could not be made plain: where (a JSON pointer into the glTF
/// JSON, empty for the file as a whole) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub pointer: String,
    pub message: String,
}

impl Error {
    pub(crate) fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at {}: {}", self.pointer, self.message)
        }
    }
}

impl std::error::Error for Error {}

/// Something converted only approximately, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at {}: {}", self.pointer, self.message)
    }
}

/// A plain, self-contained GLB and what it took to get there.
#[derive(Debug, Clone)]
pub struct Plain {
    pub glb: Vec<u8>,
    /// The handled extensions the file used, in [`HANDLED`]'s order.
    pub decoded: Vec<&'static str>,
    pub notes: Vec<Note>,
}

/// Whether `bytes` (a GLB, or glTF JSON) use an extension [`transcode`]
/// handles. Cheap next to a decode: it reads only the JSON's extension list.
pub fn needs_transcoding(bytes: &[u8]) -> bool {
    container::extensions_used(bytes).is_ok_and(|used| used.iter().any(|e| HANDLED.contains(&e.as_str())))
}

/// Makes a self-contained file (a GLB, or glTF JSON whose buffers are
/// `data:` URIs) plain. Files with external buffers go through
/// [`Compressed`], whose caller loads those buffers.
pub fn transcode(bytes: &[u8]) -> Result<Plain, Error> {
    let file = Compressed::parse(bytes)?;
    if let Some((index, uri)) = file.external_buffers().into_iter().next() {
        return Err(Error::at(
            format!("/buffers/{index}/uri"),
            format!("the buffer \"{uri}\" is a separate file; load it and use Compressed::set_buffer"),
        ));
    }
    file.into_plain()
}

/// Reads a JSON member as an index.
pub(crate) fn index(value: &serde_json::Value, key: &str) -> Option<usize> {
    value.get(key)?.as_u64().and_then(|v| usize::try_from(v).ok())
}
