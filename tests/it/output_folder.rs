//! The published site is never lost: the output folder as a symbolic link,
//! what a killed build leaves, two builds at once. Run as a user runs
//! `kursportal build`.

use std::path::Path;
use std::process::Output;

use crate::support::Site;

fn build(site: &Site) -> Output {
    site.run(&["build"])
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_stays_a_link_and_gets_the_site() {
    let site = Site::new();
    let served = tempfile::tempdir().unwrap();
    let www = served.path().join("www");
    std::os::unix::fs::symlink(&www, site.root().join("public")).unwrap();
    for text in ["Første.", "Andre."] {
        site.file(
            "content/_index.md",
            &format!("+++\ntitle = \"Forside\"\n+++\n{text}\n"),
        );
        let out = build(&site);
        assert!(out.status.success(), "{}", stderr(&out));
        let link = std::fs::symlink_metadata(site.root().join("public")).unwrap();
        assert!(link.file_type().is_symlink(), "public/ is still the link");
        let home = std::fs::read_to_string(www.join("index.html")).unwrap();
        assert!(home.contains(text), "the site is where the link points");
    }
    assert_eq!(names_in(served.path()), [".www.kursportal-lock", "www"]);
}

/// Written as servers often have it, `public -> ../www`: a relative link
/// is read from the link's own folder, not from where the build runs.
#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_relative_link_gets_the_site_where_it_points() {
    let site = Site::new();
    std::fs::create_dir(site.root().join("utgivelse")).unwrap();
    std::os::unix::fs::symlink("utgivelse/www", site.root().join("public")).unwrap();
    // Run from elsewhere, so the link's folder and the working folder differ.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kursportal"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .arg("--output-dir")
        .arg(site.root().join("public"))
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !elsewhere.path().join("utgivelse").exists(),
        "not under the working folder"
    );
    let link = std::fs::symlink_metadata(site.root().join("public")).unwrap();
    assert!(link.file_type().is_symlink(), "public/ is still the link");
    assert!(site.root().join("utgivelse/www/index.html").is_file());
    assert!(!site.root().join("www").exists(), "not beside the link");
}

/// A build that fails takes away what it had written beside the site.
#[test]
fn a_failed_build_leaves_nothing_beside_the_site() {
    let site = Site::new();
    assert!(build(&site).status.success());
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\n[borte](@/borte.md)\n",
    );
    let out = build(&site);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let names = names_in(site.root());
    assert!(
        names
            .iter()
            .all(|n| !n.contains("kursportal-new") && !n.contains("kursportal-old")),
        "{names:?}"
    );
}

#[test]
fn what_a_killed_build_left_never_stops_the_next_one() {
    let site = Site::new();
    assert!(build(&site).status.success());
    let before = site.read("index.html");
    // A build killed while writing, and one killed while cleaning up.
    site.file(".public.kursportal-new/kurs/index.html", "halvferdig");
    site.file(".public.kursportal-old/index.html", "gammel");
    let out = build(&site);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(site.read("index.html"), before);
    assert!(
        !site.exists("kurs/index.html"),
        "the half-written site is not taken"
    );
    assert_eq!(
        names_in(site.root()),
        [".public.kursportal-lock", "content", "public", "site.toml"]
    );
}

#[test]
fn a_site_a_killed_build_left_aside_comes_back_even_when_this_build_fails() {
    let site = Site::new();
    assert!(build(&site).status.success());
    let before = site.read("index.html");
    // Killed between moving the previous site aside and moving the new one in.
    std::fs::rename(site.out(), site.root().join(".public.kursportal-old")).unwrap();
    site.file("content/om.md", "+++\ntitle = \"Om\n+++\nTekst.\n");
    let out = build(&site);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("content/om.md:2"), "{}", stderr(&out));
    assert_eq!(site.read("index.html"), before, "the previous site is back");
}

#[test]
fn a_second_build_at_the_same_time_stops_with_a_message() {
    let site = Site::new();
    assert!(build(&site).status.success());
    let before = site.read("index.html");
    let lock = std::fs::File::create(site.root().join(".public.kursportal-lock")).unwrap();
    lock.lock().unwrap();
    site.file(
        "content/_index.md",
        "+++\ntitle = \"Ny forside\"\n+++\nNy.\n",
    );
    let out = build(&site);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("another kursportal build is writing to")
            && stderr(&out).contains("wait until it is done"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        site.read("index.html"),
        before,
        "the other build's output is left alone"
    );
    drop(lock);
    assert!(
        build(&site).status.success(),
        "the lock goes with the build holding it"
    );
    assert!(site.read("index.html").contains("Ny."));
}
