//! The rules for files that need no storage (SEC-4): what a file is, decided from its bytes
//! against the allow-list, and the name it may be saved under.

/// A type on the allow-list, decided from the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Heic,
    Gif,
    Webp,
    Text,
}

impl Kind {
    pub const ALL: [Kind; 7] = [Self::Pdf, Self::Png, Self::Jpeg, Self::Heic, Self::Gif, Self::Webp, Self::Text];

    pub const fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Heic => "image/heic",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            // Served as text whatever it holds: the browser never treats it as a page.
            Self::Text => "text/plain",
        }
    }

    /// The extensions a name of this type may end in; the first is the one added otherwise.
    const fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg"],
            Self::Heic => &["heic", "heif"],
            Self::Gif => &["gif"],
            Self::Webp => &["webp"],
            Self::Text => &["txt"],
        }
    }
}

/// HEIF brands of still images (ISO/IEC 23008-12) that phones write.
const HEIC_BRANDS: [&[u8; 4]; 8] = [b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"];

/// What `bytes` is, or `None` when it is not on the allow-list. Only the content counts: the
/// client's name and `Content-Type` are never consulted.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(Kind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Kind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Kind::Jpeg);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(Kind::Gif);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(Kind::Webp);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && HEIC_BRANDS.iter().any(|b| &bytes[8..12] == *b) {
        return Some(Kind::Heic);
    }
    is_plain_text(bytes).then_some(Kind::Text)
}

/// UTF-8 prose: no NUL or other control bytes (tabs and line breaks aside), and not markup. A
/// file that opens with `<` is a page, an SVG or XML — never accepted as text, so nothing
/// uploaded can become a document a browser runs, whatever it is called.
fn is_plain_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() || text.trim_start().starts_with('<') {
        return false;
    }
    !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
}

const NAME_MAX_CHARS: usize = 120;

/// The name a file is kept and downloaded under: the client's last path segment with control,
/// bidi and path characters removed, at most 120 characters, ending in an extension of its real
/// type (`scan.html` holding a PNG becomes `scan.html.png`).
pub fn safe_name(client_name: Option<&str>, kind: Kind) -> String {
    let raw = client_name.unwrap_or("");
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .map(|c| if matches!(c, '"' | ':' | '*' | '?' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = cleaned.trim_matches('.');
    let stem = if cleaned.is_empty() { "file" } else { cleaned };
    let has_ext =
        stem.rsplit_once('.').is_some_and(|(_, ext)| kind.extensions().iter().any(|e| e.eq_ignore_ascii_case(ext)));
    let ext = kind.extensions()[0];
    let budget = NAME_MAX_CHARS - if has_ext { 0 } else { ext.len() + 1 };
    let mut stem: String = stem.chars().take(budget).collect();
    if stem.chars().count() == budget && has_ext {
        // Cut: the extension may be gone, so add it again.
        stem = stem.chars().take(budget - ext.len() - 1).collect();
        return format!("{stem}.{ext}");
    }
    if has_ext { stem } else { format!("{stem}.{ext}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_decides() {
        assert_eq!(sniff(b"%PDF-1.7\n<html><script>alert(1)</script>"), Some(Kind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(Kind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some(Kind::Jpeg));
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), Some(Kind::Gif));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(Kind::Webp));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"), Some(Kind::Heic));
        assert_eq!(sniff(b"\0\0\0\x18ftypisom\0\0\0\0"), None, "an MP4 is not an image");
        assert_eq!(sniff("Knee still sore after step-ups.\r\nThanks — Maya".as_bytes()), Some(Kind::Text));
    }

    #[test]
    fn markup_and_binaries_are_refused() {
        assert_eq!(sniff(b"<!DOCTYPE html><html><script>steal()</script>"), None);
        assert_eq!(sniff(b"\xEF\xBB\xBF  <svg onload=alert(1)>"), None);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?>"), None);
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0"), None, "an executable");
        assert_eq!(sniff(b"PK\x03\x04"), None, "a zip or Office file");
        assert_eq!(sniff(b"text with a \0 NUL"), None);
        assert_eq!(sniff(b"\xFF\xFEnot utf8"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"   \n"), None);
    }

    #[test]
    fn names_are_safe_and_tell_the_truth() {
        assert_eq!(safe_name(Some("Referral.PDF"), Kind::Pdf), "Referral.PDF");
        assert_eq!(safe_name(Some("C:\\Users\\maya\\scan.html"), Kind::Png), "scan.html.png");
        assert_eq!(safe_name(Some("../../etc/passwd"), Kind::Text), "passwd.txt");
        assert_eq!(safe_name(Some("photo.jpeg"), Kind::Jpeg), "photo.jpeg");
        assert_eq!(safe_name(Some("evil\u{202E}gpj.exe"), Kind::Jpeg), "evilgpj.exe.jpg");
        assert_eq!(safe_name(Some("a \"quoted\"\r\n name.txt"), Kind::Text), "a _quoted_ name.txt");
        assert_eq!(safe_name(None, Kind::Pdf), "file.pdf");
        assert_eq!(safe_name(Some("..."), Kind::Gif), "file.gif");
        let long = format!("{}.pdf", "x".repeat(300));
        let name = safe_name(Some(&long), Kind::Pdf);
        assert_eq!(name.chars().count(), NAME_MAX_CHARS);
        assert!(name.ends_with(".pdf"));
        let long = "y".repeat(300);
        let name = safe_name(Some(&long), Kind::Webp);
        assert_eq!(name.chars().count(), NAME_MAX_CHARS);
        assert!(name.ends_with(".webp"));
    }
}
