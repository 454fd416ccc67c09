//! Fluent messages, French by default, for pages and e-mails alike. Files live in
//! `locales/<lang>/*.ftl` of this crate (`main.ftl`, `profile.ftl`, `alarm.ftl`), embedded in the binary.

use std::borrow::Cow;
use std::sync::{LazyLock, Mutex, PoisonError};

use abri_domain::Language;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rustc_hash::FxHashMap;
use unic_langid::langid;

/// A language's files, in this crate's `locales/<lang>/` (a test checks none is left out).
const FR_SOURCES: [&str; 3] = [
    include_str!("../locales/fr/main.ftl"),
    include_str!("../locales/fr/profile.ftl"),
    include_str!("../locales/fr/alarm.ftl"),
];
const EN_SOURCES: [&str; 3] = [
    include_str!("../locales/en/main.ftl"),
    include_str!("../locales/en/profile.ftl"),
    include_str!("../locales/en/alarm.ftl"),
];

/// One language's messages (keyed with FxHash: the keys are ours, not a visitor's, and SipHash
/// was 200 instructions a lookup): its Fluent bundle, those of its messages that take no argument,
/// formatted once (a page shows dozens of them; BENCHMARKS.md B5), and those that are only
/// text and arguments, cut into their pieces (a card shows several; Fluent's resolver, whose
/// output they match, costs ten times their concatenation).
struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    plain: FxHashMap<String, String>,
    spliced: FxHashMap<String, Vec<Piece>>,
}

/// A piece of a message that is only text and arguments.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Argument(String),
}

/// The pieces of `pattern`, if it holds nothing but text and arguments (no selector, term,
/// function or number, which only Fluent formats right).
fn pieces(pattern: &fluent_syntax::ast::Pattern<&str>) -> Option<Vec<Piece>> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    pattern
        .elements
        .iter()
        .map(|element| match element {
            PatternElement::TextElement { value } => Some(Piece::Text((*value).to_owned())),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id }),
            } => Some(Piece::Argument(id.name.to_owned())),
            PatternElement::Placeable { .. } => None,
        })
        .collect()
}

impl Catalogue {
    fn new(id: unic_langid::LanguageIdentifier, sources: &[&str]) -> Self {
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Pages are HTML: no Unicode isolation marks around arguments.
        bundle.set_use_isolating(false);
        let mut names = Vec::new();
        for source in sources {
            // A file that does not parse keeps what did (a test checks every key is found).
            let resource = FluentResource::try_new((*source).to_owned())
                .unwrap_or_else(|(partial, _)| partial);
            names.extend(resource.entries().filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
                _ => None,
            }));
            // A message defined twice keeps its first text: the error says so and nothing is
            // lost (the test of keys checks both languages have the same names).
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::warn!(?errors, "a Fluent message is defined twice");
            }
        }
        let mut catalogue = Self {
            bundle,
            plain: FxHashMap::default(),
            spliced: FxHashMap::default(),
        };
        catalogue.spliced = names
            .iter()
            .filter_map(|name| {
                let pattern = catalogue.bundle.get_message(name)?.value()?;
                let pieces = pieces(pattern)?;
                let takes_arguments = pieces.iter().any(|p| matches!(p, Piece::Argument(_)));
                takes_arguments.then(|| (name.clone(), pieces))
            })
            .collect();
        catalogue.plain = names
            .into_iter()
            .filter_map(|name| {
                let text = catalogue.format(&name, None)?;
                Some((name, text))
            })
            .collect();
        catalogue
    }

    /// The message `key` formatted with `args`; `None` when it is missing or did not format
    /// without error (an argument missing).
    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }
}

static CATALOGUES: LazyLock<[Catalogue; 2]> = LazyLock::new(|| {
    [
        Catalogue::new(langid!("fr"), &FR_SOURCES),
        Catalogue::new(langid!("en"), &EN_SOURCES),
    ]
});

fn catalogue(lang: Language) -> &'static Catalogue {
    match lang {
        Language::Fr => &CATALOGUES[0],
        Language::En => &CATALOGUES[1],
    }
}

/// The message `key` in `lang`, else in French; the key itself if missing (a test checks none
/// is).
fn lookup(lang: Language, key: &str, args: Option<&FluentArgs<'_>>) -> String {
    catalogue(lang)
        .format(key, args)
        .or_else(|| catalogue(Language::Fr).format(key, args))
        .unwrap_or_else(|| key.to_owned())
}

/// The message `key` in `lang`; the key itself if missing (a test checks none is).
#[must_use]
pub fn t(lang: Language, key: &str) -> String {
    text(lang, key).into_owned()
}

/// [`t`] without a copy when the message takes no argument (pages show dozens).
#[must_use]
pub fn text(lang: Language, key: &str) -> Cow<'static, str> {
    match catalogue(lang).plain.get(key) {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(lookup(lang, key, None)),
    }
}

/// The message `key` in `lang` with named arguments.
#[must_use]
pub fn t_args(lang: Language, key: &str, args: &[(&'static str, String)]) -> String {
    if let Some(text) = catalogue(lang)
        .spliced
        .get(key)
        .and_then(|pieces| splice(pieces, args))
    {
        return text;
    }
    let mut fluent = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent.set(*name, FluentValue::from(value.as_str()));
    }
    lookup(lang, key, Some(&fluent))
}

/// The message named `prefix` then `word` (`product-` and a product's stored word), built in a
/// buffer of the thread's rather than a new string each time.
#[must_use]
pub fn text_of(lang: Language, prefix: &str, word: &str) -> Cow<'static, str> {
    thread_local! {
        static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    KEY.with_borrow_mut(|key| {
        key.clear();
        key.push_str(prefix);
        key.push_str(word);
        text(lang, key)
    })
}

/// The message `key` in `lang` with counts, which its plural variants select on (`[one]`
/// matches 1 only when given as a number, not as the text "1").
///
/// Kept once formatted: a page's summary asks for the same few counts again and again, and
/// Fluent's plural rules cost ten thousand instructions a call (BENCHMARKS.md B5).
#[must_use]
pub fn t_counts(lang: Language, key: &'static str, counts: &[(&'static str, usize)]) -> String {
    /// Distinct messages kept before the memory is cleared (a bound, never reached in use).
    const KEPT: usize = 4096;
    static FORMATTED: LazyLock<Mutex<FxHashMap<CountsKey, String>>> = LazyLock::new(Mutex::default);
    let Some(memo_key) = counts_key(lang, key, counts) else {
        return format_counts(lang, key, counts);
    };
    let memo = || FORMATTED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(text) = memo().get(&memo_key) {
        return text.clone();
    }
    let text = format_counts(lang, key, counts);
    let mut memo = memo();
    if memo.len() >= KEPT {
        memo.clear();
    }
    memo.insert(memo_key, text.clone());
    text
}

/// A message with up to four counts, as [`t_counts`] keeps it.
type CountsKey = (Language, &'static str, [(&'static str, usize); 4]);

fn counts_key(
    lang: Language,
    key: &'static str,
    counts: &[(&'static str, usize)],
) -> Option<CountsKey> {
    let mut slots = [("", 0); 4];
    if counts.len() > slots.len() {
        return None;
    }
    for (slot, count) in slots.iter_mut().zip(counts) {
        *slot = *count;
    }
    Some((lang, key, slots))
}

fn format_counts(lang: Language, key: &str, counts: &[(&'static str, usize)]) -> String {
    let mut fluent = FluentArgs::with_capacity(counts.len());
    for (name, count) in counts {
        fluent.set(*name, FluentValue::from(*count));
    }
    lookup(lang, key, Some(&fluent))
}

/// `pieces` with `args` put in; `None` if one is missing (Fluent then says which).
fn splice(pieces: &[Piece], args: &[(&'static str, String)]) -> Option<String> {
    let mut text = String::with_capacity(64);
    for piece in pieces {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Argument(name) => {
                let (_, value) = args.iter().find(|(n, _)| n == name)?;
                text.push_str(value);
            }
        }
    }
    Some(text)
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
        assert_eq!(files, FR_SOURCES.len(), "every French file is read");
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en"))
            .map(Iterator::count)
            .unwrap_or_default();
        assert_eq!(files, EN_SOURCES.len(), "every English file is read");
        for lang in [Language::Fr, Language::En] {
            let table = &catalogue(lang).plain;
            assert!(table.len() > 100, "{} plain messages", table.len());
            for (key, text) in table {
                assert_eq!(lookup(lang, key, None), *text, "{key}");
            }
            assert!(
                !table.contains_key("per-monthly"),
                "a message with an argument"
            );
        }
        for lang in [Language::Fr, Language::En] {
            let spliced = &catalogue(lang).spliced;
            assert!(spliced.len() > 20, "{} spliced messages", spliced.len());
            for (key, pieces) in spliced {
                // Each argument's value made of its name, with characters HTML and Fluent mind.
                let args: Vec<(&'static str, String)> = pieces
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Argument(name) => {
                            Some((&*name.clone().leak(), format!("<{name}> {{ & }}")))
                        }
                        Piece::Text(_) => None,
                    })
                    .collect();
                let mut fluent = FluentArgs::new();
                for (name, value) in &args {
                    fluent.set(*name, FluentValue::from(value.as_str()));
                }
                assert_eq!(
                    t_args(lang, key, &args),
                    lookup(lang, key, Some(&fluent)),
                    "{key}"
                );
            }
            assert!(!spliced.contains_key("dashboard-summary"), "a selector");
        }
        assert_eq!(
            t_args(Language::En, "per-monthly", &[]),
            lookup(Language::En, "per-monthly", None),
            "a missing argument goes to Fluent"
        );
        assert_eq!(t(Language::En, "no-such-key"), "no-such-key");
        assert_eq!(
            text_of(Language::En, "status-", "active"),
            t(Language::En, "status-active")
        );
        assert_eq!(text_of(Language::Fr, "status-", "nope"), "status-nope");
        let summary = |lang, homes, contracts| {
            t_counts(
                lang,
                "dashboard-summary",
                &[("homes", homes), ("contracts", contracts)],
            )
        };
        assert_eq!(
            summary(Language::En, 1, 1),
            "One protected home · one contract"
        );
        assert_eq!(
            summary(Language::Fr, 2, 3),
            "2 logements protégés · 3 contrats"
        );
        assert_eq!(
            summary(Language::Fr, 1, 2),
            "Un logement protégé · 2 contrats"
        );
        assert_eq!(
            summary(Language::Fr, 1, 2),
            "Un logement protégé · 2 contrats",
            "the second time, from memory"
        );
        assert_eq!(
            summary(Language::En, 1, 2),
            "One protected home · 2 contracts"
        );
        assert_eq!(
            summary(Language::En, 2, 1),
            "2 protected homes · one contract"
        );
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
