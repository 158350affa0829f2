"""One-line bugs planted one at a time (issue 10, item 8): each must make a
test fail. Each file is restored after its run, whatever happens.

    python3 scripts/planted_bugs.py [NAME-PART ...]
"""
import os
import subprocess
import sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
muts = [
 ("draft translation published", "src/model/mod.rs", ".partition(|d| config.drafts || !draft_keys.contains(&d.key))", ".partition(|d| config.drafts || !d.meta.draft)", "--test it promises::a_drafts"),
 ("hreflang of lists relative", "src/render/languages.rs", "            href: l.absolute.clone(),", "            href: l.href.clone(),", "--test it promises::every_pages_hreflang"),
 ("same date counted outdated", "src/model/translations.rs", ".is_none_or(|t| t < original_updated);", ".is_none_or(|t| t <= original_updated);", "--test it promises::a_translation_as_new"),
 ("updated reversed", "src/model/family.rs", ".sort_by_cached_key(|i| (std::cmp::Reverse(pages[*i].doc.meta.updated), title_key(i))),", ".sort_by_cached_key(|i| (pages[*i].doc.meta.updated, title_key(i))),", "--test it promises::a_section_sorted"),
 ("duplicate field names", "src/parse/form_fields.rs", "} else if !seen.insert(field.name.as_str()) {", "} else if !seen.insert(field.name.as_str()) && false {", "--test it promises::a_form_with_two"),
 ("colours despite NO_COLOR", "src/diagnostic.rs", 'std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()', 'std::io::stderr().is_terminal()', "--test it promises::colours"),
 ("sizes rounded down", "src/render/files.rs", "(size / KB).round() as u64", "(size / KB).floor() as u64", "--lib files"),
 ("1024 bytes as byte", "src/render/files.rs", "let (value, unit) = if bytes < 1024 {", "let (value, unit) = if bytes <= 1024 {", "--lib files"),
 ("weight ties by title", "src/model/family.rs", "list.sort_by_cached_key(|i| (pages[*i].doc.meta.weight.unwrap_or(0), title_key(i)))", "list.sort_by_cached_key(|i| pages[*i].doc.meta.weight.unwrap_or(0))", "--test it promises::pages_of_equal"),
 ("home link to self", "src/model/links.rs", "Target::Page(page) => Some(self.page_urls[page].clone()),", "Target::Page(page) => Some(self.page_urls[page].clone()).filter(|u| !u.is_empty()),", "--test it links::every_way"),
 ("themes accepted as output", "src/write.rs", '        "themes",\n', '', "--test it promises::themes_static"),
 ("missing attachment not reported", "src/model/attachments.rs", "problems.push(missing_attachment(doc, &meta.file))", "drop(missing_attachment(doc, &meta.file))", "--test it bad_input"),
]
only = sys.argv[1:] 
for name, path, old, new, test in muts:
    if only and not any(o in name for o in only): continue
    src = open(path).read()
    if old not in src:
        print(f"?? {name}: pattern not found"); continue
    backup = open(path).read()
    open(path, "w").write(src.replace(old, new, 1))
    try:
        r = subprocess.run(f"cargo test -q {test} 2>&1", shell=True, capture_output=True, text=True)
        caught = r.returncode != 0 and "error[" not in r.stdout
        print(("CAUGHT " if caught else "MISSED ") + name + ("" if caught else "\n" + r.stdout[-800:]), flush=True)
    finally:
        open(path, "w").write(backup)
