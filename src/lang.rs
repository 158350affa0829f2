//! The languages the portal is written in, and how each writes a date.

use chrono::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Language {
    #[default]
    Nb,
    Nn,
    En,
    Ar,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::Nb, Language::Nn, Language::En, Language::Ar];

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn codes() -> Vec<&'static str> {
        Language::ALL.iter().map(|l| l.code()).collect()
    }

    /// "nb, en, ar": languages as editors write them, for messages.
    pub fn list(languages: &[Language]) -> String {
        languages
            .iter()
            .map(|l| l.code())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The BCP 47 tag used in `lang` attributes and file suffixes.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nb => "nb",
            Language::Nn => "nn",
            Language::En => "en",
            Language::Ar => "ar",
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Language::Ar
    }

    pub fn dir(self) -> &'static str {
        if self.is_rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language's name in itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Nb => "Norsk bokmål",
            Language::Nn => "Norsk nynorsk",
            Language::En => "English",
            Language::Ar => "العربية",
        }
    }

    /// How the language writes a date, as a chrono pattern; `site.toml` may
    /// set another.
    pub fn date_format(self) -> &'static str {
        match self {
            Language::Nb | Language::Nn => "%-d. %B %Y",
            Language::En | Language::Ar => "%-d %B %Y",
        }
    }

    /// The locale that names months and days.
    pub fn locale(self) -> Locale {
        match self {
            Language::Nb => Locale::nb_NO,
            Language::Nn => Locale::nn_NO,
            Language::En => Locale::en_GB,
            Language::Ar => Locale::ar_EG,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn written(language: Language, date: NaiveDate) -> String {
        date.format_localized(language.date_format(), language.locale())
            .to_string()
    }

    #[test]
    fn dates_are_written_out_the_languages_way() {
        let date = NaiveDate::from_ymd_opt(2022, 10, 18).unwrap();
        assert_eq!(written(Language::Nb, date), "18. oktober 2022");
        let date = NaiveDate::from_ymd_opt(2021, 3, 5).unwrap();
        assert_eq!(written(Language::Nb, date), "5. mars 2021");
        assert_eq!(written(Language::Nn, date), "5. mars 2021");
        assert_eq!(written(Language::En, date), "5 March 2021");
    }
}
