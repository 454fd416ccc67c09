//! The catalogues' tests: every key in both languages, plain and spliced messages as Fluent
//! formats them.

use super::*;

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
        for (key, plain) in table {
            assert_eq!(lookup(lang, key, None), plain.text, "{key}");
            assert_eq!(html(lang, key).to_string(), escaped(&plain.text), "{key}");
        }
        let quoted = table
            .values()
            .filter(|p| p.text.contains(['\'', '"', '<', '&']));
        for plain in quoted {
            assert!(!plain.html.contains(['\'', '"', '<']), "{}", plain.html);
            assert!(plain.html.contains("&#"), "{}", plain.html);
        }
        // A missing key is written as itself, escaped all the same.
        assert_eq!(
            html(lang, "no-such-<key>").to_string(),
            "no-such-&#60;key&#62;"
        );
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
        include_str!("../../locales/fr/main.ftl"),
        include_str!("../../locales/fr/profile.ftl"),
        include_str!("../../locales/fr/alarm.ftl")
    ));
    let en = keys(concat!(
        include_str!("../../locales/en/main.ftl"),
        include_str!("../../locales/en/profile.ftl"),
        include_str!("../../locales/en/alarm.ftl")
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

/// Named arguments written in place.
type Args<'a> = [(&'static str, &'a dyn fmt::Display)];

/// A message written in place, as a page writes it.
struct Written<'a>(Language, &'a str, &'a Args<'a>);

impl fmt::Display for Written<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_args(f, self.0, self.1, self.2)
    }
}

#[test]
fn messages_written_in_place_read_as_formatted_ones() {
    let day = time::macros::date!(2026 - 12 - 05);
    for lang in [Language::Fr, Language::En] {
        let amount = amount_of(lang);
        let shown = date_shown(lang, day);
        let cases: [(&str, &Args<'_>); 4] = [
            ("per-monthly", &[("amount", &amount)]),
            ("next-due", &[("date", &shown)]),
            // An argument missing: Fluent says so, as `t_args` does.
            ("next-due", &[]),
            // Not cut into pieces (a plural): formatted by Fluent.
            ("dashboard-summary", &[("homes", &2), ("contracts", &1)]),
        ];
        for (key, args) in cases {
            let owned: Vec<_> = args.iter().map(|(n, v)| (*n, v.to_string())).collect();
            assert_eq!(
                Written(lang, key, args).to_string(),
                t_args(lang, key, &owned),
                "{key}"
            );
        }
        assert!(catalogue(lang).spliced.contains_key("per-monthly"));
        assert!(!catalogue(lang).spliced.contains_key("dashboard-summary"));
    }
}

fn amount_of(lang: Language) -> abri_domain::money::Shown {
    abri_domain::Money::from_cents(3_490).shown(lang)
}
