//! The one integration-test binary: each module tests one feature, and each
//! case builds its own small site in a temporary folder (see `support`).

mod support;

mod bad_input;
mod build_output;
mod cli;
mod content_errors;
mod images;
mod incremental;
mod kept_site;
mod languages;
mod links;
mod news;
mod output_folder;
mod packs;
mod promises;
mod raw_html;
mod search;
mod search_analysis;
mod serve;
mod shipped_portal;
mod sources;
mod structured_data;
mod work;
