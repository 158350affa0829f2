//! The floor under a build, for `bench/scale.py`: read every Markdown source
//! under a folder, render its body with pulldown-cmark, write the HTML as
//! `<path>/index.html`. No templates, links, lists, feeds or search: what a
//! site generator does beyond this line is what the rest of its work costs.
//!
//! Usage: cargo run --release --example floor -- CONTENT_DIR OUTPUT_DIR

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;

fn main() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(content), Some(output)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: floor CONTENT_DIR OUTPUT_DIR");
    };
    let (content, output) = (PathBuf::from(content), PathBuf::from(output));
    let sources = markdown_files(&content);
    let bytes = sources
        .par_iter()
        .map(|path| render_one(&content, &output, path))
        .sum::<Result<usize>>()?;
    println!("{} pages, {bytes} bytes of HTML", sources.len());
    Ok(())
}

fn markdown_files(content: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension() == Some("md".as_ref()))
        .map(|e| e.into_path())
        .collect()
}

fn render_one(content: &Path, output: &Path, path: &Path) -> Result<usize> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut html_out = String::with_capacity(text.len() * 3 / 2);
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES;
    html::push_html(&mut html_out, Parser::new_ext(body_of(&text), options));
    let folder = output.join(path.strip_prefix(content)?.with_extension(""));
    fs::create_dir_all(&folder)?;
    fs::write(folder.join("index.html"), &html_out)?;
    Ok(html_out.len())
}

/// The text after a `+++` front-matter block, when there is one.
fn body_of(text: &str) -> &str {
    text.strip_prefix("+++")
        .and_then(|rest| rest.find("\n+++").map(|end| &rest[end + 4..]))
        .unwrap_or(text)
}
