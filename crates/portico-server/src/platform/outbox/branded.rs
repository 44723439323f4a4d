//! The one layout for every email a practice sends: its name, logo, phone and accent colour
//! (INV-6), as HTML with a plain-text part. Every dynamic value is HTML-escaped here, so callers
//! pass plain text and cannot inject markup (SEC-6).
use portico_types::practice::PracticeBranding;

use super::transports::Email;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Makes `http(s)://` addresses in already-escaped text clickable.
fn linkify(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    for (i, word) in escaped.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let (url, tail) = match word.find('\n') {
            Some(n) => word.split_at(n),
            None => (word, ""),
        };
        if url.starts_with("https://") || url.starts_with("http://") {
            out.push_str(&format!(r#"<a href="{url}">{url}</a>{tail}"#));
        } else {
            out.push_str(word);
        }
    }
    out
}

/// An email in the practice's branding. All fields are plain text.
pub struct BrandedEmail<'a> {
    pub branding: &'a PracticeBranding,
    /// Makes a logo path on this server absolute.
    pub public_url: &'a str,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// A button: label and address.
    pub action: Option<(String, String)>,
    /// Small print under the button (expiry, "ignore if unexpected").
    pub footnote: Vec<String>,
}

impl BrandedEmail<'_> {
    pub fn render(&self, to: &str, subject: &str) -> Email {
        Email { to: to.to_owned(), subject: subject.to_owned(), text: self.text(), html: Some(self.html()) }
    }

    fn contact_line(&self) -> String {
        match &self.branding.phone {
            Some(phone) => format!("Questions? Call {} at {phone}.", self.branding.display_name),
            None => format!("Questions? Contact {}.", self.branding.display_name),
        }
    }

    fn text(&self) -> String {
        let mut out = format!("{}\n\n", self.branding.display_name);
        if !self.greeting.is_empty() {
            out.push_str(&format!("{}\n\n", self.greeting));
        }
        for p in &self.paragraphs {
            out.push_str(p);
            out.push_str("\n\n");
        }
        if let Some((label, url)) = &self.action {
            out.push_str(&format!("{label}: {url}\n\n"));
        }
        for p in &self.footnote {
            out.push_str(p);
            out.push_str("\n\n");
        }
        out.push_str(&self.contact_line());
        out.push('\n');
        out
    }

    fn html(&self) -> String {
        let b = self.branding;
        let accent = escape_html(&b.accent_color);
        let name = escape_html(&b.display_name);
        let logo = match &b.logo_url {
            Some(url) if url.starts_with('/') => {
                format!(
                    r#"<img src="{}{}" alt="{name}" height="48" style="display:block;margin-bottom:8px">"#,
                    escape_html(self.public_url),
                    escape_html(url)
                )
            }
            Some(url) => format!(
                r#"<img src="{}" alt="{name}" height="48" style="display:block;margin-bottom:8px">"#,
                escape_html(url)
            ),
            None => String::new(),
        };
        let mut body = String::new();
        for p in &self.paragraphs {
            body.push_str(&format!(r#"<p style="margin:0 0 16px">{}</p>"#, linkify(&escape_html(p))));
        }
        let button = self.action.as_ref().map_or(String::new(), |(label, url)| {
            format!(
                r#"<p style="margin:24px 0"><a href="{}" style="background:{accent};color:#ffffff;padding:14px 24px;border-radius:6px;text-decoration:none;font-weight:bold;display:inline-block;font-size:18px">{}</a></p><p style="margin:0 0 16px;font-size:14px;color:#555">If the button does not work, copy this address into your browser:<br><span style="word-break:break-all">{}</span></p>"#,
                escape_html(url),
                escape_html(label),
                escape_html(url)
            )
        });
        let mut small = String::new();
        for p in &self.footnote {
            small.push_str(&format!(r#"<p style="margin:0 0 8px;font-size:14px;color:#555">{}</p>"#, escape_html(p)));
        }
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{name}</title></head><body style="margin:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933"><div style="max-width:560px;margin:0 auto;padding:24px"><div style="border-top:6px solid {accent};background:#ffffff;padding:24px;border-radius:8px;font-size:17px;line-height:1.5">{logo}<h1 style="margin:0 0 24px;font-size:22px;color:{accent}">{name}</h1>{greeting}{body}{button}{small}<p style="margin:24px 0 0;font-size:14px;color:#555">{contact}</p></div></div></body></html>"#,
            greeting = if self.greeting.is_empty() {
                String::new()
            } else {
                format!(r#"<p style="margin:0 0 16px">{}</p>"#, escape_html(&self.greeting))
            },
            contact = escape_html(&self.contact_line()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn branding() -> PracticeBranding {
        PracticeBranding {
            id: Uuid::nil(),
            slug: "riverside".into(),
            display_name: "Riverside <PT>".into(),
            logo_url: Some("/logo.png".into()),
            phone: Some("+1 555 010 0200".into()),
            accent_color: "#0f766e".into(),
            timezone: "America/Chicago".into(),
        }
    }

    #[test]
    fn escapes_every_value_and_has_both_parts() {
        let b = branding();
        let email = BrandedEmail {
            branding: &b,
            public_url: "https://portal.example",
            greeting: "Hello <script>alert(1)</script>,".into(),
            paragraphs: vec!["A & B".into()],
            action: Some(("Register".into(), "https://portal.example/register#t=a\"b".into())),
            footnote: vec!["Expires soon.".into()],
        }
        .render("a@example.com", "Subject");
        let html = email.html.unwrap();
        assert!(!html.contains("<script>"));
        assert!(html.contains("Hello &lt;script&gt;"));
        assert!(html.contains("Riverside &lt;PT&gt;"));
        assert!(html.contains(r#"src="https://portal.example/logo.png""#));
        assert!(html.contains("register#t=a&quot;b"));
        assert!(email.text.contains("Register: https://portal.example/register#t=a\"b"));
        assert!(email.text.contains("Call Riverside <PT> at +1 555 010 0200"));
    }
}
