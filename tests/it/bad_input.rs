//! Broken and hostile input, as careless or hostile editors write it. Each
//! case starts from a site that built, breaks it one way, and runs
//! `kursportal build` as a user would: the build must stop with exit code
//! 1, name the file and line, say what is wrong, never panic, and leave
//! the site built before, and the content, byte for byte as they were.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::support::{course, Site, COURSE_SECTION};

/// One way of breaking the site.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    /// Symbolic links to make: (path, target).
    links: Vec<(&'static str, &'static str)>,
    args: Vec<&'static str>,
    /// What the error output must hold: the place, and what is wrong.
    expect: Vec<&'static str>,
}

fn case(name: &'static str) -> Case {
    Case {
        name,
        files: Vec::new(),
        links: Vec::new(),
        args: Vec::new(),
        expect: Vec::new(),
    }
}

impl Case {
    fn file(mut self, path: &'static str, text: &str) -> Case {
        self.files.push((path, text.as_bytes().to_vec()));
        self
    }

    fn bytes(mut self, path: &'static str, bytes: Vec<u8>) -> Case {
        self.files.push((path, bytes));
        self
    }

    fn link(mut self, path: &'static str, target: &'static str) -> Case {
        self.links.push((path, target));
        self
    }

    fn arg(mut self, arg: &'static str) -> Case {
        self.args.push(arg);
        self
    }

    fn expect(mut self, text: &'static str) -> Case {
        self.expect.push(text);
        self
    }
}

/// A page of the base site, with `front` inside its front matter and `body` after.
fn page(front: &str, body: &str) -> String {
    format!("+++\ntitle = \"Om portalen\"\n{front}+++\n{body}")
}

/// `site.toml` of the support site with `line` put first.
fn settings_with(line: &str) -> String {
    format!("{line}\n{}", crate::support::SITE_TOML)
}

/// `site.toml` of the support site with `tables` after it.
fn settings_then(tables: &str) -> String {
    format!("{}\n{tables}", crate::support::SITE_TOML)
}

/// `site.toml` of the support site with `from` replaced by `to`.
fn settings_replacing(from: &str, to: &str) -> String {
    let toml = crate::support::SITE_TOML;
    assert!(toml.contains(from), "{from}");
    toml.replace(from, to)
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

fn cases() -> Vec<Case> {
    vec![
        // Encodings.
        case("a file saved as Latin-1")
            .bytes("content/om.md", b"+++\ntitle = \"Om\"\n+++\nV\xe6r s\xe5 god.\n".to_vec())
            .expect("--> content/om.md:4:2")
            .expect("the file is not saved as UTF-8 text"),
        case("a file saved as UTF-16 with its mark")
            .bytes("content/om.md", utf16le("+++\ntitle = \"Om\"\n+++\n", true))
            .expect("--> content/om.md:1:1")
            .expect("the file is not saved as UTF-8 text"),
        case("a file saved as UTF-16 without its mark")
            .bytes("content/om.md", utf16le("+++\ntitle = \"Om\"\n+++\n", false))
            .expect("--> content/om.md:1:2")
            .expect("the file holds a NUL character"),
        case("a NUL character in the text")
            .bytes("content/om.md", page("", "Tekst\n\nmed \0 inni.\n").into_bytes())
            .expect("--> content/om.md:6:5")
            .expect("the file holds a NUL character"),
        // Front matter.
        case("front matter never closed")
            .file("content/om.md", "+++\ntitle = \"Om\"\n\nTekst.\n")
            .expect("--> content/om.md:1:1")
            .expect("never closed"),
        case("front matter with a broken string")
            .file("content/om.md", "+++\ntitle = \"Om\nsummary = \"x\"\n+++\n")
            .expect("--> content/om.md:2:"),
        case("a misspelt field")
            .file("content/om.md", &page("sumary = \"Kort\"\n", ""))
            .expect("--> content/om.md:3:1")
            .expect("did you mean `summary`?"),
        case("a date that is no date")
            .file("content/om.md", &page("updated = \"2024-13-45\"\n", ""))
            .expect("--> content/om.md:3:")
            .expect("updated"),
        case("a date that is no date, unquoted")
            .file("content/kurs/renhold/index.md", &course("Renhold", "updated = 2024-13-45\n"))
            .file("content/kurs/renhold/01-intro.md", "+++\ntitle = \"Intro\"\n+++\n")
            .expect("--> content/kurs/renhold/index.md:9:11")
            .expect("invalid date, expected month between 01 and 12")
            .expect("write dates as year-month-day")
            .expect("1 problem found"),
        case("a number where text goes")
            .file("content/kurs/renhold/index.md", &course("Renhold", "").replace("duration = \"8 uker\"", "duration = 8"))
            .expect("--> content/kurs/renhold/index.md:4:12")
            .expect("this value must be text in quotes"),
        case("a weight written as a word")
            .file("content/om.md", &page("weight = \"først\"\n", ""))
            .expect("--> content/om.md:3:10")
            .expect("this value must be a whole number, written without quotes"),
        case("an unknown kind")
            .file("content/om.md", &page("kind = \"kurs\"\n", ""))
            .expect("--> content/om.md:3:")
            .expect("unknown kind `kurs`"),
        case("a course without its required fields")
            .file("content/kurs/sveis/index.md", "+++\ntitle = \"Sveis\"\n+++\n")
            .expect("--> content/kurs/sveis/index.md:1:1")
            .expect("summary"),
        case("a placeholder left from kursportal new")
            .file("content/om.md", &page("", "FYLL UT: skriv teksten her.\n"))
            .expect("--> content/om.md:4:1")
            .expect("the text still holds the placeholder"),
        case("an image without a description")
            .file("content/om.md", &page("", "![](bilde.png)\n"))
            .expect("--> content/om.md:4:1")
            .expect("this image has no description"),
        case("a heading without text")
            .file("content/om.md", &page("", "## {#tom}\n"))
            .expect("--> content/om.md:4:1")
            .expect("this heading has no text"),
        // Links and addresses.
        case("a link to a page that does not exist")
            .file("content/om.md", &page("", "Se [kurset](@/kurs/borte/index.md).\n"))
            .expect("--> content/om.md:4:")
            .expect("kurs/borte/index.md"),
        case("a link to a heading that does not exist")
            .file("content/om.md", &page("", "Se [målet](@/kurs/renhold/index.md#finnes-ikke).\n"))
            .expect("--> content/om.md:4:")
            .expect("finnes-ikke"),
        case("a link to a heading of a page that has none")
            .file("content/om.md", &page("", "Se [målet](#mal).\n"))
            .expect("--> content/om.md:4:")
            .expect("that page has no headings to link to"),
        case("a site-absolute link")
            .file("content/om.md", &page("", "Se [kurs](/kurs/).\n"))
            .expect("--> content/om.md:4:"),
        case("a javascript: link")
            .file("content/om.md", &page("", "Trykk [her](javascript:alert(document.cookie)).\n"))
            .expect("--> content/om.md:4:13")
            .expect("a page may not link to a `javascript:` address"),
        case("a javascript: link in capitals")
            .file("content/om.md", &page("", "Trykk [her](JaVaScRiPt:alert(1)).\n"))
            .expect("--> content/om.md:4:13")
            .expect("a page may not link to a `JaVaScRiPt:` address"),
        case("a data: image")
            .file("content/om.md", &page("", "![Et bilde](data:image/svg+xml;base64,PHN2Zz4=)\n"))
            .expect("--> content/om.md:4:13")
            .expect("a page may not link to a `data:` address"),
        case("an internal placeholder written by hand")
            .file("content/om.md", &page("", "Se [dette](kp-link:0).\n"))
            .expect("--> content/om.md:4:12")
            .expect("a page may not link to a `kp-link:` address"),
        case("raw HTML taken out, with warnings denied")
            .file("content/om.md", &page("", "Hei.\n\n<script>alert(1)</script>\n"))
            .arg("--deny-warnings")
            .expect("--> content/om.md:6:1")
            .expect("raw HTML taken out of the page: the element `<script>` and its content")
            .expect("made an error by --deny-warnings"),
        case("an attachment that is not there")
            .file("content/kurs/renhold/index.md", &course("Renhold", "[[attachments]]\nfile = \"borte.pdf\"\ntitle = \"Borte\"\n"))
            .expect("--> content/kurs/renhold/index.md:")
            .expect("borte.pdf"),
        // Names.
        case("a language in capitals")
            .file("content/om.EN.md", "+++\ntitle = \"About\"\n+++\n")
            .expect("content/om.EN.md")
            .expect("rename the file to `om.en.md`"),
        case("a language after a dash")
            .file("site.toml", &crate::support::multilingual_toml())
            .file("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\n")
            .file("content/_index.ar.md", "+++\ntitle = \"الرئيسية\"\n+++\n")
            .file("content/kurs/renhold/index-en.md", &course("Cleaning", ""))
            .expect("content/kurs/renhold/index-en.md")
            .expect("rename the file to `index.en.md`"),
        case("Markdown in capitals")
            .file("content/hjelp.MD", "+++\ntitle = \"Hjelp\"\n+++\n")
            .expect("content/hjelp.MD")
            .expect("hjelp.md"),
        case("a language the site does not have")
            .file("content/om.de.md", "+++\ntitle = \"Über\"\n+++\n")
            .expect("content/om.de.md"),
        case("a translation without its original")
            .file("site.toml", &crate::support::multilingual_toml())
            .file("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\n")
            .file("content/_index.ar.md", "+++\ntitle = \"الرئيسية\"\n+++\n")
            .file("content/hjelp.en.md", "+++\ntitle = \"Help\"\n+++\n")
            .expect("--> content/hjelp.en.md")
            .expect("hjelp.md"),
        // Outputs.
        case("two files for one address")
            .file("content/samme.md", "+++\ntitle = \"A\"\n+++\n")
            .file("content/samme/_index.md", "+++\ntitle = \"B\"\n+++\n")
            .expect("content/samme.md")
            .expect("content/samme/_index.md"),
        case("a static file where a page goes")
            .file("static/om/index.html", "<p>Gammel side</p>")
            .expect("static/om/index.html")
            .expect("content/om.md"),
        case("a file in static/ where a page's folder goes")
            .file("static/kurs", "x")
            .expect("--> static/kurs")
            .expect("static/kurs would be written as the file /kurs, where content/kurs/_index.md needs a folder"),
        case("a slug longer than a file name may be")
            .file("content/om.md", &page(&format!("slug = \"{}\"\n", "a".repeat(300)), ""))
            .expect("--> content/om.md:3:1")
            .expect("is 300 bytes long, more than the 255 a file name may have"),
        case("a term longer than a file name may be")
            .file("content/kurs/renhold/index.md", &course("Renhold", "").replace("[\"Renhold\"]", &format!("[\"{}\"]", "Ø".repeat(300))))
            .expect("--> content/kurs/renhold/index.md:7:13")
            .expect("is 300 bytes long, more than the 255 a file name may have"),
        case("the content folder as the output folder")
            .arg("--output-dir")
            .arg("content")
            .expect("--> content")
            .expect("the output folder would overwrite the site's own files"),
        case("an output folder holding someone else's files")
            .file("public/../www/index.html", "<p>Kommunens egen side</p>")
            .arg("--output-dir")
            .arg("www")
            .expect("--> www")
            .expect("the output folder already holds files that kursportal did not write"),
        // Symbolic links: followed inside the site, refused when they leave it.
        case("a link in content/ out of the site")
            .link("content/passord.md", "/etc/passwd")
            .expect("--> content/passord.md")
            .expect("this is a link to /etc/passwd, outside the site or hidden in it, which is not published"),
        case("a link in static/ out of the site")
            .link("static/passwd", "/etc/passwd")
            .expect("--> static/passwd")
            .expect("this is a link to /etc/passwd, outside the site or hidden in it, which is not published"),
        case("a folder in static/ linked out of the site")
            .link("static/etc", "/etc")
            .expect("--> static/etc")
            .expect("outside the site"),
        case("a link in a theme out of the site")
            .file("site.toml", &settings_with("theme = \"egen\""))
            .link("themes/egen/templates/page.html", "/etc/hostname")
            .expect("--> themes/egen/templates/page.html")
            .expect("outside the site"),
        case("a link in static/ to a hidden file of the site")
            .file(".env", "PASSORD=hemmelig\n")
            .link("static/env.txt", "../.env")
            .expect("--> static/env.txt")
            .expect("this is a link to ../.env, outside the site or hidden in it"),
        case("a link in content/ to the site's git folder")
            .file(".git/config", "[core]\n")
            .link("content/git", "../.git")
            .expect("--> content/git")
            .expect("this is a link to ../.git, outside the site or hidden in it"),
        case("a notice linking to a mail address with a copy riding along")
            .file("site.toml", &settings_then("[notice]\ntext = \"Nytt!\"\nlink = \"mailto:a@kommune.no?bcc=alle@example.org\"\n"))
            .expect("--> site.toml:39:1")
            .expect("the notice links to `mailto:a@kommune.no?bcc=alle@example.org`"),
        case("a link in static/ to nothing")
            .link("static/logo.svg", "finnes-ikke.svg")
            .expect("--> static/logo.svg")
            .expect("this is a link to finnes-ikke.svg, which does not exist"),
        case("a link in content/ to nothing")
            .link("content/borte.md", "finnes-ikke.md")
            .expect("--> content/borte.md")
            .expect("this is a link to finnes-ikke.md, which does not exist"),
        // Configuration.
        case("site.toml that is not TOML")
            .file("site.toml", "title = \"Portal\nbase_url = \"https://a.no/\"\n")
            .expect("--> site.toml:1:"),
        case("an unknown key in site.toml")
            .file("site.toml", &settings_with("titel = \"Portal\""))
            .expect("--> site.toml:1:")
            .expect("did you mean `title`?"),
        case("a base URL without a scheme")
            .file("site.toml", &settings_replacing("https://example.org/portal/", "example.org/portal/"))
            .expect("--> site.toml:2:1")
            .expect("must start with https://"),
        case("a base URL with a query")
            .file("site.toml", &settings_replacing("https://example.org/portal/", "https://example.org/portal/?a=1"))
            .expect("--> site.toml:2:1")
            .expect("holds `?`"),
        case("an empty theme name")
            .file("site.toml", &settings_with("theme = \"\""))
            .expect("--> site.toml:1:1")
            .expect("`theme"),
        case("a theme path out of the site")
            .file("site.toml", &settings_with("theme = \"../../etc\""))
            .expect("--> site.toml:1:1"),
        case("an unknown default language")
            .file("site.toml", &settings_with("default_language = \"no\""))
            .expect("--> site.toml:1:1")
            .expect("unknown language `no`"),
        case("a notice linking to javascript:")
            .file("site.toml", &settings_then("[notice]\ntext = \"Nytt!\"\nlink = \"javascript:alert(1)\"\n"))
            .expect("--> site.toml:39:1")
            .expect("the notice links to `javascript:alert(1)`"),
        case("a feedback address carrying a copy")
            .file("site.toml", &settings_replacing("email = \"redaksjon@example.org\"", "email = \"redaksjon@example.org?bcc=alle@example.org\""))
            .expect("--> site.toml:5:1")
            .expect("is not an e-mail address"),
        case("a feedback form at a javascript: address")
            .file("site.toml", &settings_replacing("email = \"redaksjon@example.org\"", "url = \"javascript:alert(1)\""))
            .expect("--> site.toml:5:1")
            .expect("the feedback address `javascript:alert(1)` is not a web address"),
        case("forms sent to a relative address")
            .file("site.toml", &settings_then("[forms]\nendpoint = \"/send\"\n"))
            .expect("--> site.toml:38:1")
            .expect("the forms' endpoint `/send` is not a web address"),
        case("raw HTML trusted in a misspelt way")
            .file("site.toml", &settings_then("[markdown]\nraw_html = \"yes\"\n"))
            .expect("--> site.toml:38:12")
            .expect("unknown variant `yes`, expected `safe` or `trusted`")
            .expect("write one of the values"),
        // Templates.
        case("a template that includes itself")
            .file("templates/page.html", "{% extends \"base.html\" %}{% block content %}{% include \"page.html\" %}{% endblock content %}")
            .expect("--> templates/page.html:1:")
            .expect("this never ends"),
        case("a template with a syntax error")
            .file("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.title }\n{% endblock content %}")
            .expect("--> templates/page.html:2:34")
            .expect("the template cannot be read here: expected `or`"),
        case("a page asking for a template that does not exist")
            .file("content/om.md", &page("template = \"finnes-ikke.html\"\n", ""))
            .expect("--> content/om.md:3:")
            .expect("finnes-ikke.html"),
    ]
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (rel.display().to_string(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The site each case breaks: a home page, a page and a course.
fn base_site() -> Site {
    let site = Site::new();
    site.file("content/om.md", &page("", "Om portalen.\n"))
        .file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""));
    site
}

/// What went wrong in one case, or nothing.
fn run(case: &Case) -> Option<String> {
    let site = base_site();
    let built = site.run(&["build"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for (path, bytes) in &case.files {
        let full = site.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    #[cfg(unix)]
    for (path, target) in &case.links {
        let full = site.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, full).unwrap();
    }
    let (output, content) = (
        snapshot(&site.out()),
        snapshot(&site.root().join("content")),
    );
    let mut args = vec!["build"];
    args.extend(&case.args);
    let out = site.run(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut wrong = Vec::new();
    if out.status.code() != Some(1) {
        wrong.push(format!("exit code {:?}", out.status.code()));
    }
    if stderr.contains("panicked") {
        wrong.push("a panic".to_owned());
    }
    for expected in &case.expect {
        if !stderr.contains(expected) {
            wrong.push(format!("no `{expected}`"));
        }
    }
    if snapshot(&site.out()) != output {
        wrong.push("the site built before changed".to_owned());
    }
    if snapshot(&site.root().join("content")) != content {
        wrong.push("the content changed".to_owned());
    }
    (!wrong.is_empty()).then(|| format!("{}: {}\n{stderr}", case.name, wrong.join(", ")))
}

#[test]
fn every_bad_input_stops_the_build_with_its_place_and_keeps_the_site() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let failed: Vec<String> = cases.par_iter().filter_map(run).collect();
    assert!(
        failed.is_empty(),
        "{} of {} cases went wrong:\n\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}
