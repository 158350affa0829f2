//! A course's `templates` and `forms`: links written in its front matter,
//! resolved once from the original and shared by its translations.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::Diagnostic;
use crate::parse::front_matter::FieldLink;
use crate::parse::{Document, Kind, KindMeta};

use super::links::{LinkTable, Target};
use super::Group;

/// For each course group: the template and form groups it uses, resolved
/// once from the original (translations share the lists).
pub fn course_uses(
    table: &LinkTable,
    documents: &[Document],
    groups: &[Group],
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<usize, (Vec<usize>, Vec<usize>)> {
    let group_of: HashMap<usize, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.versions.values().map(move |&p| (p, g)))
        .collect();
    let mut uses = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        let doc = &documents[group.original];
        let KindMeta::Course {
            templates, forms, ..
        } = &doc.meta.kind
        else {
            continue;
        };
        let mut resolve_all = |links: &[FieldLink], expected: Kind| -> Vec<usize> {
            links
                .iter()
                .filter_map(
                    |link| match table.resolve(doc, group.original, &link.dest) {
                        Ok(r) => match r.target {
                            Target::Page(p) if table.kinds[p] == expected => Some(group_of[&p]),
                            Target::Unparsed => None,
                            _ => {
                                problems.push(wrong_kind(doc, link, expected));
                                None
                            }
                        },
                        Err((message, help)) => {
                            problems.push(
                                Diagnostic::at_offset(
                                    &doc.display_path,
                                    &doc.text,
                                    link.offset,
                                    message,
                                )
                                .with_width(link.dest.chars().count())
                                .with_help(help),
                            );
                            None
                        }
                    },
                )
                .collect()
        };
        let found = (
            resolve_all(templates, Kind::Template),
            resolve_all(forms, Kind::Form),
        );
        uses.insert(g, found);
    }
    uses
}

fn wrong_kind(doc: &Document, link: &FieldLink, expected: Kind) -> Diagnostic {
    Diagnostic::at_offset(
        &doc.display_path,
        &doc.text,
        link.offset,
        format!("`{}` is not a {}", link.dest, expected.name()),
    )
    .with_width(link.dest.chars().count())
    .with_help(format!("link to the index.md of a {}", expected.name()))
}
