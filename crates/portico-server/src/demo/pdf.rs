//! A small, valid one-page PDF for the demo's attachment: a title and lines of text in Helvetica,
//! with a correct cross-reference table so every reader opens it.

/// Escapes `(`, `)` and `\` for a PDF string; the demo's text is ASCII.
fn escape(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii)
        .flat_map(|c| match c {
            '(' | ')' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

pub fn one_page(title: &str, lines: &[&str]) -> Vec<u8> {
    let mut content = format!("BT /F1 20 Tf 72 720 Td ({}) Tj ET\n", escape(title));
    for (i, line) in lines.iter().enumerate() {
        let y = 684 - 22 * i as i32;
        content.push_str(&format!("BT /F1 12 Tf 72 {y} Td ({}) Tj ET\n", escape(line)));
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cross_reference_points_at_each_object() {
        let pdf = one_page("Plan (week 1)", &["Heel slides: 10, twice a day"]);
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.starts_with("%PDF-1.4") && text.ends_with("%%EOF\n"));
        assert!(text.contains("(Plan \\(week 1\\)) Tj"));
        let xref_at: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[xref_at..].starts_with("xref"));
        let first_obj: usize = text[xref_at..].lines().nth(3).unwrap()[..10].parse().unwrap();
        assert!(text[first_obj..].starts_with("1 0 obj"));
    }
}
