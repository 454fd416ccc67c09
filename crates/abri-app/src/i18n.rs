//! Fluent messages, French by default, for pages and e-mails alike. Files live in
//! `locales/<lang>/*.ftl` of this crate (`main.ftl`, `profile.ftl`, `alarm.ftl`), embedded in the binary.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

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

/// The French files, read for the messages' names (both languages have the same, a test checks).
const FR_SOURCES: [&str; 3] = [
    include_str!("../locales/fr/main.ftl"),
    include_str!("../locales/fr/profile.ftl"),
    include_str!("../locales/fr/alarm.ftl"),
];

/// Each language's messages that take no argument, formatted once: a page shows dozens of
/// them, and formatting one through the loader (two hashed lookups, the pattern resolved, a
/// fresh `String`) was a tenth of the dashboard's work (BENCHMARKS.md B5).
static PLAIN: LazyLock<[HashMap<&'static str, String>; 2]> =
    LazyLock::new(|| [plain(Language::Fr), plain(Language::En)]);

/// `lang`'s messages that format without arguments and without error.
fn plain(lang: Language) -> HashMap<&'static str, String> {
    FR_SOURCES
        .iter()
        .flat_map(|source| {
            fluent_syntax::parser::parse(*source)
                .unwrap_or_else(|(partial, _)| partial)
                .body
        })
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name),
            _ => None,
        })
        .filter_map(|key| {
            let text = LOCALES
                .lookup_single_language(
                    id(lang),
                    key,
                    None::<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
                )
                .ok()?;
            Some((key, text))
        })
        .collect()
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
    let table = match lang {
        Language::Fr => &PLAIN[0],
        Language::En => &PLAIN[1],
    };
    match table.get(key) {
        Some(text) => text.clone(),
        None => lookup(lang, key, None),
    }
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
    fn plain_messages_are_formatted_once_and_the_others_each_time() {
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/fr"))
            .map(Iterator::count)
            .unwrap_or_default();
        assert_eq!(
            files,
            FR_SOURCES.len(),
            "every French file is read for its names"
        );
        for (lang, table) in [(Language::Fr, &PLAIN[0]), (Language::En, &PLAIN[1])] {
            assert!(table.len() > 100, "{} plain messages", table.len());
            for (key, text) in table {
                assert_eq!(lookup(lang, key, None), *text, "{key}");
            }
            assert!(
                !table.contains_key("per-monthly"),
                "a message with an argument"
            );
        }
        assert_eq!(t(Language::En, "no-such-key"), "no-such-key");
        assert_eq!(
            t_args(
                Language::Fr,
                "per-monthly",
                &[("amount", "34,90 €".to_owned())]
            ),
            "34,90 € / mois"
        );
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
