//! Resolving the paths inside a manifest against the manifest's own URL,
//! the way a browser resolves links (RFC 3986, for the cases scenes use).

/// `base` is an absolute URL (`http://host:port/dir/scene.json`); `reference`
/// is absolute, root-relative (`/models/a.glb`) or relative (`../a.glb`).
pub fn join(base: &str, reference: &str) -> String {
    if has_scheme(reference) {
        return reference.to_string();
    }
    let (origin, path) = split_origin(base);
    if let Some(rest) = reference.strip_prefix("//") {
        let scheme = base.split("://").next().unwrap_or("https");
        return format!("{scheme}://{rest}");
    }
    let joined = if reference.starts_with('/') {
        reference.to_string()
    } else {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{reference}")
    };
    format!("{origin}{}", normalize(&joined))
}

/// The origin of an absolute http(s) URL, as a browser writes it
/// (`https://host:port`, scheme and host lower-cased), or `None`.
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h).to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 0 => {
            let scheme = &s[..i];
            scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        _ => false,
    }
}

/// Splits `http://host:port/a/b` into (`http://host:port`, `/a/b`).
fn split_origin(url: &str) -> (&str, &str) {
    match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            let end = after.find('/').map_or(url.len(), |j| i + 3 + j);
            (&url[..end], &url[end..])
        }
        None => ("", url),
    }
}

/// Removes `.` and `..` segments, keeping any query or fragment.
fn normalize(path: &str) -> String {
    let (path, suffix) = match path.find(['?', '#']) {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let mut joined = out.join("/");
    if !joined.starts_with('/') {
        joined.insert(0, '/');
    }
    joined + suffix
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn origins_as_a_browser_writes_them() {
        use super::origin;
        assert_eq!(origin("https://Cdn.Example.org/x.glb").as_deref(), Some("https://cdn.example.org"));
        assert_eq!(origin("http://127.0.0.1:8080/a?b#c").as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(origin("https://h:443/").as_deref(), Some("https://h"));
        assert_eq!(origin("https://user@h/").as_deref(), Some("https://h"));
        assert_eq!(origin("data:text/plain,x"), None);
        assert_eq!(origin("blob:https://h/uuid"), None);
    }

    #[test]
    fn joins_like_a_browser() {
        let base = "http://127.0.0.1:8080/assets/scenes/gallery/scene.json?x=1";
        assert_eq!(join(base, "venus.glb"), "http://127.0.0.1:8080/assets/scenes/gallery/venus.glb");
        assert_eq!(
            join(base, "../../models/venus.glb"),
            "http://127.0.0.1:8080/assets/models/venus.glb"
        );
        assert_eq!(join(base, "./a/../b.glb"), "http://127.0.0.1:8080/assets/scenes/gallery/b.glb");
        assert_eq!(join(base, "/m/x.glb"), "http://127.0.0.1:8080/m/x.glb");
        assert_eq!(join(base, "https://cdn.example.org/x.glb"), "https://cdn.example.org/x.glb");
        assert_eq!(join(base, "//cdn.example.org/x.glb"), "http://cdn.example.org/x.glb");
        assert_eq!(join(base, "../../../../../x.glb"), "http://127.0.0.1:8080/x.glb");
        assert_eq!(join("http://h/scene.json", "m.glb#Scene0"), "http://h/m.glb#Scene0");
    }
}
