//! `site.toml` → [`Config`].
//!
//! The file is read into raw serde structs that reject unknown keys, then
//! checked into a `Config` whose values are known to be good. A bad value is
//! never replaced by a default: it becomes a [`Diagnostic`] that says what is
//! wrong, so a typo in the base URL cannot silently publish broken links.

mod languages;
mod taxonomies;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use languages::LanguageSettings;
pub use taxonomies::{Taxonomy, TaxonomyNames};

use crate::diagnostic::Diagnostic;
use crate::lang::Language;
use crate::parse::raw_html::RawHtml;
use crate::toml_text::{key_line, toml_error_diagnostic, value_line};
use crate::Failure;

/// The theme a site gets when `site.toml` names none: the built-in one.
pub const DEFAULT_THEME: &str = "standard";

pub const CONFIG_FILE: &str = "site.toml";

/// The five taxonomies of the content model; their front-matter keys are fixed,
/// their URLs and titles come from `site.toml`.
pub const TAXONOMY_KEYS: [&str; 5] = [
    "sectors",
    "municipalities",
    "partner_types",
    "target_groups",
    "levels",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    default_language: String,
    #[serde(default = "default_theme")]
    theme: String,
    notice: Option<RawNotice>,
    feedback: Option<RawFeedback>,
    forms: Option<RawForms>,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    taxonomies: Vec<taxonomies::RawTaxonomy>,
    #[serde(default)]
    languages: BTreeMap<String, languages::RawLanguage>,
}

fn default_language() -> String {
    "nb".into()
}

fn default_theme() -> String {
    DEFAULT_THEME.into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    text: String,
    link: Option<String>,
    link_text: Option<String>,
}

impl From<RawNotice> for Notice {
    fn from(n: RawNotice) -> Self {
        Notice {
            text: n.text,
            link: n.link,
            link_text: n.link_text,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    email: Option<String>,
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForms {
    endpoint: Option<String>,
    /// An address for one form, by its name (the last part of its address).
    #[serde(default)]
    endpoints: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    raw_html: RawHtml,
}

/// The validated site settings every later phase reads.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site folder: `site.toml`, `content/`, `themes/`, `static/`, `templates/`.
    pub root: PathBuf,
    /// Absolute, ending in `/`: `https://example.org/kursportal/`.
    pub base_url: String,
    /// The site's languages; the default language first.
    pub languages: Vec<LanguageSettings>,
    pub theme: String,
    pub feedback: Option<Feedback>,
    /// Where filled-in forms are sent; without it forms are print/save only.
    pub forms_endpoint: Option<String>,
    /// Where one form is sent, by the form's name (`pamelding`), over
    /// `forms_endpoint`.
    pub form_endpoints: BTreeMap<String, String>,
    pub taxonomies: Vec<Taxonomy>,
    /// Whether raw HTML in Markdown is cleaned (the default) or trusted.
    pub raw_html: RawHtml,
    /// Include pages marked `draft = true`.
    pub drafts: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Notice {
    pub text: String,
    pub link: Option<String>,
    pub link_text: Option<String>,
}

/// Where "Fant du det du lette etter?" points: a mail address or a web form.
#[derive(Debug, Clone, serde::Serialize)]
pub enum Feedback {
    Email(String),
    Url(String),
}

impl Config {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The site's languages, the default first.
    pub fn language_list(&self) -> Vec<Language> {
        self.languages.iter().map(|l| l.language).collect()
    }

    pub fn default_language(&self) -> Language {
        self.languages[0].language
    }

    /// The settings of `language`, which must be one of the site's.
    pub fn language(&self, language: Language) -> &LanguageSettings {
        self.languages
            .iter()
            .find(|l| l.language == language)
            .unwrap_or(&self.languages[0])
    }

    /// The absolute address of a site-relative URL, for sitemaps and `hreflang`.
    pub fn absolute_url(&self, url: &str) -> String {
        format!("{}{}", self.base_url, crate::slug::encode_path(url))
    }
}

/// What the command line may override.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// Reads and validates `root/site.toml`.
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Failure> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Failure::Content(vec![Diagnostic::in_file(
            CONFIG_FILE,
            format!("cannot read the site settings: {e}"),
        )
        .with_help(format!(
            "run kursportal in the site folder, or pass --root; looked for {}",
            path.display()
        ))])
    })?;
    let raw: RawConfig = toml::from_str(&text)
        .map_err(|e| Failure::Content(vec![toml_error_diagnostic(CONFIG_FILE, &text, 0, &e)]))?;
    validate(root, raw, &text, overrides).map_err(Failure::Content)
}

fn validate(
    root: &Path,
    raw: RawConfig,
    text: &str,
    overrides: &Overrides,
) -> Result<Config, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let at_key = |key: &str, message: String| {
        let line = key_line(text, key).unwrap_or(1);
        Diagnostic::at(CONFIG_FILE, text, line, 1, message)
    };

    let base_url = match &overrides.base_url {
        // Given on the command line: said so, not pinned on site.toml.
        Some(given) => normalise_base_url(given).unwrap_or_else(|why| {
            problems.push(
                Diagnostic::in_file("--base-url", format!("{why} (given on the command line)"))
                    .with_help(BASE_URL_HELP),
            );
            String::new()
        }),
        None => normalise_base_url(&raw.base_url).unwrap_or_else(|why| {
            problems.push(at_key("base_url", why).with_help(BASE_URL_HELP));
            String::new()
        }),
    };
    let language = Language::from_code(&raw.default_language).unwrap_or_else(|| {
        problems.push(
            at_key(
                "default_language",
                format!("unknown language `{}`", raw.default_language),
            )
            .with_help(format!("use one of: {}", Language::codes().join(", "))),
        );
        Language::default()
    });
    let defaults = languages::Defaults {
        language,
        title: raw.title,
        description: raw.description,
        notice: raw.notice.map(Notice::from),
    };
    let languages = languages::validate(raw.languages, defaults, &mut problems, &at_key);
    let codes: Vec<Language> = languages.iter().map(|l| l.language).collect();
    let taxonomies = taxonomies::validate(raw.taxonomies, &codes, &mut problems, text);
    let feedback = match raw.feedback {
        Some(RawFeedback {
            email: Some(e),
            url: None,
        }) => Some(Feedback::Email(e)),
        Some(RawFeedback {
            email: None,
            url: Some(u),
        }) => Some(Feedback::Url(u)),
        Some(_) => {
            problems.push(at_key(
                "feedback",
                "[feedback] needs exactly one of `email` or `url`".into(),
            ));
            None
        }
        None => None,
    };
    if let Err(why) = theme_name(&raw.theme) {
        problems.push(at_key("theme", why).with_help(format!(
            "name a folder in themes/, such as theme = \"{DEFAULT_THEME}\" (the built-in theme)"
        )));
    }
    let (forms_endpoint, form_endpoints) = raw
        .forms
        .map_or((None, BTreeMap::new()), |f| (f.endpoint, f.endpoints));
    // Each address with the key it is set by: `endpoint`, or a form's name
    // (the form's own address).
    let endpoints: Vec<(&str, Option<&str>, &str)> = (forms_endpoint.iter())
        .map(|e| ("endpoint", None, e.as_str()))
        .chain((form_endpoints.iter()).map(|(f, e)| (f.as_str(), Some(f.as_str()), e.as_str())))
        .collect();
    check_addresses(
        &languages,
        feedback.as_ref(),
        &endpoints,
        text,
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        root: root.to_path_buf(),
        base_url,
        languages,
        theme: raw.theme,
        feedback,
        forms_endpoint,
        form_endpoints,
        taxonomies,
        raw_html: raw.markdown.raw_html,
        drafts: overrides.drafts,
    })
}

/// Addresses written in site.toml go onto every page, so each must be one
/// a page may link to: a notice's link a page of the site (`@/…`) or a web,
/// mail or phone address; the feedback form and the forms' endpoint web
/// addresses; the feedback e-mail a plain address (no `?cc=` riding along).
fn check_addresses(
    languages: &[LanguageSettings],
    feedback: Option<&Feedback>,
    forms_endpoints: &[(&str, Option<&str>, &str)],
    text: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let at_value = |key: &str, value: &str, message: String, help: &str| {
        let line = value_line(text, key, value, 1)
            .or_else(|| key_line(text, key))
            .unwrap_or(1);
        Diagnostic::at(CONFIG_FILE, text, line, 1, message).with_help(help)
    };
    let mut links: Vec<&str> = languages
        .iter()
        .filter_map(|l| l.notice.as_ref()?.link.as_deref())
        .collect();
    links.dedup();
    for link in links {
        if !(link.starts_with("@/")
            || is_absolute_address(link, &["http", "https", "mailto", "tel"]))
        {
            problems.push(at_value("link", link, format!("the notice links to `{link}`, which is neither a page of the site nor a web, mail or phone address"),
                "write `@/` and the page's file in content/ (\"@/kurs/_index.md\"), or a full address that starts with https://"));
        }
    }
    let web = ["http", "https"];
    let web_help = "write a full web address that starts with https://";
    if let Some(Feedback::Url(url)) = feedback {
        if !is_absolute_address(url, &web) {
            problems.push(at_value(
                "url",
                url,
                format!("the feedback address `{url}` is not a web address"),
                web_help,
            ));
        }
    }
    if let Some(Feedback::Email(email)) = feedback {
        if !is_plain_email(email) {
            problems.push(at_value(
                "email",
                email,
                format!("`{email}` is not an e-mail address"),
                "write one address, such as \"kursportal@kommune.no\", with nothing after it",
            ));
        }
    }
    for &(key, form, endpoint) in forms_endpoints {
        if !is_absolute_address(endpoint, &web) {
            // `[forms.endpoints]` gives one form its address, by the form's name.
            let help = match form {
                None => web_help.to_owned(),
                Some(form) => format!("{web_help}, for the form `{form}`"),
            };
            problems.push(at_value(
                key,
                endpoint,
                format!("the forms' endpoint `{endpoint}` is not a web address"),
                &help,
            ));
        }
    }
}

/// A full address (not relative) whose scheme is one of `schemes`: a web
/// address with a host and no user name or password in it, a `mailto:`
/// with one plain address (no `?bcc=` riding along).
fn is_absolute_address(address: &str, schemes: &[&str]) -> bool {
    url::Url::parse(address).is_ok_and(|url| {
        let fits = match url.scheme() {
            "http" | "https" => {
                url.has_host() && url.username().is_empty() && url.password().is_none()
            }
            "mailto" => is_plain_email(url.path()) && url.query().is_none(),
            _ => true,
        };
        schemes.contains(&url.scheme()) && fits
    })
}

/// `name@domain.tld` and nothing more: no spaces, no second `@`, no
/// `?subject=` or `&bcc=` that a `mailto:` link would act on.
fn is_plain_email(email: &str) -> bool {
    let Some((name, domain)) = email.split_once('@') else {
        return false;
    };
    let plain = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_alphanumeric() || ".-_+".contains(c))
    };
    plain(name)
        && plain(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

/// A theme is a folder in `themes/`, named by its name alone: not empty
/// (that would make `themes/` itself the theme), and no path that could
/// lead out of the site.
fn theme_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("`theme` is empty".into());
    }
    let plain = name != "." && name != ".." && !name.contains(['/', '\\', ':', '\0']);
    if !plain {
        return Err(format!(
            "`theme = \"{name}\"` is a path, not the name of a folder in themes/"
        ));
    }
    Ok(())
}

const BASE_URL_HELP: &str = "write an absolute address such as \"https://kurs.example.no/\" or \"https://example.org/kursportal/\"";

/// Checks the base URL and makes it end in exactly one `/`.
fn normalise_base_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') || url.contains(char::is_whitespace) {
        return Err(format!("base_url `{url}` has no host name"));
    }
    // Every address of the site is written after it: a `?` or `#` there
    // would make them all a query or a fragment of one page.
    if let Some(mark) = url.chars().find(|c| matches!(c, '?' | '#')) {
        return Err(format!(
            "base_url `{url}` holds `{mark}`, and every address of the site would come after it"
        ));
    }
    Ok(format!("{}/", url.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_site_toml_are_plain() {
        let any = ["http", "https", "mailto", "tel"];
        for good in [
            "https://imdi.no/",
            "https://kurs.kommune.no:8443/a",
            "mailto:post@kommune.no",
            "tel:+4712345678",
        ] {
            assert!(is_absolute_address(good, &any), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "mailto:a@b.no?bcc=c@d.no",
            "https://user:pw@host.no/",
            "/send",
            "ftp://a.no/",
        ] {
            assert!(!is_absolute_address(bad, &any), "{bad}");
        }
        assert!(is_plain_email("kursportal@kommune.no"));
        assert!(is_plain_email("post@bærum.kommune.no"));
        assert!(!is_plain_email("a@b.no?cc=c@d.no"));
        assert!(!is_plain_email("a b@c.no"));
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        assert_eq!(
            normalise_base_url("https://a.no/kurs").unwrap(),
            "https://a.no/kurs/"
        );
        assert_eq!(
            normalise_base_url("https://a.no//").unwrap(),
            "https://a.no/"
        );
        assert!(normalise_base_url("a.no").is_err());
        assert!(theme_name("standard").is_ok());
        for bad in ["", " ", "..", "../../etc", "/srv/tema", "a\\b", "."] {
            assert!(theme_name(bad).is_err(), "{bad}");
        }
        assert!(normalise_base_url("https://a.no/?side=1").is_err());
        assert!(normalise_base_url("https://a.no/#kurs").is_err());
        assert!(normalise_base_url("https:///x").is_err());
    }
}
