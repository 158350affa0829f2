//! What the fuzz targets (`fuzz/`, run by `scripts/fuzz.sh`) build their
//! inputs with: content files made in memory, and a small site of them
//! put through the phases up to the model.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::config::{self, Config};
use crate::lang::Language;
use crate::load::SourceFile;
use crate::model::{self, SiteModel};
use crate::parse::{self, markdown::BodyRules};
use crate::Failure;

/// A content file at `rel_path` (`om.en.md` is English) holding `text`.
pub fn source(rel_path: &str, text: &str) -> SourceFile {
    let (key, lang) = match rel_path.strip_suffix(".en.md") {
        Some(stem) => (format!("{stem}.md"), Language::En),
        None => (rel_path.to_owned(), Language::Nb),
    };
    SourceFile {
        rel_path: rel_path.to_owned(),
        key,
        lang,
        display_path: PathBuf::from("content").join(rel_path),
        text: text.into(),
    }
}

/// Where the fuzzer's texts go, in turn: a site in Bokmål and English with
/// a section, a course with a module, and translations.
const PLACES: [&str; 8] = [
    "_index.md",
    "kurs/_index.md",
    "kurs/a/index.md",
    "kurs/a/01-m.md",
    "om.md",
    "_index.en.md",
    "kurs/a/index.en.md",
    "kurs/a/01-m.en.md",
];

/// Settings for a site in Bokmål and English, read once from a folder
/// written for the purpose.
fn settings() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("kursportal-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&root).expect("a folder for the fuzz site");
        let mut toml = "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n\n[languages.en]\ntitle = \"Fuzz\"\n".to_owned();
        for key in ["sectors", "municipalities", "levels", "target_groups"] {
            toml.push_str(&format!("\n[[taxonomies]]\nkey = \"{key}\"\nslug = \"{key}\"\ntitle = \"T\"\nsingular = \"T\"\n[taxonomies.languages.en]\nslug = \"{key}\"\ntitle = \"T\"\nsingular = \"T\"\n"));
        }
        std::fs::write(root.join("site.toml"), toml).expect("site.toml");
        let loaded = config::load(&root, &config::Overrides::default());
        // Nothing after this reads the folder, and a fuzzer starts many
        // processes: each would leave its own folder behind.
        let _ = std::fs::remove_dir_all(&root);
        match loaded {
            Ok(config) => config,
            Err(_) => panic!("the fuzz site's settings do not load"),
        }
    })
}

/// Up to eight texts as the files of a small site, parsed and put together
/// (links resolved): the model, or the problems.
pub fn small_site(texts: &[String]) -> Result<SiteModel, Failure> {
    let sources: Vec<SourceFile> = PLACES
        .iter()
        .zip(texts)
        .filter(|(_, text)| !text.contains('\0'))
        .map(|(place, text)| source(place, text))
        .collect();
    let parsed = parse::parse_all(&sources, Language::Nb, &BodyRules::default(), None);
    let built = model::build(
        settings(),
        parsed.documents,
        Vec::new(),
        &parsed.unparsed,
        None,
    );
    if parsed.problems.is_empty() {
        built
    } else {
        Err(Failure::Content(parsed.problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The harness itself works: eight good files make a site, and a
    /// broken link in one is a problem, not a panic.
    #[test]
    fn a_small_site_is_built_from_texts() {
        let page = |title: &str, body: &str| format!("+++\ntitle = \"{title}\"\n+++\n{body}");
        let course = "+++\ntitle = \"A\"\nsummary = \"S\"\nduration = \"1 uke\"\nlevels = [\"A2\"]\ntarget_groups = [\"B\"]\nsectors = [\"C\"]\nmunicipalities = [\"D\"]\n+++\n";
        let mut texts = vec![
            page("Forside", "[Om](@/om.md)"),
            "+++\ntitle = \"Kurs\"\nchild_kind = \"course\"\n+++\n".to_owned(),
            course.to_owned(),
            page("M", "[kurset](index.md)"),
            page("Om", "[hjem](@/_index.md)"),
            page("Home", ""),
            "+++\ntitle = \"A en\"\nsummary = \"S\"\nduration = \"1 week\"\n+++\n".to_owned(),
            page("M en", ""),
        ];
        let model = small_site(&texts).unwrap_or_else(|f| panic!("the site should build: {f:?}"));
        assert_eq!(model.pages.len(), 8);
        texts[4] = page("Om", "[borte](@/borte.md)");
        assert!(matches!(small_site(&texts), Err(Failure::Content(_))));
    }
}
