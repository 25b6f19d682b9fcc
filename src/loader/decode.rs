//! Bytes → text: telling binary files from posts, decoding UTF-8 (lossily, with a problem
//! naming the first bad line) and normalising CRLF line ends so every later step sees `\n`.

use super::Problem;

/// How far a NUL byte marks a file as binary, like git and grep decide.
pub const BINARY_SNIFF_LEN: usize = 8 * 1024;

pub enum Decoded {
    Text(String, Option<Problem>),
    Binary(Problem),
}

pub fn decode(bytes: &[u8]) -> Decoded {
    let sniffed = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if memchr::memchr(0, sniffed).is_some() {
        // Lines mean nothing in a binary file, so none is given.
        return Decoded::Binary(Problem {
            line: None,
            message: "binary file (NUL byte); skipped".to_string(),
        });
    }
    // simdutf8 validates several times faster than std on CJK text, and copying the
    // validated text costs less than validating it again to take ownership of the bytes.
    let (text, problem) = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), None),
        Err(_) => {
            let valid_up_to = std::str::from_utf8(bytes)
                .map_or_else(|error| error.valid_up_to(), |_| bytes.len());
            (
                String::from_utf8_lossy(bytes).into_owned(),
                Some(Problem {
                    line: Some(line_at(bytes, valid_up_to)),
                    message: "invalid UTF-8; bad bytes shown as \u{FFFD}".to_string(),
                }),
            )
        }
    };
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    Decoded::Text(text, problem)
}

fn line_at(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> (String, Option<Problem>) {
        match decode(bytes) {
            Decoded::Text(text, problem) => (text, problem),
            Decoded::Binary(p) => panic!("binary: {p:?}"),
        }
    }

    #[test]
    fn valid_utf8_is_kept_as_is() {
        assert_eq!(text("日本語\n".as_bytes()), ("日本語\n".to_string(), None));
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(text(b"a\r\nb\r\n").0, "a\nb\n");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_with_the_line() {
        let (text, problem) = text(b"ok\nstill ok\nbad \xff here\n");
        assert_eq!(text, "ok\nstill ok\nbad \u{FFFD} here\n");
        let problem = problem.unwrap();
        assert_eq!(problem.line, Some(3));
        assert!(problem.message.contains("UTF-8"));
    }

    #[test]
    fn nul_in_the_first_8_kib_is_binary() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Decoded::Binary(_)
        ));
    }

    #[test]
    fn nul_after_the_first_8_kib_is_not_looked_for() {
        let mut bytes = vec![b'a'; BINARY_SNIFF_LEN];
        bytes.push(0);
        assert!(matches!(decode(&bytes), Decoded::Text(..)));
    }
}
