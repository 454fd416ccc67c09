//! Fluent messages, French by default, for pages and e-mails alike. Files live in
//! `locales/<lang>/*.ftl` of this crate (`main.ftl`, `profile.ftl`, `alarm.ftl`), embedded in the binary.

use std::borrow::Cow;
use std::fmt;
use std::sync::{LazyLock, Mutex, PoisonError};

use abri_domain::Language;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rustc_hash::FxHashMap;
use unic_langid::langid;

mod dates;

pub use dates::{DateShown, date, date_time, shown as date_shown};

/// A language's files, in this crate's `locales/<lang>/` (a test checks none is left out).
const FR_SOURCES: [&str; 3] = [
    include_str!("../../locales/fr/main.ftl"),
    include_str!("../../locales/fr/profile.ftl"),
    include_str!("../../locales/fr/alarm.ftl"),
];
const EN_SOURCES: [&str; 3] = [
    include_str!("../../locales/en/main.ftl"),
    include_str!("../../locales/en/profile.ftl"),
    include_str!("../../locales/en/alarm.ftl"),
];

/// One language's messages (keyed with FxHash: the keys are ours, not a visitor's, and SipHash
/// was 200 instructions a lookup): its Fluent bundle, those of its messages that take no argument,
/// formatted once (a page shows dozens of them; BENCHMARKS.md B5), and those that are only
/// text and arguments, cut into their pieces (a card shows several; Fluent's resolver, whose
/// output they match, costs ten times their concatenation).
struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    plain: FxHashMap<String, Plain>,
    spliced: FxHashMap<String, Vec<Piece>>,
}

/// A message that takes no argument, formatted once, and the same escaped for HTML once:
/// pages write dozens of them, and escaping them as they were written was a tenth of a
/// dashboard's render (BENCHMARKS.md B5).
struct Plain {
    text: String,
    html: String,
}

impl Plain {
    fn new(text: String) -> Self {
        Self {
            html: escaped(&text),
            text,
        }
    }
}

/// `text` escaped as askama escapes what a page writes.
fn escaped(text: &str) -> String {
    use askama::filters::Escaper;
    let mut html = String::with_capacity(text.len());
    // Writing to a `String` cannot fail.
    let _ = askama::filters::Html.write_escaped_str(&mut html, text);
    html
}

/// A message escaped for HTML, written as it is into a page (askama's `HtmlSafe`).
#[derive(Debug)]
pub struct Html(Cow<'static, str>);

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for Html {}

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
                Some((name, Plain::new(text)))
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
        Some(plain) => Cow::Borrowed(&plain.text),
        None => Cow::Owned(lookup(lang, key, None)),
    }
}

/// [`text`] escaped for a page: escaped once when the catalogue is read.
#[must_use]
pub fn html(lang: Language, key: &str) -> Html {
    match catalogue(lang).plain.get(key) {
        Some(plain) => Html(Cow::Borrowed(&plain.html)),
        None => Html(Cow::Owned(escaped(&lookup(lang, key, None)))),
    }
}

/// The message `key` in `lang` with named arguments.
#[must_use]
pub fn t_args(lang: Language, key: &str, args: &[(&'static str, String)]) -> String {
    let given = |name: &str| {
        args.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v as &dyn fmt::Display)
    };
    let mut text = String::with_capacity(64);
    let spliced = catalogue(lang)
        .spliced
        .get(key)
        .and_then(|pieces| splice(&mut text, pieces, given));
    if let Some(Ok(())) = spliced {
        return text;
    }
    let mut fluent = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent.set(*name, FluentValue::from(value.as_str()));
    }
    lookup(lang, key, Some(&fluent))
}

/// [`t_args`] written where it goes (a page being rendered) rather than into a string first,
/// its arguments too: a card's premium and due lines (BENCHMARKS.md B5).
///
/// # Errors
/// When `f` refuses what is written.
pub fn write_args(
    f: &mut fmt::Formatter<'_>,
    lang: Language,
    key: &str,
    args: &[(&'static str, &dyn fmt::Display)],
) -> fmt::Result {
    let given = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    if let Some(written) = catalogue(lang)
        .spliced
        .get(key)
        .and_then(|pieces| splice(f, pieces, given))
    {
        return written;
    }
    let owned: Vec<_> = args.iter().map(|(n, v)| (*n, v.to_string())).collect();
    f.write_str(&t_args(lang, key, &owned))
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

/// `pieces` written to `out` with the arguments `given` finds; `None`, with nothing written, if
/// one is missing (Fluent then says which).
fn splice<'a>(
    out: &mut impl fmt::Write,
    pieces: &[Piece],
    given: impl Fn(&str) -> Option<&'a dyn fmt::Display>,
) -> Option<fmt::Result> {
    let complete = pieces.iter().all(|piece| match piece {
        Piece::Text(_) => true,
        Piece::Argument(name) => given(name).is_some(),
    });
    complete.then(|| {
        pieces.iter().try_for_each(|piece| match piece {
            Piece::Text(text) => out.write_str(text),
            Piece::Argument(name) => given(name).map_or(Ok(()), |value| write!(out, "{value}")),
        })
    })
}

#[cfg(test)]
mod tests;
