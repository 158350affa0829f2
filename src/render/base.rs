//! What every page's context starts from: the builder of a page's links
//! and texts, and the context every template gets (language, root, words,
//! the site, the assets, the search field in the header). Below the jobs
//! (`pages`, `lists`, `search_page`), which all start here.

use tera::Context;

use crate::lang::Language;
use crate::model::urls::root_prefix;
use crate::model::SiteModel;

use super::context::Builder;
use super::{Renderer, Strings};

/// A context builder for a page at `from`, in `language`.
pub fn builder<'a>(r: &'a Renderer, language: Language, from: &'a str) -> Builder<'a> {
    Builder {
        config: r.config,
        model: r.model,
        lang: language,
        settings: r.config.language(language),
        strings: &r.strings[&language],
        from,
        absolute_root: None,
    }
}

/// The context every template gets; `page` and friends are added per job.
pub fn base_context(r: &Renderer, b: &Builder, title: &str) -> Context {
    let mut context = Context::new();
    context.insert("lang", b.lang.code());
    context.insert("dir", b.settings.direction);
    context.insert(
        "root",
        &b.absolute_root
            .map_or_else(|| root_prefix(b.from), str::to_owned),
    );
    context.insert("t", b.strings);
    context.insert("site", &b.site(title));
    context.insert("assets", &r.assets);
    context.insert("search", &search_box(r, b));
    context
}

/// The search field in every page's header: where it sends a query, and
/// the index the script reads.
#[derive(serde::Serialize)]
struct SearchBox {
    action: String,
    index: Option<String>,
}

fn search_box(r: &Renderer, b: &Builder) -> SearchBox {
    let url = search_url(r.model, b.lang, b.strings);
    SearchBox {
        action: b.href(&url),
        index: r.search_index.get(&b.lang).map(|path| b.href(path)),
    }
}

/// The search page's address in `language`: its home's address and the
/// theme's `search_slug`.
pub fn search_url(model: &SiteModel, language: Language, strings: &Strings) -> String {
    under_home(model, language, strings, "search_slug", "sok")
}

/// A list page's address in `language`: under its home, at the slug the
/// theme's string `slug_key` gives (`default` when it gives none).
pub fn under_home(
    model: &SiteModel,
    language: Language,
    strings: &Strings,
    slug_key: &str,
    default: &str,
) -> String {
    let home = model.page(model.language(language).home);
    let slug = strings.get(slug_key).map_or(default, String::as_str);
    format!("{}{slug}/", home.url)
}
