//! Changing a scene file the way an author changes it by hand: the values
//! that changed are rewritten in place and everything else (key order,
//! whitespace, numbers as written, fields left at their defaults) stays
//! byte for byte, so saving the viewer's edits over a file loses nothing
//! the file had and a diff shows only what moved.

use serde_json::Value;

use crate::locate::{Span, spans};

/// One change: the value at `pointer` becomes `value`, or the member goes
/// when `value` is `None`. A member the object lacks is added as its first.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub pointer: String,
    pub value: Option<Value>,
}

impl Edit {
    pub fn set(pointer: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            pointer: pointer.into(),
            value: Some(value.into()),
        }
    }

    pub fn remove(pointer: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            value: None,
        }
    }
}

/// `text` with the edits made, or why they cannot be (the text is not
/// JSON, a parent the edit needs is missing).
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, String> {
    if let Err(e) = serde_json::from_str::<Value>(text) {
        return Err(format!("the file is not valid JSON ({e})"));
    }
    let index = spans(text);
    // (start, end, replacement), made from the end of the text backwards.
    let mut splices: Vec<(usize, usize, String)> = Vec::new();
    for edit in edits {
        let found = index.get(&edit.pointer);
        match (&edit.value, found) {
            (Some(v), Some(span)) => splices.push((span.start, span.end, format_value(v))),
            (Some(v), None) => {
                let (parent, key) = split_pointer(&edit.pointer);
                let Some(parent_span) = index.get(parent).filter(|s| text[s.start..].starts_with('{')) else {
                    return Err(format!("{}: there is no object at {parent:?} to add it to", edit.pointer));
                };
                let member = format!("{}: {}", serde_json::to_string(&key).unwrap_or_default(), format_value(v));
                splices.push(insert_first(text, parent_span, &member));
            }
            (None, Some(span)) => splices.push(remove_member(text, span)),
            (None, None) => {}
        }
    }
    splices.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, with) in splices {
        out.replace_range(start..end, &with);
    }
    Ok(out)
}

/// Arrays of numbers on one line, as authors write positions
/// (`[0.1234, 1.5, -0.2]`); anything else compact.
fn format_value(v: &Value) -> String {
    match v {
        Value::Array(items) if items.iter().all(Value::is_number) => {
            let parts: Vec<String> = items.iter().map(Value::to_string).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// `/hotspots/3/normal` → (`/hotspots/3`, `normal`), the key unescaped.
fn split_pointer(pointer: &str) -> (&str, String) {
    let (parent, token) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    (parent, token.replace("~1", "/").replace("~0", "~"))
}

/// Adds `member` as the object's first, indented like the member after it.
fn insert_first(text: &str, object: &Span, member: &str) -> (usize, usize, String) {
    let open = object.start + 1;
    let rest = &text[open..object.end];
    let gap_len = rest.len() - rest.trim_start().len();
    let gap = &rest[..gap_len];
    if rest.trim_start().starts_with('}') {
        (open, open, member.to_string())
    } else {
        (open + gap_len, open + gap_len, format!("{member},{gap}"))
    }
}

/// Removes an object member (key and value) with the comma that joins it
/// to the next member, or to the previous one when it is the last.
fn remove_member(text: &str, span: &Span) -> (usize, usize, String) {
    let after = &text[span.end..];
    let ws = after.len() - after.trim_start().len();
    if after[ws..].starts_with(',') {
        // "key": value,  <ws>"next": … → "next": …
        let rest = &after[ws + 1..];
        let ws2 = rest.len() - rest.trim_start().len();
        (span.at, span.end + ws + 1 + ws2, String::new())
    } else {
        // …, "key": value } → … }
        let before = text[..span.at].trim_end();
        let comma = before.strip_suffix(',').map_or(span.at, str::len);
        (comma, span.end, String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FILE: &str = r#"{
  "title": {"en": "Room"},
  "hotspots": [
    {
      "id": "a",
      "position": [1234.5678, 0.1, 2],
      "normal": [0, 0, 1],
      "title": {"en": "A"}
    },
    {"id": "b", "title": {"en": "B"}, "position": [0, 1, 0]}
  ]
}
"#;

    #[test]
    fn only_the_edited_values_change() {
        let out = apply(FILE, &[Edit::set("/hotspots/1/position", json!([0.25, 1.5, -0.125]))]).unwrap();
        assert_eq!(out, FILE.replace("\"position\": [0, 1, 0]", "\"position\": [0.25, 1.5, -0.125]"));
        // Untouched numbers keep their digits (an f32 round trip gave 1234.5677).
        assert!(out.contains("[1234.5678, 0.1, 2]"));
    }

    #[test]
    fn members_are_added_and_removed_in_the_files_own_layout() {
        let out = apply(
            FILE,
            &[
                Edit::set("/hotspots/1/normal", json!([0, 0, 1])),
                Edit::remove("/hotspots/0/normal"),
                Edit::set("/hotspots/0/anchor", json!({"model": "m", "node": "Head", "position": [0, 0.1, 0]})),
                Edit::remove("/hotspots/0/position"),
            ],
        )
        .unwrap();
        let expected = FILE
            .replace("      \"position\": [1234.5678, 0.1, 2],\n      \"normal\": [0, 0, 1],\n", "")
            .replace(
                "      \"id\": \"a\",",
                "      \"anchor\": {\"model\":\"m\",\"node\":\"Head\",\"position\":[0,0.1,0]},\n      \"id\": \"a\",",
            )
            .replace("{\"id\": \"b\"", "{\"normal\": [0, 0, 1],\"id\": \"b\"");
        assert_eq!(out, expected);
        serde_json::from_str::<Value>(&out).unwrap();
        let last = apply(FILE, &[Edit::remove("/hotspots/1/position")]).unwrap();
        assert!(last.contains("{\"id\": \"b\", \"title\": {\"en\": \"B\"}}"), "{last}");
    }

    #[test]
    fn what_cannot_be_edited_says_why() {
        assert!(apply("{\"a\": [1,}", &[]).unwrap_err().starts_with("the file is not valid JSON"));
        let e = apply(FILE, &[Edit::set("/hotspots/7/position", json!([0, 0, 0]))]).unwrap_err();
        assert!(e.contains("no object at \"/hotspots/7\""), "{e}");
    }
}
