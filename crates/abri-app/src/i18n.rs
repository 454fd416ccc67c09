//! Fluent messages, French by default, for pages and e-mails alike. Files live in
//! `locales/<lang>/*.ftl` of this crate (`main.ftl`, `profile.ftl`, `alarm.ftl`), embedded in the binary.

use std::borrow::Cow;
use std::collections::HashMap;

use abri_domain::Language;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::static_loader;
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static FR: LanguageIdentifier = langid!("fr");
static EN: LanguageIdentifier = langid!("en");

fn id(lang: Language) -> &'static LanguageIdentifier {
    match lang {
        Language::Fr => &FR,
        Language::En => &EN,
    }
}

/// The message `key` in `lang`, else in French; the key itself if missing (a test checks none
/// is). Looked up in the language's bundle directly: the loader's own lookup negotiates the
/// language's fallback chain again at every call, a fifth of a page's work on the dashboard
/// (BENCHMARKS.md B5).
fn lookup(
    lang: Language,
    key: &str,
    args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
) -> String {
    LOCALES
        .lookup_single_language(id(lang), key, args)
        .or_else(|_| LOCALES.lookup_single_language(&FR, key, args))
        .unwrap_or_else(|_| key.to_owned())
}

/// The message `key` in `lang`; the key itself if missing (a test checks none is).
#[must_use]
pub fn t(lang: Language, key: &str) -> String {
    lookup(lang, key, None)
}

/// The message `key` in `lang` with named arguments.
#[must_use]
pub fn t_args(lang: Language, key: &str, args: &[(&'static str, String)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
        .collect();
    lookup(lang, key, Some(&args))
}

/// A date as its reader writes it: `27/11/2026`, `27 Nov 2026`.
#[must_use]
pub fn date(lang: Language, d: time::Date) -> String {
    match lang {
        Language::Fr => format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year()),
        Language::En => {
            let month = d.month().to_string();
            format!(
                "{} {} {}",
                d.day(),
                month.get(..3).unwrap_or(&month),
                d.year()
            )
        }
    }
}

/// A moment as its reader writes it, in UTC (`27/11/2026 09:00 UTC`).
#[must_use]
pub fn date_time(lang: Language, at: time::OffsetDateTime) -> String {
    format!(
        "{} {:02}:{:02} UTC",
        date(lang, at.date()),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_language() {
        let d = time::macros::date!(2026 - 11 - 07);
        assert_eq!(date(Language::Fr, d), "07/11/2026");
        assert_eq!(date(Language::En, d), "7 Nov 2026");
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let keys = |src: &str| -> Vec<String> {
            src.lines()
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
                .filter(|k| !k.is_empty() && !k.starts_with('#') && !k.starts_with(' '))
                .collect()
        };
        let fr = keys(concat!(
            include_str!("../locales/fr/main.ftl"),
            include_str!("../locales/fr/profile.ftl"),
            include_str!("../locales/fr/alarm.ftl")
        ));
        let en = keys(concat!(
            include_str!("../locales/en/main.ftl"),
            include_str!("../locales/en/profile.ftl"),
            include_str!("../locales/en/alarm.ftl")
        ));
        assert!(
            fr.contains(&"mandate-title".to_owned()),
            "profile.ftl is read"
        );
        let missing_en: Vec<_> = fr.iter().filter(|k| !en.contains(k)).collect();
        let missing_fr: Vec<_> = en.iter().filter(|k| !fr.contains(k)).collect();
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        assert!(missing_fr.is_empty(), "missing in fr: {missing_fr:?}");
        assert_eq!(t(Language::Fr, "nav-home"), "Accueil");
        assert_eq!(t(Language::En, "nav-home"), "Home");
        assert_eq!(
            t(Language::En, "nav-homes"),
            "My homes",
            "profile.ftl is loaded"
        );
    }
}
