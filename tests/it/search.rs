//! `kursportal search`: what a municipal adviser types, answered from the
//! site's content with tantivy (prefixes, stems, compounds, typos, folding,
//! languages), and the command's own output.

use std::process::Command;

use kursportal::lang::Language;
use kursportal::parse::Kind;
use kursportal::search::Query;

use crate::support::{course, Site};

/// Two courses, a module, a case and a page, in Bokmål; a course in English
/// and Arabic.
fn portal() -> Site {
    let site = Site::new();
    site.with_english_and_arabic()
        .file(
            "content/kurs/_index.md",
            "+++\ntitle = \"Alle kursene\"\nchild_kind = \"course\"\n+++\n",
        )
        .file(
            "content/kurs/renhold/index.md",
            &course("Renhold og smittevern", "")
                .replace("Tekst.", "Renhold er et fag. Opplæring i smittevern og hygiene."),
        )
        .file(
            "content/kurs/renhold/01-metoder.md",
            "+++\ntitle = \"Metoder og utstyr\"\n+++\n## Moppen\n\nSlik brukes moppen i renholdet.\n",
        )
        .file(
            "content/kurs/renhold/index.en.md",
            "+++\ntitle = \"Cleaning and infection control\"\n+++\nThe courses teach cleaning.\n",
        )
        .file(
            "content/kurs/renhold/index.ar.md",
            "+++\ntitle = \"التنظيف والوقاية من العدوى\"\n+++\nتعلم الدورة التنظيف.\n",
        )
        .file(
            "content/kurs/salg/index.md",
            &course("Salg og service for dagligvarebransjen", "")
                .replace("Tekst.", "Kurset gir praksis i butikk."),
        )
        .file(
            "content/erfaringer/_index.md",
            "+++\ntitle = \"Erfaringer\"\nchild_kind = \"case\"\n+++\n",
        )
        .file(
            "content/erfaringer/karriere/index.md",
            "+++\ntitle = \"Mitt Karriereløp\"\nsummary = \"En plattform.\"\nmunicipalities = [\"Trondheim\"]\npartner = \"NAV\"\npartner_types = [\"NAV\"]\nperiod = \"Ikke oppgitt\"\n+++\nOm bransjen og arbeidslivet.\n",
        )
        .file(
            "content/utkast.md",
            "+++\ntitle = \"Hemmelig renholdsplan\"\ndraft = true\n+++\nUtkast.\n",
        );
    site
}

fn urls(site: &Site, text: &str, language: Option<Language>, kind: Option<Kind>) -> Vec<String> {
    let query = Query {
        text,
        language,
        kind,
        limit: 10,
    };
    kursportal::search(&site.options(), &query)
        .unwrap_or_else(|e| panic!("search failed: {}", crate::support::describe(e)))
        .into_iter()
        .map(|hit| hit.url)
        .collect()
}

fn nb(site: &Site, text: &str) -> Vec<String> {
    urls(site, text, None, None)
}

#[test]
fn the_start_of_a_word_finds_it_as_you_type() {
    let site = portal();
    assert_eq!(
        nb(&site, "renh").first().map(String::as_str),
        Some("/kurs/renhold/")
    );
    assert_eq!(nb(&site, "dagligv"), ["/kurs/salg/"]);
}

#[test]
fn inflections_meet_in_one_stem() {
    let site = portal();
    // The page says "kursene" only in its title, the course says "Kurset".
    let kursene = nb(&site, "kursene");
    assert!(kursene.contains(&"/kurs/salg/".to_owned()), "{kursene:?}");
    assert!(kursene.contains(&"/kurs/".to_owned()), "{kursene:?}");
    let kurs = nb(&site, "kurs");
    assert!(kurs.contains(&"/kurs/salg/".to_owned()), "{kurs:?}");
}

#[test]
fn a_compound_is_found_by_its_last_part() {
    let site = portal();
    let found = nb(&site, "bransjen");
    assert!(found.contains(&"/kurs/salg/".to_owned()), "{found:?}");
    assert!(
        found.contains(&"/erfaringer/karriere/".to_owned()),
        "{found:?}"
    );
}

#[test]
fn one_typo_in_a_long_word_still_finds_it() {
    let site = portal();
    assert_eq!(
        nb(&site, "smitevern").first().map(String::as_str),
        Some("/kurs/renhold/")
    );
    assert!(nb(&site, "smtvern").is_empty(), "two edits are too many");
}

#[test]
fn letters_without_aeoa_find_words_with_them() {
    let site = portal();
    assert_eq!(nb(&site, "karrierelop"), ["/erfaringer/karriere/"]);
    assert_eq!(nb(&site, "opplaering"), ["/kurs/renhold/"]);
}

#[test]
fn every_word_must_match_and_title_matches_come_first() {
    let site = portal();
    assert_eq!(nb(&site, "renhold moppen"), ["/kurs/renhold/01-metoder/"]);
    let renhold = nb(&site, "renhold");
    assert_eq!(
        renhold.first().map(String::as_str),
        Some("/kurs/renhold/"),
        "the course has it in its title: {renhold:?}"
    );
}

#[test]
fn drafts_are_not_found_unless_asked_for() {
    let site = portal();
    assert!(!nb(&site, "hemmelig").contains(&"/utkast/".to_owned()));
    let mut options = site.options();
    options.drafts = true;
    let query = Query {
        text: "hemmelig",
        language: None,
        kind: None,
        limit: 10,
    };
    let hits = kursportal::search(&options, &query)
        .unwrap_or_else(|e| panic!("{}", crate::support::describe(e)));
    assert_eq!(hits.first().map(|h| h.url.as_str()), Some("/utkast/"));
}

#[test]
fn each_language_has_its_own_index_and_analysis() {
    let site = portal();
    assert_eq!(
        urls(&site, "course", Some(Language::En), None),
        ["/en/kurs/renhold/"],
        "English stems: course finds courses"
    );
    assert!(urls(&site, "renhold", Some(Language::En), None).is_empty());
    let arabic = urls(&site, "دورة", Some(Language::Ar), None);
    assert_eq!(
        arabic,
        ["/ar/kurs/renhold/"],
        "the article ال does not stop a match"
    );
}

#[test]
fn a_kind_filter_keeps_only_that_kind_and_leaves_scores_alone() {
    let site = portal();
    let scores = |kind| {
        let query = Query {
            text: "renhold",
            language: None,
            kind,
            limit: 10,
        };
        let hits = kursportal::search(&site.options(), &query)
            .unwrap_or_else(|e| panic!("{}", crate::support::describe(e)));
        hits.into_iter()
            .map(|h| (h.url, h.score))
            .collect::<Vec<_>>()
    };
    let all = scores(None);
    let modules = scores(Some(Kind::Module));
    let module_in_all = all
        .iter()
        .find(|(url, _)| url == "/kurs/renhold/01-metoder/");
    assert_eq!(modules.first(), module_in_all, "{all:?}");
    assert_eq!(
        urls(&site, "renhold", None, Some(Kind::Module)),
        ["/kurs/renhold/01-metoder/"]
    );
}

#[test]
fn the_command_prints_json_with_url_title_kind_and_score() {
    let site = portal();
    let out = Command::new(env!("CARGO_BIN_EXE_kursportal"))
        .args(["search", "renh", "--json", "--limit", "1"])
        .current_dir(site.root())
        .output()
        .expect("running kursportal");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let first = &hits[0];
    assert_eq!(first["url"], "/kurs/renhold/");
    assert_eq!(first["title"], "Renhold og smittevern");
    assert_eq!(first["kind"], "course");
    assert!(first["score"].as_f64().is_some_and(|s| s > 0.0), "{first}");
    assert_eq!(hits.as_array().map(Vec::len), Some(1));
}

#[test]
fn an_unknown_language_is_a_clear_error() {
    let site = Site::new();
    let out = Command::new(env!("CARGO_BIN_EXE_kursportal"))
        .args(["search", "renhold", "--lang", "en"])
        .current_dir(site.root())
        .output()
        .expect("running kursportal");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the site has no language `en`; its languages are: nb"),
        "{stderr}"
    );
}

/// What an adviser would type on the shipped portal, in each language, and
/// the page that must come first (or among the first three).
#[test]
fn adviser_queries_on_the_shipped_portal() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = kursportal::Options {
        root: root.to_path_buf(),
        output_dir: root.join("target/unused-search-output"),
        base_url: None,
        drafts: false,
        search: true,
        deny_warnings: false,
        preview: false,
    };
    let nb = Some(Language::Nb);
    let cases: [(Option<Language>, &str, usize, &str); 14] = [
        (nb, "renh", 1, "/kurs/renhold-og-smittevern/"),
        (
            nb,
            "renhold og smittevern",
            1,
            "/kurs/renhold-og-smittevern/",
        ),
        (
            nb,
            "dagligv",
            2,
            "/kurs/salg-og-service-for-dagligvarebransjen/",
        ),
        (nb, "smitevern", 1, "/kurs/renhold-og-smittevern/"),
        (nb, "karrierelop", 1, "/erfaringer/mitt-karrierelop/"),
        (nb, "kursbevis", 1, "/maler/kursbevis/"),
        (nb, "levanger", 1, "/erfaringer/levanger-arena-arbeid/"),
        (nb, "matfag", 1, "/kurs/matfag-og-matproduksjon/"),
        (
            nb,
            "bransjen",
            3,
            "/kurs/salg-og-service-for-dagligvarebransjen/",
        ),
        (
            Some(Language::Nn),
            "reinhald",
            1,
            "/nn/kurs/reinhald-og-smittevern/",
        ),
        (
            Some(Language::En),
            "cleaning",
            1,
            "/en/courses/cleaning-and-infection-control/",
        ),
        (
            Some(Language::En),
            "grocery",
            2,
            "/en/courses/sales-and-service-in-grocery-retail/",
        ),
        (
            Some(Language::Ar),
            "التنظيف",
            2,
            "/ar/kurs/renhold-og-smittevern/",
        ),
        (
            Some(Language::Ar),
            "تنظيف",
            2,
            "/ar/kurs/renhold-og-smittevern/",
        ),
    ];
    // One index for every query, as the browser will have.
    let (_, model) = kursportal::site::site_model(&options, None)
        .unwrap_or_else(|e| panic!("{}", crate::support::describe(e)));
    let index = kursportal::search::index_site(&model).expect("index");
    let mut wrong = Vec::new();
    for (language, text, within, expected) in cases {
        let query = Query {
            text,
            language,
            kind: None,
            limit: within,
        };
        let hits = kursportal::search::search(&index, &query).expect("search");
        if !hits.iter().any(|h| h.url == expected) {
            let got: Vec<&str> = hits.iter().map(|h| h.url.as_str()).collect();
            wrong.push(format!(
                "{text}: {expected} not in the first {within}: {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The browser's files hold what tantivy's index holds: every term with its
/// document frequency per field, the field lengths BM25 divides by, every
/// page's result row, and the same again after a write and a read.
#[test]
fn the_exported_index_is_tantivys_index_and_reads_back_the_same() {
    use kursportal::search::export;
    use tantivy::Term;

    let site = portal();
    let (_, model) = kursportal::site::site_model(&site.options(), None)
        .unwrap_or_else(|e| panic!("{}", crate::support::describe(e)));
    let index = kursportal::search::index_site(&model).expect("index");
    for (language, language_index) in &index.languages {
        let data = export::from_tantivy(language_index).expect("export");
        let searcher = language_index.reader.searcher();
        assert_eq!(data.results.len() as u64, searcher.num_docs());
        assert!(!data.terms.is_empty(), "{language:?} has terms");
        for entry in &data.terms {
            for (field, postings) in language_index.fields.stems.iter().zip(&entry.fields) {
                let df = searcher
                    .doc_freq(&Term::from_field_text(*field, &entry.term))
                    .expect("doc freq");
                assert_eq!(postings.len() as u64, df, "{} in {field:?}", entry.term);
            }
        }
        let order: Vec<(Vec<u8>, &str)> = data
            .results
            .iter()
            .map(|r| (kursportal::collate::sort_key(*language, &r.1), r.0.as_str()))
            .collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "pages are numbered A–Å by title, then URL");

        let exported = export::write(&data, serde_json::Value::Null, "m").expect("write");
        let files = exported.files.into_iter().collect();
        let (meta, back) = export::read(&files, &exported.meta_path).expect("read");
        assert_eq!(back, data);
        assert_eq!(meta.pages as usize, data.results.len());
    }
}

/// A build cuts the browser's files straight from the analysed pages; they
/// are the files a tantivy index of the same pages gives, byte for byte, so
/// the browser and `kursportal search` answer from one index. Checked on a
/// small site and on the shipped portal (a compound's tail, words with one
/// stem, Arabic, empty summaries).
#[test]
fn the_built_search_files_are_those_of_the_tantivy_index() {
    use kursportal::search::{site_files, site_files_through_tantivy, SearchPlan};

    let shipped = kursportal::Options {
        root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        ..portal().options()
    };
    for options in [portal().options(), shipped] {
        let (_, model) = kursportal::site::site_model(&options, None)
            .unwrap_or_else(|e| panic!("{}", crate::support::describe(e)));
        let plan = SearchPlan::new(&model, |_| serde_json::Value::Null, false);
        let built = site_files(&model, &plan, false).expect("built");
        let through_tantivy = site_files_through_tantivy(&model, &plan).expect("tantivy");
        let names = |files: &[(String, Vec<u8>)]| -> Vec<String> {
            files.iter().map(|f| f.0.clone()).collect()
        };
        assert_eq!(names(&built), names(&through_tantivy));
        assert!(built.len() > 10, "{:?}", names(&built));
        for (a, b) in built.iter().zip(&through_tantivy) {
            assert!(a.1 == b.1, "{} differs", a.0);
        }
    }
}

/// Without JavaScript the search page lists every page A–Å; on a site of more
/// than 400 pages in a language each letter gets a page of its own, so no
/// page grows heavy.
#[test]
fn the_a_to_z_list_is_split_by_letter_on_a_large_site() {
    let small = Site::new();
    small.file(
        "content/om.md",
        "+++\ntitle = \"Om portalen\"\n+++\nTekst.\n",
    );
    small.build();
    let page = small.read("sok/index.html");
    assert!(page.contains("href=\"../om/\">Om portalen</a>"), "{page}");
    assert!(
        page.contains("href=\"#bokstav-o\""),
        "letters link within the page"
    );

    // 400 pages with the home page are still one list; 401 are not.
    let large = Site::new();
    large.with_english_and_arabic();
    let letters = ["Arbeid", "Bransje", "Øving", "Åpen dag"];
    for n in 0..399 {
        let title = format!("{} {n}", letters[n % letters.len()]);
        large.file(
            &format!("content/side-{n}.md"),
            &format!("+++\ntitle = \"{title}\"\n+++\nTekst.\n"),
        );
    }
    large.build();
    let whole = large.read("sok/index.html");
    assert!(whole.contains(">Åpen dag 3</a>"), "400 pages on one list");
    assert!(!large.exists("sok/a/index.html"));
    large.file(
        "content/side-399.md",
        "+++\ntitle = \"Åpen dag 399\"\n+++\nTekst.\n",
    );
    large.build();
    let index = large.read("sok/index.html");
    for slug in ["a", "b", "oe", "aa"] {
        let link = format!("href=\"../sok/{slug}/\"");
        assert!(index.contains(&link), "{slug} in {index}");
    }
    // The A–Å section only (the menu lists the home page's pages too).
    let list = |html: &str| {
        let start = html.find("class=\"a-to-z\"").expect("the A–Å section");
        html[start..start + html[start..].find("</section>").unwrap()].to_owned()
    };
    assert!(
        !list(&index).contains("a-to-z-list"),
        "the letters only, no pages"
    );
    let a = list(&large.read("sok/a/index.html"));
    assert!(
        a.contains(">Arbeid 0</a>") && !a.contains(">Bransje 1</a>"),
        "{a}"
    );
    assert!(list(&large.read("sok/aa/index.html")).contains(">Åpen dag 3</a>"));
    // The search page's own language is marked in its switcher; a letter's
    // page leads to each language's whole search page, its own too.
    let switcher = crate::support::language_switcher(&index);
    assert!(switcher.contains("href=\"../en/search/\""), "{switcher}");
    let current = "lang=\"nb\" hreflang=\"nb\" dir=\"auto\" aria-current=\"true\"";
    assert!(switcher.contains(current), "{switcher}");
    let letter_page = large.read("sok/a/index.html");
    let switcher = crate::support::language_switcher(&letter_page);
    assert!(
        switcher.contains("<a href=\"../../sok/\" lang=\"nb\""),
        "{switcher}"
    );
    assert!(switcher.contains("href=\"../../en/search/\""), "{switcher}");
    assert!(!switcher.contains("aria-current"), "{switcher}");
}

/// Each language's meta file carries the words its search page shows: the
/// theme's search and kind words (and no others), and each taxonomy's title
/// and term names.
#[test]
fn the_meta_file_carries_the_search_pages_words() {
    let site = portal();
    site.build();
    let meta_path = crate::support::files_under(&site.out().join("sok-indeks/nb"))
        .into_iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("meta."))
        })
        .expect("a meta file for Bokmål");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    let labels = &meta["labels"];
    let ui = labels["ui"].as_object().expect("the search page's words");
    assert_eq!(ui["kind_case"], "Erfaring");
    assert_eq!(ui["search_none"], "Ingen treff for «{q}».");
    let others: Vec<&String> = ui
        .keys()
        .filter(|k| !k.starts_with("search_") && !k.starts_with("kind_"))
        .collect();
    assert!(others.is_empty(), "{others:?}");
    let municipalities = labels["taxonomies"]
        .as_array()
        .expect("taxonomies")
        .iter()
        .find(|t| t["key"] == "municipalities")
        .expect("municipalities");
    assert_eq!(municipalities["title"], "Kommuner");
    assert_eq!(
        municipalities["terms"],
        serde_json::json!({"Inderøy": "Inderøy", "Trondheim": "Trondheim"}),
        "{municipalities}"
    );
}
