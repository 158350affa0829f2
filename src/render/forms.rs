//! A form's `[[fields]]` → accessible HTML.
//!
//! Written in Rust rather than in a template so the accessibility rules hold
//! for every theme: each control has a `<label for>`, help text is tied to its
//! control with `aria-describedby`, choices are a `<fieldset>` with a
//! `<legend>`, and required fields say so to screen readers (`required`) as
//! well as to the eye (`*`). Without JavaScript the form still reads and
//! prints; the print and save buttons appear when the script runs.

use std::fmt::Write as _;

use crate::parse::markdown::escape_html;
use crate::parse::{FieldType, FormField};

use super::Strings;

pub struct FormSettings<'a> {
    /// A stable name for the form, used in ids and the saved file's name.
    pub slug: &'a str,
    pub endpoint: Option<&'a str>,
}

pub fn form_html(fields: &[FormField], settings: &FormSettings, t: &Strings) -> String {
    let slug = escape_html(settings.slug);
    let target = match settings.endpoint {
        Some(endpoint) => format!(" method=\"post\" action=\"{}\"", escape_html(endpoint)),
        None => " data-local-only".to_owned(),
    };
    let mut html = format!(
        "<form class=\"kp-form\" id=\"skjema\" data-form=\"{slug}\"{target}{}>\n",
        script_words(t)
    );
    if fields.iter().any(|f| f.required) {
        let _ = writeln!(
            html,
            "<p class=\"form-note\">{}</p>",
            escape_html(&t["required_note"])
        );
    }
    if settings.endpoint.is_none() {
        let _ = writeln!(
            html,
            "<p class=\"form-note no-print\">{}</p>",
            escape_html(&t["form_not_sent"])
        );
    }
    for field in fields {
        html.push_str(&field_html(field, t));
    }
    html.push_str(&actions_html(settings, t));
    html.push_str("</form>\n");
    html
}

fn field_html(field: &FormField, t: &Strings) -> String {
    let id = format!("felt-{}", field.name);
    let label = escape_html(&field.label);
    let marker = if field.required {
        "<span class=\"required\" aria-hidden=\"true\"> *</span>"
    } else {
        ""
    };
    let help_id = format!("{id}-hjelp");
    let help = field.help.as_deref().map_or(String::new(), |h| {
        format!(
            "<p class=\"field-help\" id=\"{help_id}\">{}</p>\n",
            escape_html(h)
        )
    });
    let described = if field.help.is_some() {
        format!(" aria-describedby=\"{help_id}\"")
    } else {
        String::new()
    };
    let required = if field.required { " required" } else { "" };
    let name = escape_html(&field.name);
    match field.kind {
        FieldType::Heading => format!("<h2 class=\"form-part\">{label}</h2>\n"),
        FieldType::Radio | FieldType::Checkboxes => {
            let input_type = if field.kind == FieldType::Radio { "radio" } else { "checkbox" };
            // A required group of checkboxes has no native "at least one"; only radios take `required`.
            let required = if field.kind == FieldType::Radio { required } else { "" };
            let mut html = format!("<fieldset class=\"field choices\"{described}>\n<legend>{label}{marker}</legend>\n{help}");
            for (n, option) in field.options.iter().enumerate() {
                let option = escape_html(option);
                let _ = writeln!(
                    html,
                    "<div class=\"choice\"><input type=\"{input_type}\" id=\"{id}-{n}\" name=\"{name}\" value=\"{option}\"{required}><label for=\"{id}-{n}\">{option}</label></div>"
                );
            }
            html.push_str("</fieldset>\n");
            html
        }
        FieldType::Checkbox => format!(
            "<div class=\"field choice\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"ja\"{required}{described}><label for=\"{id}\">{label}{marker}</label>\n{help}</div>\n"
        ),
        _ => {
            let control = control_html(field, &id, &name, required, &described, t);
            format!("<div class=\"field\">\n<label for=\"{id}\">{label}{marker}</label>\n{help}{control}</div>\n")
        }
    }
}

fn control_html(
    field: &FormField,
    id: &str,
    name: &str,
    required: &str,
    described: &str,
    t: &Strings,
) -> String {
    let attrs = format!("id=\"{id}\" name=\"{name}\"{required}{described}");
    match field.kind {
        FieldType::Textarea => format!(
            "<textarea {attrs} rows=\"{}\"></textarea>\n",
            field.rows.unwrap_or(4)
        ),
        FieldType::Select => {
            let mut html = format!(
                "<select {attrs}>\n<option value=\"\">{}</option>\n",
                escape_html(&t["choose"])
            );
            for option in &field.options {
                let option = escape_html(option);
                let _ = writeln!(html, "<option>{option}</option>");
            }
            html.push_str("</select>\n");
            html
        }
        kind => {
            let input_type = match kind {
                FieldType::Email => "email",
                FieldType::Tel => "tel",
                FieldType::Date => "date",
                FieldType::Number => "number",
                _ => "text",
            };
            format!("<input type=\"{input_type}\" {attrs}>\n")
        }
    }
}

/// A form as a blank sheet for paper: every field a labelled line or box,
/// every choice a box to tick, nothing to fill on screen (no controls, so
/// it reads the same printed, offline and in a course pack).
pub fn blank_form_html(fields: &[FormField], t: &Strings) -> String {
    let mut html = String::from("<div class=\"kp-form blank-form\">\n");
    if fields.iter().any(|f| f.required) {
        let _ = writeln!(
            html,
            "<p class=\"form-note\">{}</p>",
            escape_html(&t["required_note"])
        );
    }
    for field in fields {
        html.push_str(&blank_field_html(field));
    }
    html.push_str("</div>\n");
    html
}

fn blank_field_html(field: &FormField) -> String {
    let label = escape_html(&field.label);
    let marker = if field.required {
        "<span class=\"required\"> *</span>"
    } else {
        ""
    };
    let help = field.help.as_deref().map_or(String::new(), |h| {
        format!("<p class=\"field-help\">{}</p>\n", escape_html(h))
    });
    match field.kind {
        FieldType::Heading => format!("<h2 class=\"form-part\">{label}</h2>\n"),
        FieldType::Select | FieldType::Radio | FieldType::Checkboxes => {
            let mut html = format!(
                "<div class=\"field blank-field\">\n<p class=\"blank-label\">{label}{marker}</p>\n{help}<ul class=\"blank-choices\">\n"
            );
            for option in &field.options {
                let _ = writeln!(
                    html,
                    "<li><span class=\"blank-box\" aria-hidden=\"true\"></span> {}</li>",
                    escape_html(option)
                );
            }
            html.push_str("</ul>\n</div>\n");
            html
        }
        FieldType::Checkbox => format!(
            "<div class=\"field blank-field\">\n<p class=\"blank-label\"><span class=\"blank-box\" aria-hidden=\"true\"></span> {label}{marker}</p>\n{help}</div>\n"
        ),
        FieldType::Textarea => {
            let lines = field.rows.unwrap_or(4).clamp(1, 30);
            let mut html = format!(
                "<div class=\"field blank-field\">\n<p class=\"blank-label\">{label}{marker}</p>\n{help}"
            );
            for _ in 0..lines {
                html.push_str("<div class=\"blank-line\"></div>\n");
            }
            html.push_str("</div>\n");
            html
        }
        _ => format!(
            "<div class=\"field blank-field\">\n<p class=\"blank-label\">{label}{marker}</p>\n{help}<div class=\"blank-line\"></div>\n</div>\n"
        ),
    }
}

/// What the script says about the form, in the page's language: the
/// browser's own checks speak the browser's language, so the script puts
/// these in their place; and what it says when it opens saved answers.
fn script_words(t: &Strings) -> String {
    const WORDS: [(&str, &str); 7] = [
        ("data-msg-required", "form_invalid_required"),
        ("data-msg-choice", "form_invalid_choice"),
        ("data-msg-email", "form_invalid_email"),
        ("data-msg-invalid", "form_invalid_value"),
        ("data-msg-opened", "form_opened"),
        ("data-msg-not-opened", "form_not_opened"),
        ("data-saved-note", "form_saved_note"),
    ];
    let mut words = String::new();
    for (attribute, key) in WORDS {
        let _ = write!(words, " {attribute}=\"{}\"", escape_html(&t[key]));
    }
    words
}

fn actions_html(settings: &FormSettings, t: &Strings) -> String {
    let submit = if settings.endpoint.is_some() {
        format!(
            "<button type=\"submit\">{}</button>\n",
            escape_html(&t["send_form"])
        )
    } else {
        String::new()
    };
    format!(
        "<div class=\"form-actions no-print\">\n{submit}<button type=\"button\" data-print hidden>{}</button>\n<button type=\"button\" data-print-blank hidden>{}</button>\n<button type=\"button\" data-save-form hidden>{}</button>\n<button type=\"button\" data-open-form hidden>{}</button>\n<input type=\"file\" accept=\".txt,text/plain\" data-open-file hidden>\n<p class=\"field-help\" data-save-note hidden>{}</p>\n<p class=\"form-status\" role=\"status\" data-form-status></p>\n</div>\n",
        escape_html(&t["print"]),
        escape_html(&t["print_blank"]),
        escape_html(&t["save_form"]),
        escape_html(&t["open_form"]),
        escape_html(&t["save_form_note"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> Strings {
        [
            "required_note",
            "form_not_sent",
            "choose",
            "send_form",
            "print",
            "print_blank",
            "save_form",
            "save_form_note",
            "open_form",
            "form_invalid_required",
            "form_invalid_choice",
            "form_invalid_email",
            "form_invalid_value",
            "form_opened",
            "form_not_opened",
            "form_saved_note",
        ]
        .into_iter()
        .map(|k| (k.to_owned(), format!("[{k}]")))
        .collect()
    }

    fn field(name: &str, kind: FieldType, options: &[&str]) -> FormField {
        FormField {
            name: name.into(),
            label: format!("{name} label"),
            kind,
            required: true,
            help: Some("hjelp".into()),
            options: options.iter().map(|s| s.to_string()).collect(),
            rows: None,
        }
    }

    #[test]
    fn every_control_has_a_label_and_its_help() {
        let fields = [
            field("navn", FieldType::Text, &[]),
            field("niva", FieldType::Select, &["A1", "A2"]),
        ];
        let html = form_html(
            &fields,
            &FormSettings {
                slug: "s",
                endpoint: None,
            },
            &strings(),
        );
        assert!(
            html.contains("<label for=\"felt-navn\">navn label"),
            "{html}"
        );
        assert!(
            html.contains(
                "id=\"felt-navn\" name=\"navn\" required aria-describedby=\"felt-navn-hjelp\""
            ),
            "{html}"
        );
        assert!(
            html.contains("<option value=\"\">[choose]</option>"),
            "{html}"
        );
        assert!(
            !html.contains("type=\"submit\""),
            "no endpoint, no submit: {html}"
        );
    }

    /// docs/writing-content.md lists these types: each gets its own control,
    /// and only a group of radios (not of checkboxes) can be required.
    #[test]
    fn every_field_type_gets_its_control() {
        let fields = [
            field("epost", FieldType::Email, &[]),
            field("telefon", FieldType::Tel, &[]),
            field("dato", FieldType::Date, &[]),
            field("antall", FieldType::Number, &[]),
            field("samtykke", FieldType::Checkbox, &[]),
            field("dager", FieldType::Checkboxes, &["Man", "Tir"]),
            field("svar", FieldType::Radio, &["Ja"]),
            field("del", FieldType::Heading, &[]),
        ];
        let settings = FormSettings {
            slug: "s",
            endpoint: None,
        };
        let html = form_html(&fields, &settings, &strings());
        for expected in [
            "<input type=\"email\" id=\"felt-epost\"",
            "<input type=\"tel\" id=\"felt-telefon\"",
            "<input type=\"date\" id=\"felt-dato\"",
            "<input type=\"number\" id=\"felt-antall\"",
            "<input type=\"checkbox\" id=\"felt-samtykke\" name=\"samtykke\" value=\"ja\" required aria-describedby=\"felt-samtykke-hjelp\"><label for=\"felt-samtykke\">samtykke label",
            "<input type=\"checkbox\" id=\"felt-dager-1\" name=\"dager\" value=\"Tir\"><label",
            "<input type=\"radio\" id=\"felt-svar-0\" name=\"svar\" value=\"Ja\" required><label",
            "<h2 class=\"form-part\">del label</h2>",
        ] {
            assert!(html.contains(expected), "{expected}\n{html}");
        }
    }

    /// The paper version: a line to write on for each text field, as many
    /// as a text area's rows, a box for each choice, and no controls.
    #[test]
    fn a_blank_form_has_a_line_or_box_for_every_field() {
        let mut notes = field("notat", FieldType::Textarea, &[]);
        notes.rows = Some(3);
        let fields = [
            field("navn", FieldType::Text, &[]),
            notes,
            field("niva", FieldType::Select, &["A1", "A2"]),
            field("samtykke", FieldType::Checkbox, &[]),
            field("del", FieldType::Heading, &[]),
        ];
        let html = blank_form_html(&fields, &strings());
        for expected in [
            "<p class=\"form-note\">[required_note]</p>",
            "<p class=\"blank-label\">navn label<span class=\"required\"> *</span></p>\n<p class=\"field-help\">hjelp</p>\n<div class=\"blank-line\"></div>",
            "<li><span class=\"blank-box\" aria-hidden=\"true\"></span> A2</li>",
            "<span class=\"blank-box\" aria-hidden=\"true\"></span> samtykke label",
            "<h2 class=\"form-part\">del label</h2>",
        ] {
            assert!(html.contains(expected), "{expected}\n{html}");
        }
        // One line for the text field, three for the text area.
        assert_eq!(
            html.matches("<div class=\"blank-line\"></div>").count(),
            4,
            "{html}"
        );
        for control in ["<input", "<select", "<textarea", "<button", "<form"] {
            assert!(!html.contains(control), "{control} in {html}");
        }
    }

    #[test]
    fn choices_are_fieldsets_with_legends() {
        let fields = [field("svar", FieldType::Radio, &["Ja", "Nei"])];
        let html = form_html(
            &fields,
            &FormSettings {
                slug: "s",
                endpoint: Some("https://x.no/f"),
            },
            &strings(),
        );
        assert!(html.contains("<fieldset class=\"field choices\" aria-describedby=\"felt-svar-hjelp\">\n<legend>svar label"), "{html}");
        assert!(
            html.contains("<label for=\"felt-svar-1\">Nei</label>"),
            "{html}"
        );
        assert!(html.contains("action=\"https://x.no/f\""), "{html}");
        assert!(
            html.contains("<button type=\"submit\">[send_form]</button>"),
            "{html}"
        );
    }
}
