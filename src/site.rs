//! A site that lives between builds: the config, the theme with its
//! templates compiled, the parsed documents and the model, owned by one
//! value that renders into any [`Sink`] (a folder, memory, nowhere). `build`
//! and `check` make one, render it once and drop it; a preview server keeps
//! it, and reads it again after a change, re-parsing only the files whose
//! text changed ([`DocumentCache`]).
//!
//! Rendering runs the search phase beside the pages: the pages need only
//! the search files' names, which come from what the index is made from
//! (`SearchPlan`), so the index is built while pages are drawn and written.

use std::time::{Duration, Instant};

use anyhow::anyhow;

use crate::config::{self, Config};
use crate::diagnostic;
use crate::load::{self, ContentTree, SourceFile};
use crate::model::{self, Changes, ModelMemo, SiteModel};
use crate::parse::markdown::BodyRules;
use crate::parse::{self, front_matter, DocumentCache};
use crate::render::{self, Content, OutputFile, RenderCache, Templates};
use crate::search::{self, SearchPlan};
use crate::theme::{self, Theme};
use crate::write::Sink;
use crate::{Failure, Options};

/// Everything a site is made of, read and checked, ready to render.
pub struct Site {
    pub options: Options,
    pub config: Config,
    pub theme: Theme,
    pub model: SiteModel,
    /// The content files as read, to read again after a change
    /// (`ContentTree::refresh`).
    pub tree: ContentTree,
    templates: Templates,
    /// How long reading the site took, by phase.
    pub phases: Vec<(&'static str, Duration)>,
    /// Read for one build (nothing kept for a next read): memory a phase
    /// frees may go back to the system (`heap`), which a preview, whose
    /// threads go on allocating, does not ask.
    one_off: bool,
}

/// What a render did.
pub struct Rendered {
    /// Files put into the sink, the search files among them.
    pub files: usize,
    pub phases: Vec<(&'static str, Duration)>,
    /// The pictures' smaller copies: how many, and how many were made.
    pub pictures: render::images::PictureReport,
}

impl Site {
    /// Reads the site: config, content, theme. `cache` keeps parsed
    /// documents from an earlier read; `None` keeps nothing (a one-off build).
    pub fn load(options: &Options, cache: Option<&DocumentCache>) -> Result<Site, Failure> {
        let kept = Kept {
            documents: cache,
            ..Kept::default()
        };
        Site::reload(options, kept)
    }

    /// As `load`, taking over what `kept` holds from an earlier read.
    pub fn reload(options: &Options, kept: Kept) -> Result<Site, Failure> {
        let Kept {
            documents: cache,
            memo,
            theme,
            tree,
        } = kept;
        let mut watch = Stopwatch::start();
        let config = load_config(options)?;
        // The theme comes first: headings must not take the ids it uses.
        let (theme, templates) = match theme {
            Some(kept) => kept,
            None => {
                let theme = theme::load(&config.root, &config.theme, &config.language_list())?;
                let templates = Templates::compile(&theme)?;
                (theme, templates)
            }
        };
        watch.lap("theme");
        let mut tree = match tree {
            Some(tree) => tree,
            None => load::walk(&config.content_dir(), &config.language_list())?,
        };
        watch.lap("load");
        let rules = body_rules(&config, &theme);
        let model = model_of(&config, &rules, &mut tree, (cache, memo), &mut watch)?;
        Ok(Site {
            one_off: cache.is_none() && memo.is_none(),
            tree,
            options: options.clone(),
            config,
            theme,
            model,
            templates,
            phases: watch.phases,
        })
    }

    /// This site after an edit of some of its files' bodies, and what
    /// changed; `tree` is its content as it is now. When more changed (a
    /// front matter, a file came, went or changed otherwise), or an edited
    /// body has a problem or links elsewhere than before allows (see
    /// `SiteModel::with_edited_bodies`), the tree comes back: read the site
    /// again.
    pub fn with_edited_bodies(
        &self,
        tree: ContentTree,
        documents: &DocumentCache,
        bodies: &ModelMemo,
    ) -> Result<(Site, Changes), ContentTree> {
        let started = Instant::now();
        let Some(edited) = self.edited_bodies(&tree) else {
            return Err(tree);
        };
        let rules = body_rules(&self.config, &self.theme);
        let default = self.config.default_language();
        let parsed = parse::parse_all(&tree.sources, default, &rules, Some(documents));
        if !parsed.problems.is_empty() || !parsed.unparsed.is_empty() {
            return Err(tree);
        }
        let edited = parsed
            .documents
            .into_iter()
            .filter(|d| edited.contains(&d.rel_path.as_str()))
            .collect();
        let Some((model, changes)) = self.model.with_edited_bodies(edited, bodies) else {
            return Err(tree);
        };
        let site = Site {
            options: self.options.clone(),
            config: self.config.clone(),
            theme: self.theme.clone(),
            templates: self.templates.clone(),
            model,
            tree,
            phases: vec![("bodies", started.elapsed())],
            one_off: false,
        };
        Ok((site, changes))
    }

    /// The files of `tree` whose bodies, and nothing else, differ from this
    /// site's; `None` when anything else differs.
    fn edited_bodies<'a>(&self, tree: &'a ContentTree) -> Option<Vec<&'a str>> {
        let (before, now) = (&self.tree.sources, &tree.sources);
        if tree.assets != self.tree.assets || before.len() != now.len() {
            return None;
        }
        let head = |source: &SourceFile| {
            let body_offset = front_matter::split(source).ok()?.body_offset;
            Some(source.text[..body_offset].to_owned())
        };
        let mut edited = Vec::new();
        for (old, new) in before.iter().zip(now) {
            if old.rel_path != new.rel_path || old.key != new.key || old.lang != new.lang {
                return None;
            }
            if parse::same_text(&old.text, &new.text) {
                continue;
            }
            if head(old)? != head(new)? {
                return None;
            }
            edited.push(new.rel_path.as_str());
        }
        Some(edited)
    }

    /// What the editor should know, though the site can be written: each
    /// published page's warnings.
    pub fn warnings(&self) -> Vec<crate::diagnostic::Diagnostic> {
        let pages = self.model.pages.iter();
        pages.flat_map(|p| p.doc.warnings.iter().cloned()).collect()
    }

    /// The theme and its compiled templates, to read the site again with.
    pub fn theme(&self) -> (Theme, Templates) {
        (self.theme.clone(), self.templates.clone())
    }

    /// Draws every page and file of the site into `sink`, with the search
    /// files (unless `options.search` is off) built beside the pages.
    /// `progress(done, total)` is called as pages render.
    pub fn render(
        &self,
        sink: &dyn Sink,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Rendered, Failure> {
        let origins = |path: &str| self.origins_of(path);
        render::check_planned_paths(&self.config, &self.model, &self.templates, &origins)?;
        let plan = self.search_plan();
        std::thread::scope(|scope| {
            let search = plan.as_ref().map(|plan| {
                scope.spawn(move || {
                    let started = Instant::now();
                    let files = self.search_files(plan)?;
                    anyhow::Ok((files, started.elapsed()))
                })
            });
            let started = Instant::now();
            let drawn = self.render_pages(plan.as_ref(), sink, progress, None, None);
            let mut phases = vec![("render and write", started.elapsed())];
            if let Ok(drawn) = &drawn {
                phases.push(("of which course packs", drawn.packs_took));
            }
            let search = search
                .map(|handle| {
                    handle
                        .join()
                        .map_err(|_| anyhow!("the search phase failed"))
                })
                .transpose()?;
            let drawn = drawn?;
            let pictures = drawn.pictures;
            let mut paths = drawn.paths;
            if let Some(search) = search {
                let (files, took) = search?;
                phases.push(("search beside render", took));
                let waited = Instant::now();
                for (path, bytes) in files {
                    paths.push(path.clone());
                    sink.put(OutputFile {
                        path,
                        content: Content::Bytes(bytes),
                    })?;
                }
                phases.push(("write search files", waited.elapsed()));
            }
            render::check_unique_paths(&paths, &|path| self.origins_of(path))?;
            Ok(Rendered {
                files: paths.len(),
                phases,
                pictures,
            })
        })
    }

    /// What writes to `path` in the output, each as an editor knows it.
    pub fn origins_of(&self, path: &str) -> Vec<String> {
        render::origins_of(&self.config, &self.model, &self.templates, path)
    }

    /// What the search files will be called, when the site has search.
    pub fn search_plan(&self) -> Option<SearchPlan> {
        self.options.search.then(|| {
            let labels = |language| {
                render::search_page::labels(&self.model, language, &self.theme.strings[&language])
            };
            SearchPlan::new(&self.model, labels, self.options.preview)
        })
    }

    /// Every page and file but the search files, into `sink`; pages name
    /// the search files `plan` gives. With `drawn_before` (filled with this
    /// site's templates), pages whose context is unchanged are taken from it;
    /// with `changed_pages` too (the model has the shape of the one drawn
    /// before, and only those pages say something else), pages that read
    /// none of them are taken without making their context, and only the
    /// pages that may differ are written (`Written::only_changes`).
    pub fn render_pages(
        &self,
        plan: Option<&SearchPlan>,
        sink: &dyn Sink,
        progress: &(dyn Fn(usize, usize) + Sync),
        drawn_before: Option<&RenderCache>,
        changed_pages: Option<&Changes>,
    ) -> Result<render::Written, Failure> {
        let no_search = Default::default();
        let inputs = render::Inputs {
            config: &self.config,
            model: &self.model,
            strings: &self.theme.strings,
            templates: &self.templates,
            search_index: plan.map_or(&no_search, |p| &p.meta_paths),
            drawn_before,
            changed_pages,
        };
        render::render(&inputs, sink, progress)
    }

    /// The search files `plan` names, paths from the output root.
    pub fn search_files(&self, plan: &SearchPlan) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        search::site_files(&self.model, plan, self.one_off)
    }
}

/// The phases up to the site model (`kursportal search` needs no more).
pub fn site_model(
    options: &Options,
    cache: Option<&DocumentCache>,
) -> Result<(Config, SiteModel), Failure> {
    let config = load_config(options)?;
    let theme = theme::load(&config.root, &config.theme, &config.language_list())?;
    let mut tree = load::walk(&config.content_dir(), &config.language_list())?;
    let model = model_of(
        &config,
        &body_rules(&config, &theme),
        &mut tree,
        (cache, None),
        &mut Stopwatch::start(),
    )?;
    Ok((config, model))
}

fn load_config(options: &Options) -> Result<Config, Failure> {
    let overrides = config::Overrides {
        base_url: options.base_url.clone(),
        drafts: options.drafts,
    };
    config::load(&options.root, &overrides)
}

/// What bodies are rendered with: headings never take an id the theme's
/// elements have; raw HTML is cleaned unless site.toml trusts it.
fn body_rules(config: &Config, theme: &Theme) -> BodyRules {
    BodyRules {
        reserved: theme.reserved_ids(),
        raw_html: config.raw_html,
    }
}

/// Content → the model, with bodies rendered by `rules`. The caches, when
/// given, hold what earlier reads parsed and filled in.
/// The model of the content in `tree`. A read that keeps nothing for a
/// next one (no `cache`, no `memo`: a build, a check) lets go of the
/// content's text once it is parsed, but for each file's front matter,
/// where the model's problems point; a problem in a body (a link that leads
/// nowhere) has its line read from the file again.
fn model_of(
    config: &Config,
    rules: &BodyRules,
    tree: &mut ContentTree,
    (cache, memo): (Option<&DocumentCache>, Option<&ModelMemo>),
    watch: &mut Stopwatch,
) -> Result<SiteModel, Failure> {
    // Model problems (broken links, clashing URLs) are reported together
    // with the parse problems of other files, so one run shows them all.
    let mut parsed = parse::parse_all(&tree.sources, config.default_language(), rules, cache);
    let one_off = cache.is_none() && memo.is_none();
    if one_off {
        tree.sources = Vec::new();
        for doc in &mut parsed.documents {
            doc.text = doc.text[..doc.body_offset].into();
        }
    }
    let mut problems = parsed.problems;
    watch.lap("parse");
    let assets = tree.assets.clone();
    let built = model::build(config, parsed.documents, assets, &parsed.unparsed, memo);
    if one_off {
        // The sources' text and the unfilled bodies are gone.
        crate::heap::give_back_freed();
    }
    watch.lap("model");
    match built {
        Ok(site) if problems.is_empty() => Ok(site),
        Ok(_) => Err(Failure::Content(problems)),
        Err(Failure::Content(mut more)) => {
            problems.append(&mut more);
            Err(Failure::Content(diagnostic::with_source_lines(
                problems,
                &config.root,
            )))
        }
        Err(other) => Err(other),
    }
}

/// What a new read of a site may take over from an earlier one.
#[derive(Default)]
pub struct Kept<'a> {
    /// Parsed documents, by content.
    pub documents: Option<&'a DocumentCache>,
    /// Bodies with their links filled in.
    pub memo: Option<&'a ModelMemo>,
    /// The theme and its compiled templates, when no theme file changed.
    pub theme: Option<(Theme, Templates)>,
    /// The content files, brought up to date (`ContentTree::refresh`).
    pub tree: Option<ContentTree>,
}

/// Times phases one after another.
struct Stopwatch {
    last: Instant,
    phases: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch {
            last: Instant::now(),
            phases: Vec::new(),
        }
    }

    /// Ends the phase called `name`.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.last));
        self.last = now;
    }
}
