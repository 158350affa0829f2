//! The `kursportal` command: parses the command line, calls the library,
//! prints diagnostics and a summary, and sets the exit code.

use std::io::{IsTerminal, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use kursportal::lang::Language;
use kursportal::parse::Kind;
use kursportal::search::{Hit, Query};
use kursportal::{diagnostic, Failure, Options, Summary};

#[derive(Parser)]
#[command(
    name = "kursportal",
    version,
    about = "Builds the course-material portal from Markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    Build(BuildArgs),
    /// Check content, links and templates without writing anything
    Check(CheckArgs),
    /// Search the site's content as the portal's search does
    Search(SearchArgs),
    /// Preview the site while you edit it: rebuilds on every save and
    /// reloads the open pages (nothing is written to public/)
    Serve(ServeArgs),
    /// Start a new course, module, case, form, template or page: writes the
    /// file with every field it needs, each saying what to write
    New(NewArgs),
}

#[derive(Args)]
struct NewArgs {
    /// What to make: course, module, case, form, template or page
    #[arg(value_parser = parse_new_kind)]
    kind: Kind,
    /// Its name (`renhold-og-smittevern`, put in the section for its kind)
    /// or its place under content/ (`kurs/renhold-og-smittevern/04-utstyr`
    /// for a module)
    path: String,
    /// The title, if you know it already
    #[arg(long)]
    title: Option<String>,
    /// The site folder, holding site.toml and content/
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct ServeArgs {
    /// The site folder, holding site.toml and content/
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The port to serve on
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to serve on; anything but 127.0.0.1 or ::1 lets other
    /// machines read the preview
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the preview in the default browser
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft = true`
    #[arg(long)]
    drafts: bool,
    /// Also print how long each part of a rebuild took
    #[arg(long)]
    timings: bool,
}

#[derive(Args)]
struct SearchArgs {
    /// What to look for: words, or the start of a word ("renh")
    query: String,
    #[command(flatten)]
    common: CommonArgs,
    /// The language to search in (nb, nn, en, ar); the site's default if left out
    #[arg(long, value_parser = parse_language)]
    lang: Option<Language>,
    /// Only pages of this kind (course, module, template, form, case, page, section)
    #[arg(long, value_parser = parse_kind)]
    kind: Option<Kind>,
    /// How many results to show
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print the results as JSON: [{url, title, kind, summary, score}]
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct CommonArgs {
    /// The site folder, holding site.toml and content/
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Use this base URL instead of the one in site.toml
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft = true`
    #[arg(long)]
    drafts: bool,
    /// Treat warnings (such as raw HTML taken out of a page) as errors:
    /// nothing is written while there are any
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Also list, per language, the pages not translated yet and the
    /// translations older than their original
    #[arg(long)]
    translations: bool,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Where to write the site; relative to the current folder
    #[arg(long, default_value = "public")]
    output_dir: PathBuf,
    /// Also print how long each phase took
    #[arg(long)]
    timings: bool,
    /// Leave the search index out: a quicker build to look at pages, whose
    /// search field then leads to the search page's A–Å list
    #[arg(long)]
    no_search: bool,
}

fn main() -> ExitCode {
    few_malloc_arenas();
    let cli = Cli::parse();
    let color = diagnostic::color_on_stderr();
    let result = match &cli.command {
        Command::Build(args) => {
            let options = Options {
                search: !args.no_search,
                ..options(&args.common, Some(args.output_dir.clone()))
            };
            let progress = progress_printer(std::io::stderr().is_terminal());
            let result = kursportal::build(&options, &progress);
            if std::io::stderr().is_terminal() {
                eprint!("\r\x1b[2K");
            }
            result.map(|mut s| {
                print_warnings(&mut s.warnings, color);
                let line = summary_line("Built", &s, Some(&options.output_dir), true);
                if args.timings {
                    format!("{line}\n{}", timings(&s))
                } else {
                    line
                }
            })
        }
        Command::Search(args) => {
            let query = Query {
                text: &args.query,
                language: args.lang,
                kind: args.kind,
                limit: args.limit,
            };
            kursportal::search(&options(&args.common, None), &query)
                .map(|hits| search_output(&hits, args.json))
        }
        Command::Serve(args) => kursportal::serve::run(kursportal::serve::ServeOptions {
            options: Options {
                root: args.root.clone(),
                output_dir: PathBuf::from("public"),
                base_url: None,
                drafts: args.drafts,
                deny_warnings: false,
                search: true,
                preview: false,
            },
            bind: args.bind,
            port: args.port,
            open: args.open,
            timings: args.timings,
        })
        .map(|()| String::new()),
        Command::New(args) => kursportal::scaffold::create(&args.root, args.kind, &args.path, args.title.as_deref())
            .map(|file| {
                format!(
                    "Created {}. Open it and write your text wherever it says «FYLL UT:»; until then `build` and `check` point to each one.",
                    file.display()
                )
            }),
        Command::Check(args) => kursportal::check(&options(&args.common, None)).map(|mut s| {
            print_warnings(&mut s.warnings, color);
            let mut out = summary_line("Checked", &s, None, !args.translations);
            if args.translations {
                let report = kursportal::model::translations::render(&s.translations);
                out = format!("{out}\n\n{}", report.trim_end());
            }
            out
        }),
    };
    match result {
        Ok(line) => {
            say(&mut std::io::stdout(), &line);
            ExitCode::SUCCESS
        }
        Err(Failure::Content(mut problems)) => {
            let report = diagnostic::report(&mut problems, color, "nothing was written.");
            say(&mut std::io::stderr(), &report);
            ExitCode::FAILURE
        }
        Err(Failure::Internal(error)) => {
            say(&mut std::io::stderr(), &format!("error: {error:#}"));
            ExitCode::FAILURE
        }
    }
}

/// Warnings go to standard error before the summary, which counts them.
fn print_warnings(warnings: &mut [kursportal::diagnostic::Diagnostic], color: bool) {
    if !warnings.is_empty() {
        let report = diagnostic::report_warnings(warnings, color);
        say(&mut std::io::stderr(), &report);
    }
}

/// Prints a line; a closed pipe (`kursportal check | head -1`) is not an
/// error worth a panic, so write failures are ignored.
fn say(out: &mut dyn std::io::Write, text: &str) {
    let _ = writeln!(out, "{}", text.trim_end_matches('\n'));
}

fn parse_new_kind(name: &str) -> Result<Kind, String> {
    let names: Vec<&str> = kursportal::scaffold::KINDS
        .iter()
        .map(|k| k.name())
        .collect();
    Kind::from_name(name)
        .filter(|k| kursportal::scaffold::KINDS.contains(k))
        .ok_or_else(|| {
            format!(
                "`{name}` is not something `new` makes; choose one of {}",
                names.join(", ")
            )
        })
}

fn options(args: &CommonArgs, output_dir: Option<PathBuf>) -> Options {
    Options {
        root: args.root.clone(),
        output_dir: output_dir.unwrap_or_else(|| PathBuf::from("public")),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        deny_warnings: args.deny_warnings,
        search: true,
        preview: false,
    }
}

/// A progress line that rewrites itself, only on a terminal.
fn progress_printer(on_terminal: bool) -> impl Fn(usize, usize) + Sync {
    move |done, total| {
        if on_terminal && (done % 25 == 0 || done == total) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\rRendering pages: {done}/{total}");
            let _ = err.flush();
        }
    }
}

/// The summary: pages, files, time, and how much is translated, with a
/// hint where to see what is missing (unless that list follows anyway).
fn summary_line(
    verb: &str,
    summary: &Summary,
    output: Option<&PathBuf>,
    hint_missing: bool,
) -> String {
    let time = format!("{:.2} s", summary.elapsed.as_secs_f64());
    // Pages are the content's page versions; files are everything written
    // for them: their HTML, lists, feeds, search files and materials.
    let pages = match summary.pages {
        1 => "1 content page".to_owned(),
        n => format!("{n} content pages"),
    };
    let outcome = match summary.warnings.len() {
        0 => "no problems".to_owned(),
        1 => "1 warning (shown above)".to_owned(),
        n => format!("{n} warnings (shown above)"),
    };
    let line = match output {
        Some(dir) => format!(
            "{verb} {pages} into {} files ({:.1} MB: pages, lists, feeds, search, materials) in {} in {time}: {outcome}",
            summary.files,
            summary.bytes as f64 / 1_048_576.0,
            dir.display()
        ),
        None => format!(
            "{verb} {pages} and the {} files they make in {time}: {outcome}",
            summary.files
        ),
    };
    let line = match (output, pictures_line(&summary.pictures)) {
        (Some(_), Some(pictures)) => format!("{line}\n{pictures}"),
        _ => line,
    };
    if summary.translations.is_empty() {
        return line;
    }
    let counts: Vec<String> = summary
        .translations
        .iter()
        .map(|r| format!("{} {}/{}", r.code, r.translated, r.total))
        .collect();
    let hint = if hint_missing {
        " (kursportal check --translations lists what is missing)"
    } else {
        ""
    };
    format!("{line}\nTranslated: {}{hint}", counts.join(", "))
}

/// `Pictures: 3 with 5 smaller copies for phones (2 made, 3 from the cache)`,
/// when a body shows a picture that has them.
fn pictures_line(report: &kursportal::render::images::PictureReport) -> Option<String> {
    if report.pictures == 0 {
        return None;
    }
    let pictures = match report.pictures {
        1 => "1 picture".to_owned(),
        n => format!("{n} pictures"),
    };
    let copies = match report.copies {
        1 => "1 smaller copy".to_owned(),
        n => format!("{n} smaller copies"),
    };
    let cached = report.copies - report.made;
    Some(format!(
        "Pictures: {pictures} with {copies} for phones ({} made, {cached} from {}/)",
        report.made,
        kursportal::render::images::CACHE_DIR
    ))
}

/// glibc's malloc gives each thread that allocates an arena of its own (up
/// to eight a core), and memory freed in one arena is not reused by the
/// others. A build's phases run on different threads (the search phase
/// beside render, tantivy's indexing thread), so its peak grew by what one
/// phase had freed and the next could not take: 770 MB against 670 MB with
/// two arenas, at the same speed, on 20,000 pages (`bench/scale.py`).
/// glibc reads `MALLOC_ARENA_MAX` only when a program starts, so the program
/// starts itself again with it, once; elsewhere this does nothing.
fn few_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt as _;
        const SETTING: &str = "MALLOC_ARENA_MAX";
        if std::env::var_os(SETTING).is_some() {
            return;
        }
        let (Ok(program), Some(name)) = (std::env::current_exe(), std::env::args_os().next())
        else {
            return;
        };
        // `exec` returns only when it failed; the program then goes on as it is.
        let _ = std::process::Command::new(program)
            .arg0(name)
            .args(std::env::args_os().skip(1))
            .env(SETTING, "2")
            .exec();
    }
}

/// `Phases: load 0.03 s, parse 0.12 s, …` and `Work: 1000 Markdown bodies parsed, …`
fn timings(summary: &Summary) -> String {
    let phases: Vec<String> = summary
        .phases
        .iter()
        .map(|(name, time)| format!("{name} {:.2} s", time.as_secs_f64()))
        .collect();
    format!("Phases: {}\nWork: {}", phases.join(", "), summary.work)
}

fn parse_language(code: &str) -> Result<Language, String> {
    Language::from_code(code).ok_or_else(|| {
        format!(
            "unknown language; use one of: {}",
            Language::codes().join(", ")
        )
    })
}

fn parse_kind(name: &str) -> Result<Kind, String> {
    Kind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown kind; use one of: {}", names.join(", "))
    })
}

/// One line per hit, best first; or the hits as JSON for scripts and tests.
fn search_output(hits: &[Hit], json: bool) -> String {
    if json {
        return serde_json::to_string_pretty(hits).unwrap_or_else(|_| "[]".to_owned());
    }
    if hits.is_empty() {
        return "No pages found.".to_owned();
    }
    hits.iter()
        .enumerate()
        .map(|(i, hit)| {
            format!(
                "{:>2}. {}  ({}, {})\n    score {:.3}",
                i + 1,
                hit.title,
                hit.kind,
                hit.url,
                hit.score
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
