//! Templates that would never finish: a template that includes or extends
//! itself, directly or through others, or a macro that calls itself. Tera
//! follows them until the stack overflows, which ends the whole process
//! with no word of which file; so they are found in the templates' text
//! before anything is drawn, and named with the chain that loops.
//!
//! A recursive macro is refused even when its data would end it: the
//! standard theme needs none, and a theme can prepare nested lists in
//! its templates level by level.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::theme::TemplateSource;

/// A template or a macro in one: what can run another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Template(String),
    Macro { file: String, name: String },
}

impl Node {
    fn describe(&self) -> String {
        match self {
            Node::Template(name) => name.clone(),
            Node::Macro { file, name } => format!("the macro `{name}` in {file}"),
        }
    }
}

/// One use of another template or macro, and where it is written.
struct Edge {
    to: Node,
    offset: usize,
}

/// Every loop among `templates` as a diagnostic at the first use in it.
pub fn check(templates: &BTreeMap<String, TemplateSource>) -> Vec<Diagnostic> {
    let graph: BTreeMap<Node, (String, Vec<Edge>)> = templates
        .values()
        .flat_map(|template| uses_in(template).into_iter())
        .collect();
    let mut problems = Vec::new();
    let mut reported: Vec<Vec<Node>> = Vec::new();
    for start in graph.keys() {
        let Some((chain, offset)) = loop_from(&graph, start) else {
            continue;
        };
        // The same loop is found from each of its members; report it once.
        let mut members = chain.clone();
        members.sort();
        members.dedup();
        if reported.contains(&members) {
            continue;
        }
        reported.push(members);
        let file = file_of(start);
        let Some(template) = templates.get(file) else {
            continue;
        };
        let words: Vec<String> = chain.iter().map(Node::describe).collect();
        problems.push(
            Diagnostic::at_offset(
                &template.origin,
                &template.text,
                offset,
                format!("this never ends: {}", words.join(" → ")),
            )
            .with_help(
                "a template may not include or extend itself, and a macro may not call itself, directly or through others; remove the use that leads back",
            ),
        );
    }
    problems
}

fn file_of(node: &Node) -> &str {
    match node {
        Node::Template(name) => name,
        Node::Macro { file, .. } => file,
    }
}

/// The loop reached from `start` back to it, if there is one, with where
/// `start`'s first step of it is written.
fn loop_from(
    graph: &BTreeMap<Node, (String, Vec<Edge>)>,
    start: &Node,
) -> Option<(Vec<Node>, usize)> {
    // Depth first, each node once: `path` is the way from `start`.
    let mut path: Vec<(Node, usize)> = vec![(start.clone(), 0)];
    let mut seen: Vec<Node> = vec![start.clone()];
    let mut first_offset = 0;
    while let Some((node, next)) = path.last().cloned() {
        let edges = graph
            .get(&node)
            .map_or(&[][..], |(_, edges)| edges.as_slice());
        let Some(edge) = edges.get(next) else {
            path.pop();
            continue;
        };
        if let Some(last) = path.last_mut() {
            last.1 += 1;
        }
        if path.len() == 1 {
            first_offset = edge.offset;
        }
        if edge.to == *start {
            let mut chain: Vec<Node> = path.iter().map(|(n, _)| n.clone()).collect();
            chain.push(start.clone());
            return Some((chain, first_offset));
        }
        if !seen.contains(&edge.to) {
            seen.push(edge.to.clone());
            path.push((edge.to.clone(), 0));
        }
    }
    None
}

/// The nodes a template's text defines (itself and its macros), each with
/// what it uses.
fn uses_in(template: &TemplateSource) -> Vec<(Node, (String, Vec<Edge>))> {
    let text = without_comments_and_raw(&template.text);
    let aliases = import_aliases(&text);
    let file = template.name.clone();
    let mut nodes: BTreeMap<Node, Vec<Edge>> = BTreeMap::new();
    nodes.insert(Node::Template(file.clone()), Vec::new());
    let mut current = Node::Template(file.clone());
    for (offset, tag) in tags(&text) {
        let words: Vec<&str> = tag.split_whitespace().collect();
        match words.as_slice() {
            ["macro", signature, ..] => {
                let name = signature.split('(').next().unwrap_or_default().to_owned();
                current = Node::Macro {
                    file: file.clone(),
                    name,
                };
                nodes.entry(current.clone()).or_default();
            }
            ["endmacro", ..] => current = Node::Template(file.clone()),
            ["include" | "extends", ..] => {
                let edges = nodes.entry(current.clone()).or_default();
                for name in quoted(tag) {
                    edges.push(Edge {
                        to: Node::Template(name),
                        offset,
                    });
                }
            }
            _ => {}
        }
        let edges = nodes.entry(current.clone()).or_default();
        for (namespace, name) in macro_calls(tag) {
            let target = if namespace == "self" {
                Some(file.clone())
            } else {
                aliases.get(&namespace).cloned()
            };
            if let Some(target) = target {
                edges.push(Edge {
                    to: Node::Macro { file: target, name },
                    offset,
                });
            }
        }
    }
    nodes
        .into_iter()
        .map(|(node, edges)| (node, (file.clone(), edges)))
        .collect()
}

/// The text with `{# … #}` comments and `{% raw %} … {% endraw %}` blocks
/// blanked out (their offsets kept, for lines and columns).
fn without_comments_and_raw(text: &str) -> String {
    let mut out = text.to_owned();
    let mut from = 0;
    while let Some(start) = out[from..].find("{#").map(|i| i + from) {
        let end = out[start..].find("#}").map_or(out.len(), |i| start + i + 2);
        blank(&mut out, start, end);
        from = end;
    }
    from = 0;
    loop {
        let found = tags(&out[from..])
            .find(|(_, t)| t.trim() == "raw")
            .map(|(i, _)| i);
        let Some(start) = found.map(|i| from + i) else {
            break;
        };
        let end = tags(&out[start..])
            .find(|(_, t)| t.trim() == "endraw")
            .map_or(out.len(), |(i, _)| start + i);
        let start_after_tag = out[start..].find("%}").map_or(out.len(), |i| start + i + 2);
        let end = end.max(start_after_tag);
        blank(&mut out, start_after_tag, end);
        from = end;
        if from >= out.len() {
            break;
        }
    }
    out
}

/// Replaces `text[start..end]` with spaces, keeping line breaks where they
/// are: a character becomes as many spaces as it has bytes, so every later
/// offset, line and column stays.
fn blank(text: &mut String, start: usize, end: usize) {
    let mut blanked = String::with_capacity(end - start);
    for c in text[start..end].chars() {
        match c {
            '\n' => blanked.push('\n'),
            _ => (0..c.len_utf8()).for_each(|_| blanked.push(' ')),
        }
    }
    text.replace_range(start..end, &blanked);
}

/// Every `{% … %}` and `{{ … }}` in `text`: where it starts and what is
/// inside, without the whitespace-control dashes.
fn tags(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = (text[from..].find("{%").into_iter())
            .chain(text[from..].find("{{"))
            .min()?
            + from;
        let close = if text[start..].starts_with("{%") {
            "%}"
        } else {
            "}}"
        };
        let end = text[start + 2..]
            .find(close)
            .map_or(text.len(), |i| start + 2 + i);
        from = (end + 2).min(text.len());
        let inside = text[start + 2..end].trim_matches('-').trim();
        Some((start, inside))
    })
}

/// `{% import "macros.html" as m %}` → `m` → `macros.html`.
fn import_aliases(text: &str) -> BTreeMap<String, String> {
    let mut aliases = BTreeMap::new();
    for (_, tag) in tags(text) {
        let words: Vec<&str> = tag.split_whitespace().collect();
        if let ["import", _, "as", alias] = words.as_slice() {
            if let Some(file) = quoted(tag).into_iter().next() {
                aliases.insert((*alias).to_owned(), file);
            }
        }
    }
    aliases
}

/// The quoted names in a tag: `include "a.html"`, `include ["a", 'b']`.
fn quoted(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = tag;
    while let Some(start) = rest.find(['"', '\'', '`']) {
        let quote = &rest[start..=start];
        let after = &rest[start + 1..];
        let Some(end) = after.find(quote) else { break };
        names.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    names
}

/// `m::card(` → (`m`, `card`), for every such call in a tag.
fn macro_calls(tag: &str) -> Vec<(String, String)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut calls = Vec::new();
    let mut rest = tag;
    while let Some(at) = rest.find("::") {
        let namespace: String = rest[..at]
            .chars()
            .rev()
            .take_while(|&c| is_word(c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after = &rest[at + 2..];
        let name: String = after.chars().take_while(|&c| is_word(c)).collect();
        let called = after[name.len()..].trim_start().starts_with('(');
        if !namespace.is_empty() && !name.is_empty() && called {
            calls.push((namespace, name));
        }
        rest = after;
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn templates(files: &[(&str, &str)]) -> BTreeMap<String, TemplateSource> {
        files
            .iter()
            .map(|(name, text)| {
                let source = TemplateSource {
                    name: (*name).to_owned(),
                    origin: PathBuf::from(format!("templates/{name}")),
                    text: (*text).to_owned(),
                };
                ((*name).to_owned(), source)
            })
            .collect()
    }

    fn messages(files: &[(&str, &str)]) -> Vec<String> {
        check(&templates(files))
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_template_that_includes_itself_is_named() {
        let found = messages(&[("a.html", "<p>\n{% include \"a.html\" %}</p>")]);
        assert_eq!(found, ["this never ends: a.html → a.html"]);
    }

    #[test]
    fn two_templates_that_include_each_other_are_one_loop() {
        let found = messages(&[
            ("a.html", "{%- include 'b.html' -%}"),
            (
                "b.html",
                "{% if x %}{% include [\"c.html\", \"a.html\"] ignore missing %}{% endif %}",
            ),
            ("c.html", "<p>c</p>"),
        ]);
        assert_eq!(found, ["this never ends: a.html → b.html → a.html"]);
    }

    #[test]
    fn recursive_macros_are_named_with_their_file() {
        let found = messages(&[
            (
                "macros.html",
                "{% macro r(x) %}{{ self::r(x=x) }}{% endmacro r %}",
            ),
            (
                "page.html",
                "{% import \"macros.html\" as m %}{% macro a() %}{{ m::b() }}{% endmacro %}",
            ),
            ("more.html", "{% import \"macros.html\" as m %}"),
        ]);
        assert_eq!(
            found,
            ["this never ends: the macro `r` in macros.html → the macro `r` in macros.html"]
        );
    }

    #[test]
    fn macros_calling_each_other_through_an_import_are_one_loop() {
        let found = messages(&[
            (
                "a.html",
                "{% import \"b.html\" as b %}\n{% macro x() %}{{ b::y() }}{% endmacro %}",
            ),
            (
                "b.html",
                "{% import \"a.html\" as a %}{% macro y() %}{{ a::x() }}{% endmacro %}",
            ),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("the macro `x` in a.html → the macro `y` in b.html"));
    }

    #[test]
    fn uses_in_comments_and_raw_blocks_and_plain_nesting_are_fine() {
        let found = messages(&[
            (
                "base.html",
                "{# {% include \"base.html\" %} #}{% block c %}{% endblock %}",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% raw %}{% include \"page.html\" %}{% endraw %}",
            ),
            (
                "macros.html",
                "{% macro a() %}{{ self::b() }}{% endmacro %}{% macro b() %}b{% endmacro %}",
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    /// Comments and raw blocks, each kind twice, one comment never closed:
    /// blanked with every other byte where it was.
    #[test]
    fn comments_and_raw_blocks_are_blanked_in_place() {
        let text = "{# a #}x{# ø\n #}y{% raw %}{{ a }}{% endraw %}z{% raw -%}\n{{ ø }}{%- endraw %}w{# åpen";
        let blanked = without_comments_and_raw(text);
        let expected = "       x     \n   y{% raw %}       {% endraw %}z{% raw -%}\n        {%- endraw %}w        ";
        assert_eq!(blanked, expected);
        assert_eq!(blanked.len(), text.len());
    }

    /// A loop is reported where its first template takes the first step,
    /// and a template's own uses after a macro's end are its own.
    #[test]
    fn a_loop_is_placed_at_its_first_step_after_any_macro() {
        let found = check(&templates(&[
            (
                "a.html",
                "{% macro m() %}m{% endmacro %}\n  {% include \"b.html\" %}",
            ),
            ("b.html", "{% include \"c.html\" %}"),
            ("c.html", "<p>\n</p>{% include \"a.html\" %}"),
        ]));
        let places: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    d.path.display().to_string(),
                    d.line,
                    d.column,
                    d.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            places,
            [(
                "templates/a.html".to_owned(),
                Some(2),
                Some(3),
                "this never ends: a.html → b.html → c.html → a.html"
            )]
        );
    }

    /// Only `namespace::name(` is a call: not a path, and not a half one.
    #[test]
    fn macro_calls_need_a_namespace_a_name_and_a_bracket() {
        let calls = macro_calls("m::card(x) | path::to ~ ::z() ~ n::() ~ self::r (1)");
        let expected = [("m", "card"), ("self", "r")].map(|(n, m)| (n.to_owned(), m.to_owned()));
        assert_eq!(calls, expected);
    }

    #[test]
    fn tags_and_quoted_names_are_read_in_turn() {
        let found: Vec<(usize, &str)> = tags("{{}}x{{ a }}{%- b -%}").collect();
        assert_eq!(found, [(0, ""), (5, "a"), (12, "b")]);
        let names = quoted("include [\"a.html\", 'b.html', `c.html`] ignore missing");
        assert_eq!(names, ["a.html", "b.html", "c.html"]);
    }

    #[test]
    fn the_standard_theme_has_no_loops() {
        let empty_site = tempfile::tempdir().unwrap();
        let theme = crate::theme::load(
            empty_site.path(),
            crate::config::DEFAULT_THEME,
            &[crate::lang::Language::Nb],
        )
        .expect("the standard theme loads");
        assert!(check(&theme.templates).is_empty());
    }
}
