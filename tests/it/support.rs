//! Small fixture sites built in temporary folders, and helpers to read what
//! a build wrote.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use kursportal::{diagnostic, Failure, Options};

pub const SITE_TOML: &str = r#"title = "Testportal"
base_url = "https://example.org/portal/"

[feedback]
email = "redaksjon@example.org"

[[taxonomies]]
key = "sectors"
slug = "bransje"
title = "Bransjer"
singular = "Bransje"

[[taxonomies]]
key = "municipalities"
slug = "kommune"
title = "Kommuner"
singular = "Kommune"

[[taxonomies]]
key = "levels"
slug = "niva"
title = "Norsknivåer"
singular = "Norsknivå"

[[taxonomies]]
key = "target_groups"
slug = "malgruppe"
title = "Målgrupper"
singular = "Målgruppe"

[[taxonomies]]
key = "partner_types"
slug = "partnertype"
title = "Partnertyper"
singular = "Partnertype"
"#;

/// `SITE_TOML` with English and Arabic beside Bokmål, and every taxonomy
/// named in both.
pub fn multilingual_toml() -> String {
    let mut toml = SITE_TOML.replace(
        "[feedback]",
        "[languages.en]\ntitle = \"Course portal\"\n\n[languages.ar]\ntitle = \"بوابة الدورات\"\n\n[feedback]",
    );
    for (key, en, ar) in [
        ("sectors", "sector", "bransje"),
        ("municipalities", "municipality", "kommune"),
        ("levels", "level", "niva"),
        ("target_groups", "target-group", "malgruppe"),
        ("partner_types", "partner-type", "partnertype"),
    ] {
        let block = format!("key = \"{key}\"");
        let names = format!(
            "\n[taxonomies.languages.en]\nslug = \"{en}\"\ntitle = \"{en}s\"\nsingular = \"{en}\"\n\n[taxonomies.languages.ar]\nslug = \"{ar}\"\ntitle = \"ع\"\nsingular = \"ع\"\n"
        );
        let at = toml.find(&block).unwrap();
        let end = toml[at..].find("\n\n").map_or(toml.len(), |i| at + i);
        toml.insert_str(end, &names);
    }
    toml
}

pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// A site with settings and a home page, and nothing else.
    pub fn new() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.file("site.toml", SITE_TOML);
        site.file(
            "content/_index.md",
            "+++\ntitle = \"Forside\"\n+++\nVelkommen.\n",
        );
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn file(&self, path: &str, text: &str) -> &Site {
        let path = self.dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// A picture of `width` × `height` pixels, as a JPEG or PNG by the
    /// path's extension: colours that change across it, as in a photo.
    pub fn picture(&self, path: &str, width: u32, height: u32) -> &Site {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        picture(width, height)
            .save(&full)
            .unwrap_or_else(|e| panic!("writing {}: {e}", full.display()));
        self
    }

    pub fn options(&self) -> Options {
        Options {
            root: self.root().to_path_buf(),
            output_dir: self.out(),
            base_url: None,
            drafts: false,
            search: true,
            deny_warnings: false,
            preview: false,
        }
    }

    /// The site in Bokmål, English and Arabic (`multilingual_toml`), with a
    /// home page in each.
    pub fn with_english_and_arabic(&self) -> &Site {
        self.file("site.toml", &multilingual_toml())
            .file("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\n")
            .file("content/_index.ar.md", "+++\ntitle = \"الرئيسية\"\n+++\n")
    }

    /// Runs the `kursportal` binary in the site's folder, without colours.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_kursportal"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("running kursportal")
    }

    /// Runs the binary expecting it to stop with exit code 1 (the site's
    /// problems); gives what it said on standard error.
    pub fn fails(&self, args: &[&str]) -> String {
        let output = self.run(args);
        let said = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(1), "{args:?}: {said}");
        said
    }

    /// Runs the binary expecting it to succeed; gives what it said on
    /// standard output (a build's summary).
    pub fn says(&self, args: &[&str]) -> String {
        let output = self.run(args);
        let said = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {said}{stderr}");
        said
    }

    /// Builds, panicking with the diagnostics if the build fails.
    pub fn build(&self) -> &Site {
        if let Err(failure) = kursportal::build(&self.options(), &|_, _| {}) {
            panic!("build failed:\n{}", describe(failure));
        }
        self
    }

    /// Builds, expecting failure; returns the diagnostics as an editor sees them.
    pub fn errors(&self) -> String {
        match kursportal::build(&self.options(), &|_, _| {}) {
            Ok(_) => panic!("the build should have failed"),
            Err(failure) => describe(failure),
        }
    }

    /// A file of the output, as text.
    pub fn read(&self, path: &str) -> String {
        let full = self.out().join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {}: {e}", full.display()))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out().join(path).exists()
    }
}

pub fn describe(failure: Failure) -> String {
    match failure {
        Failure::Content(mut problems) => {
            diagnostic::sort(&mut problems);
            problems
                .iter()
                .map(|p| p.render(false))
                .collect::<Vec<_>>()
                .join("\n")
        }
        Failure::Internal(e) => format!("internal: {e:#}"),
    }
}

/// A section `content/kurs/_index.md` whose pages are courses.
pub const COURSE_SECTION: &str = "+++\ntitle = \"Kurs\"\nchild_kind = \"course\"\n+++\n";

/// A picture whose colours change across it.
pub fn picture(width: u32, height: u32) -> image::DynamicImage {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        let shade = |v: u32, of: u32| (v * 255 / of.max(1)) as u8;
        image::Rgb([shade(x, width), shade(y, height), 160])
    });
    image::DynamicImage::ImageRgb8(pixels)
}

/// A course with every required field, for tests that need one.
pub fn course(title: &str, extra: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"Et kurs.\"\nduration = \"8 uker\"\nlevels = [\"A2\"]\ntarget_groups = [\"Deltakere\"]\nsectors = [\"Renhold\"]\nmunicipalities = [\"Inderøy\"]\n{extra}+++\n## Om kurset\n\nTekst.\n"
    )
}

/// Every file under `dir`, at any depth.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every entry of a ZIP file: name → bytes, in the order they are stored.
pub fn unzip(path: &Path) -> ZipEntries {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut content).unwrap();
        entries.push((name, content));
    }
    ZipEntries(entries)
}

/// A ZIP file's entries in their stored order, looked up by name.
pub struct ZipEntries(pub Vec<(String, Vec<u8>)>);

impl ZipEntries {
    pub fn names(&self) -> Vec<&str> {
        self.0.iter().map(|(name, _)| name.as_str()).collect()
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        let found = self.0.iter().find(|(n, _)| n == name);
        found.map(|(_, content)| content.as_slice())
    }

    pub fn text(&self, name: &str) -> String {
        let bytes = (self.get(name)).unwrap_or_else(|| panic!("no {name} in {:?}", self.names()));
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}

/// The links in a course pack's pages that lead nowhere in the pack: each
/// must lead to one of its files, to a place on the page, or out to an
/// address with a scheme (the portal online, other sites).
pub fn pack_broken_links(pack: &ZipEntries) -> Vec<String> {
    let names = pack.names();
    let mut broken = Vec::new();
    for page in names.iter().filter(|n| n.ends_with(".html")) {
        let html = pack.text(page);
        let here = page.rsplit_once('/').map_or("", |(dir, _)| dir);
        let links = attribute_values(&html, "href").into_iter();
        for link in links.chain(attribute_values(&html, "src")) {
            let link = link.replace("&amp;", "&");
            if link.starts_with('#') || link.starts_with("https://") || link.starts_with("mailto:")
            {
                continue;
            }
            let path = link.split('#').next().unwrap();
            let decoded = percent_encoding::percent_decode_str(path)
                .decode_utf8()
                .unwrap();
            let target = normalised(&format!("{here}/{decoded}"));
            if !names.contains(&target.as_str()) {
                broken.push(format!("{page}: {link} → {target}"));
            }
        }
    }
    broken
}

/// `a/b/../c` → `a/c`.
fn normalised(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    parts.join("/")
}

/// Every `href`/`src` value and every `id` in an HTML text.
pub fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let marker = format!(" {attribute}=\"");
    html.match_indices(&marker)
        .filter_map(|(i, _)| {
            let rest = &html[i + marker.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

/// Follows every internal link and asset reference of every HTML page in
/// `out` and returns the ones that lead nowhere, as "page -> target".
pub fn broken_links(out: &Path) -> Vec<String> {
    let pages = html_pages(out);
    let ids: BTreeMap<PathBuf, BTreeSet<String>> = pages
        .iter()
        .map(|(path, html)| {
            (
                path.clone(),
                attribute_values(html, "id").into_iter().collect(),
            )
        })
        .collect();
    let mut broken = Vec::new();
    for (page, html) in &pages {
        if page.ends_with("404.html") {
            continue; // its links are absolute from the site root, checked in build_output
        }
        let mut refs = attribute_values(html, "href");
        refs.extend(attribute_values(html, "src"));
        for target in refs {
            if target.contains("://") || target.starts_with("mailto:") || target.starts_with("tel:")
            {
                continue;
            }
            let (path, fragment) = target
                .split_once('#')
                .map_or((target.as_str(), None), |(p, f)| (p, Some(f)));
            let path = &percent_decode(path);
            let mut file = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(path)
            };
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            let file = normalise(&file);
            let ok = file.starts_with(out)
                && file.is_file()
                && fragment.is_none_or(|f| ids.get(&file).is_some_and(|set| set.contains(f)));
            if !ok {
                broken.push(format!(
                    "{} -> {target}",
                    page.strip_prefix(out).unwrap().display()
                ));
            }
        }
    }
    broken
}

pub fn html_pages(out: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Links are percent-encoded; files on disk have the plain names.
fn percent_decode(path: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = path.as_bytes();
    while let [first, tail @ ..] = rest {
        match (first, tail) {
            (b'%', [a, b, after @ ..]) => {
                let hex = std::str::from_utf8(&[*a, *b])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                bytes.push(hex.expect("a valid percent escape"));
                rest = after;
            }
            _ => {
                bytes.push(*first);
                rest = tail;
            }
        }
    }
    String::from_utf8(bytes).expect("UTF-8 after decoding")
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A page's language switcher, up to the end of its `<nav>` (empty when the
/// page has none).
pub fn language_switcher(html: &str) -> &str {
    html.split("class=\"language-switcher")
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .unwrap_or_default()
}

/// The `<section>` labelled by the heading `id` (`aria-labelledby`), up to
/// its end, if the page has one.
pub fn labelled_section<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!("aria-labelledby=\"{id}\""))?;
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    Some(&html[start..end])
}

/// XML with its indentation and line breaks taken out, to compare what it
/// says rather than how it is laid out.
pub fn unindented(xml: &str) -> String {
    xml.lines().map(str::trim).collect()
}
