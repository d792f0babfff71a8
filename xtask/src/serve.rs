//! A small static file server for the built site, on loopback only. It sends
//! precompressed `.br`/`.gz` files when the browser accepts them, and serves
//! the page with authoring turned on (`data-authoring="on"`): this is the
//! server content teams author with; `dist/`'s own page leaves it off.

use std::path::{Component, Path, PathBuf};

use anyhow::{Result, anyhow};
use tiny_http::{Header, Response, Server};

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "glb" => "model/gltf-binary",
        "gltf" => "model/gltf+json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "ktx2" => "image/ktx2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "woff2" => "font/woff2",
        "ftl" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a URL path onto a file under `root`, refusing anything that escapes it.
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn serve(root: &Path, port: u16) -> Result<()> {
    let server = Server::http(("127.0.0.1", port)).map_err(|e| anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    println!("Pavilion is served at http://127.0.0.1:{port}/  (Ctrl-C to stop)");
    for request in server.incoming_requests() {
        let accepts = |enc: &str| {
            request
                .headers()
                .iter()
                .any(|h| h.field.equiv("Accept-Encoding") && h.value.as_str().split(',').any(|v| v.trim().starts_with(enc)))
        };
        let Some(path) = resolve(root, request.url()) else {
            let _ = request.respond(Response::from_string("bad path").with_status_code(400));
            continue;
        };
        if path.file_name().is_some_and(|n| n == "index.html")
            && let Ok(page) = std::fs::read_to_string(&path)
        {
            let page = with_authoring(&page);
            let response = Response::from_string(page)
                .with_header(Header::from_bytes("Content-Type", content_type(&path)).unwrap())
                .with_header(Header::from_bytes("Cache-Control", "no-cache").unwrap());
            let _ = request.respond(response);
            continue;
        }
        let mut file = path.clone();
        let mut encoding = None;
        for (enc, ext) in [("br", "br"), ("gzip", "gz")] {
            let candidate = PathBuf::from(format!("{}.{ext}", path.display()));
            if accepts(enc) && candidate.is_file() {
                file = candidate;
                encoding = Some(enc);
                break;
            }
        }
        match std::fs::File::open(&file) {
            Ok(f) if file.is_file() => {
                let mut response = Response::from_file(f)
                    .with_header(Header::from_bytes("Content-Type", content_type(&path)).unwrap())
                    .with_header(Header::from_bytes("Cache-Control", "no-cache").unwrap())
                    .with_header(Header::from_bytes("Vary", "Accept-Encoding").unwrap());
                if let Some(enc) = encoding {
                    response = response.with_header(Header::from_bytes("Content-Encoding", enc).unwrap());
                }
                let _ = request.respond(response);
            }
            _ => {
                let message = format!("not found: {}", request.url());
                let _ = request.respond(Response::from_string(message).with_status_code(404));
            }
        }
    }
    Ok(())
}

/// The page with `?author=1` and `?live=1` allowed.
fn with_authoring(page: &str) -> String {
    page.replacen("<main id=\"pavilion-root\"", "<main id=\"pavilion-root\" data-authoring=\"on\"", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_served_page_allows_authoring() {
        let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/index.html")).unwrap();
        assert!(with_authoring(&page).contains("<main id=\"pavilion-root\" data-authoring=\"on\">"));
    }

    #[test]
    fn resolve_refuses_escapes() {
        let root = Path::new("/srv/site");
        assert_eq!(resolve(root, "/pkg/a.wasm?x=1"), Some(PathBuf::from("/srv/site/pkg/a.wasm")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(root, "/a%20b.json"), Some(PathBuf::from("/srv/site/a b.json")));
    }
}
