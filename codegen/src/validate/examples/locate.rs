//! Where a JSON path's value (or member key) is in an example's text, so that a diagnostic can
//! point at its line. The text is known to be valid JSON (it was parsed before), so this walk
//! only follows the path and skips whatever is beside it.

use super::fit::Step;

/// The byte offset in `text` of the value at `path`, or of its member key when `key` is set
/// and the path ends with a key. `None` when the path is not in the text.
pub(super) fn locate(text: &str, path: &[Step], key: bool) -> Option<usize> {
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    cursor.skip_space();
    for (index, step) in path.iter().enumerate() {
        let last = index + 1 == path.len();
        match step {
            Step::Key(wanted) => {
                let key_at = cursor.find_member(wanted)?;
                if last && key {
                    return Some(key_at);
                }
            }
            Step::Index(wanted) => cursor.find_element(*wanted)?,
        }
    }
    Some(cursor.at)
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub(super) fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    (line as u64, column as u64)
}

struct Cursor<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Consumes `byte` (after white space), or fails.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    /// Inside an object at its `{`: moves to the value of member `wanted` and returns where
    /// its key starts.
    fn find_member(&mut self, wanted: &str) -> Option<usize> {
        self.expect(b'{')?;
        loop {
            self.skip_space();
            if self.peek() == Some(b'}') {
                return None;
            }
            let key_at = self.at;
            let key = self.string()?;
            self.expect(b':')?;
            self.skip_space();
            if key == wanted {
                return Some(key_at);
            }
            self.skip_value()?;
            self.skip_space();
            if self.peek() == Some(b',') {
                self.at += 1;
            }
        }
    }

    /// Inside an array at its `[`: moves to element `wanted`.
    fn find_element(&mut self, wanted: usize) -> Option<()> {
        self.expect(b'[')?;
        for _ in 0..wanted {
            self.skip_space();
            if self.peek() == Some(b']') {
                return None;
            }
            self.skip_value()?;
            self.expect(b',')?;
        }
        self.skip_space();
        (self.peek() != Some(b']')).then_some(())
    }

    /// Reads a string at the cursor, decoded.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        if self.peek() != Some(b'"') {
            return None;
        }
        self.at += 1;
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                b'"' => {
                    self.at += 1;
                    break;
                }
                _ => self.at += 1,
            }
        }
        let raw = self.text.get(start..self.at)?;
        if escaped {
            serde_json::from_str(raw).ok()
        } else {
            raw.get(1..raw.len() - 1).map(str::to_owned)
        }
    }

    /// Moves past the value at the cursor.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
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
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.at += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Step, line_column, locate};

    fn at(text: &str, path: &[Step], key: bool) -> Option<(u64, u64)> {
        locate(text, path, key).map(|offset| line_column(text, offset))
    }

    #[test]
    fn finds_values_and_keys_by_path() {
        let text = "{\n  \"a\": {\"x\": [1, {\"y\": \"[}\\\"\"}, 3]},\n  \"b\\u0031\": null,\n  \"c\": [\n    {},\n    {\"id\": 5}\n  ]\n}\n";
        let key = |key: &str| Step::Key(key.to_owned());
        assert_eq!(at(text, &[], false), Some((1, 1)));
        assert_eq!(at(text, &[key("a")], false), Some((2, 8)));
        assert_eq!(at(text, &[key("a")], true), Some((2, 3)));
        assert_eq!(
            at(text, &[key("a"), key("x"), Step::Index(2)], false),
            Some((2, 33))
        );
        assert_eq!(at(text, &[key("b1")], false), Some((3, 14)));
        assert_eq!(
            at(text, &[key("c"), Step::Index(1), key("id")], false),
            Some((6, 12))
        );
        assert_eq!(at(text, &[key("missing")], false), None);
        assert_eq!(at(text, &[key("c"), Step::Index(2)], false), None);
        assert_eq!(at(text, &[key("a"), Step::Index(0)], false), None);
    }
}
