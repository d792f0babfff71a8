//! Finds where a JSON pointer's value stands in the source text, so that a
//! semantic error ("duplicate hotspot id") can name a line and column just
//! like a syntax error does. The text is assumed to be valid JSON (it already
//! parsed); on anything unexpected the lookup gives up with `None`.

/// 1-based line and column (in characters) of a position in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

pub fn position_of_offset(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

/// Escapes one token for use in a pointer.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The position of the value at `pointer` (for an object member, the
/// position of its key, which is what an author looks for).
pub fn locate(text: &str, pointer: &str) -> Option<Position> {
    locate_all(text, &[pointer]).pop().flatten()
}

/// The positions of many pointers at once, in one pass over the text
/// (however many findings a file has, it is read once: a lookup per finding
/// would re-read the file from the start each time).
pub fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<Position>> {
    if pointers.is_empty() {
        return Vec::new();
    }
    let offsets = spans(text);
    let wanted: Vec<Option<usize>> = pointers.iter().map(|p| offsets.get(*p).map(|s| s.at)).collect();
    let mut sorted: Vec<usize> = wanted.iter().flatten().copied().collect();
    sorted.sort_unstable();
    sorted.dedup();
    let positions = positions_of_offsets(text, &sorted);
    wanted
        .into_iter()
        .map(|o| o.map(|o| positions[sorted.binary_search(&o).expect("offset was collected")]))
        .collect()
}

/// Where one value stands in the text, as byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// What an author looks for: the key of an object member, else the value.
    pub at: usize,
    /// The value itself: `text[start..end]`.
    pub start: usize,
    pub end: usize,
}

/// Every value of a JSON text by its pointer, in one pass (empty if the
/// text is not JSON as far as the walk goes).
pub fn spans(text: &str) -> std::collections::HashMap<String, Span> {
    let mut out = std::collections::HashMap::new();
    let mut s = Scanner { b: text.as_bytes(), i: 0 };
    s.ws();
    let mut path = String::new();
    s.index(&mut path, s.i, &mut out);
    out
}

/// Line and column of each of `sorted` (ascending byte offsets), in one sweep.
fn positions_of_offsets(text: &str, sorted: &[usize]) -> Vec<Position> {
    let mut out = Vec::with_capacity(sorted.len());
    let (mut line, mut column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    for &offset in sorted {
        while let Some(&(i, c)) = chars.peek() {
            if i >= offset {
                break;
            }
            chars.next();
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        out.push(Position { line, column });
    }
    out
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }
    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.expect(b'"')?;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        serde_json::from_slice(&self.b[start..self.i]).ok()
    }
    /// Records the offset of the value at `self.i` under `path` (for members,
    /// `at` is the key's offset), then of everything inside it.
    fn index(&mut self, path: &mut String, at: usize, out: &mut std::collections::HashMap<String, Span>) -> Option<()> {
        let start = self.i;
        let found = self.index_inner(path, out);
        out.insert(path.clone(), Span { at, start, end: self.i });
        found
    }

    fn index_inner(&mut self, path: &mut String, out: &mut std::collections::HashMap<String, Span>) -> Option<()> {
        let len = path.len();
        match self.peek()? {
            b'{' => {
                self.i += 1;
                loop {
                    self.ws();
                    if self.peek()? == b'}' {
                        self.i += 1;
                        return Some(());
                    }
                    let key_at = self.i;
                    let key = self.string()?;
                    self.ws();
                    self.expect(b':')?;
                    self.ws();
                    path.push('/');
                    path.push_str(&escape_token(&key));
                    self.index(path, key_at, out)?;
                    path.truncate(len);
                    self.ws();
                    if self.peek()? == b',' {
                        self.i += 1;
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut n = 0usize;
                loop {
                    self.ws();
                    if self.peek()? == b']' {
                        self.i += 1;
                        return Some(());
                    }
                    path.push('/');
                    path.push_str(&n.to_string());
                    self.index(path, self.i, out)?;
                    path.truncate(len);
                    n += 1;
                    self.ws();
                    if self.peek()? == b',' {
                        self.i += 1;
                    }
                }
            }
            _ => self.skip_value(),
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => {
                self.string()?;
            }
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while !matches!(self.peek(), None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                    self.i += 1;
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"a\": 1,\n  \"list\": [\n    {\"id\": \"x\"},\n    {\"id\": \"y\", \"t/k\": [1, 2]}\n  ]\n}";

    #[test]
    fn finds_keys_and_elements() {
        assert_eq!(locate(DOC, ""), Some(Position { line: 1, column: 1 }));
        assert_eq!(locate(DOC, "/a"), Some(Position { line: 2, column: 3 }));
        assert_eq!(locate(DOC, "/list/1"), Some(Position { line: 5, column: 5 }));
        assert_eq!(locate(DOC, "/list/1/id"), Some(Position { line: 5, column: 6 }));
        assert_eq!(locate(DOC, "/list/1/t~1k/1"), Some(Position { line: 5, column: 28 }));
    }

    #[test]
    fn many_at_once_in_any_order() {
        let at = |line, column| Some(Position { line, column });
        let pointers = ["/list/1/t~1k/1", "", "/nope", "/list/0/id", "/a", "/list/1/t~1k/1"];
        assert_eq!(
            locate_all(DOC, &pointers),
            [at(5, 28), at(1, 1), None, at(4, 6), at(2, 3), at(5, 28)]
        );
        let doc = "{\"标题\": {\"ä\": [1, 2]},\n \"b\": 2}";
        assert_eq!(locate_all(doc, &["/b", "/标题/ä/1"]), [at(2, 2), at(1, 18)]);
    }

    #[test]
    fn missing_paths_are_none() {
        assert_eq!(locate(DOC, "/nope"), None);
        assert_eq!(locate(DOC, "/list/5"), None);
        assert_eq!(locate(DOC, "/a/b"), None);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let doc = "{\"标题\": 1, \"b\": 2}";
        assert_eq!(locate(doc, "/b"), Some(Position { line: 1, column: 11 }));
    }
}
