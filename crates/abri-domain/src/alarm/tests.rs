//! The whole transition table, written out: every state × every report, every state × every
//! command.

use super::*;

const REPORTS: [Report; 9] = [
    Report::ExitDelay {
        mode: ArmMode::Home,
    },
    Report::ExitDelay {
        mode: ArmMode::Away,
    },
    Report::ExitDelay {
        mode: ArmMode::Night,
    },
    Report::Armed {
        mode: ArmMode::Home,
    },
    Report::Armed {
        mode: ArmMode::Away,
    },
    Report::Armed {
        mode: ArmMode::Night,
    },
    Report::Disarmed,
    Report::EntryDelay,
    Report::Triggered,
];

/// A state written short: `D`, `Ah` (arming home), `Aa`, `An`, `Rh` (armed home), `Ra`, `Rn`,
/// `Ph` (pending, armed home), `Pa`, `Pn`, `T`; a `!` marks an unexpected step.
fn short(state: AlarmState) -> &'static str {
    use AlarmState as S;
    match state {
        S::Disarmed => "D",
        S::Arming(ArmMode::Home) => "Ah",
        S::Arming(ArmMode::Away) => "Aa",
        S::Arming(ArmMode::Night) => "An",
        S::Armed(ArmMode::Home) => "Rh",
        S::Armed(ArmMode::Away) => "Ra",
        S::Armed(ArmMode::Night) => "Rn",
        S::Pending(ArmMode::Home) => "Ph",
        S::Pending(ArmMode::Away) => "Pa",
        S::Pending(ArmMode::Night) => "Pn",
        S::Triggered => "T",
    }
}

#[test]
fn every_report_from_every_state() {
    // Columns: exit delay h/a/n, armed h/a/n, disarmed, entry delay, triggered.
    let table = [
        ("D", "Ah Aa An Rh Ra Rn D Pa! T"),
        ("Ah", "Ah Aa An Rh Ra Rn D Ph! T"),
        ("Aa", "Ah Aa An Rh Ra Rn D Pa! T"),
        ("An", "Ah Aa An Rh Ra Rn D Pn! T"),
        ("Rh", "Ah Aa An Rh Ra Rn D Ph T"),
        ("Ra", "Ah Aa An Rh Ra Rn D Pa T"),
        ("Rn", "Ah Aa An Rh Ra Rn D Pn T"),
        ("Ph", "Ah! Aa! An! Rh! Ra! Rn! D Ph T"),
        ("Pa", "Ah! Aa! An! Rh! Ra! Rn! D Pa T"),
        ("Pn", "Ah! Aa! An! Rh! Ra! Rn! D Pn T"),
        ("T", "Ah! Aa! An! Rh Ra Rn D Pa! T"),
    ];
    assert_eq!(table.len(), AlarmState::ALL.len());
    for (state, (name, row)) in AlarmState::ALL.into_iter().zip(table) {
        assert_eq!(short(state), name);
        let got: Vec<String> = REPORTS
            .iter()
            .map(|&r| {
                let step = on_report(state, r);
                format!(
                    "{}{}",
                    short(step.next),
                    if step.unexpected { "!" } else { "" }
                )
            })
            .collect();
        assert_eq!(got.join(" "), row, "from {name}");
    }
}

#[test]
fn every_command_from_every_state() {
    use CommandRefusal::{AlreadySo, DisarmFirst};
    let commands = [
        Command::Arm {
            mode: ArmMode::Home,
        },
        Command::Arm {
            mode: ArmMode::Away,
        },
        Command::Arm {
            mode: ArmMode::Night,
        },
        Command::Disarm,
    ];
    let ok = Ok(());
    let table = [
        ("D", [ok, ok, ok, Err(AlreadySo)]),
        (
            "Ah",
            [Err(DisarmFirst), Err(DisarmFirst), Err(DisarmFirst), ok],
        ),
        (
            "Aa",
            [Err(DisarmFirst), Err(DisarmFirst), Err(DisarmFirst), ok],
        ),
        (
            "An",
            [Err(DisarmFirst), Err(DisarmFirst), Err(DisarmFirst), ok],
        ),
        ("Rh", [Err(AlreadySo), ok, ok, ok]),
        ("Ra", [ok, Err(AlreadySo), ok, ok]),
        ("Rn", [ok, ok, Err(AlreadySo), ok]),
        (
            "Ph",
            [Err(DisarmFirst), Err(DisarmFirst), Err(DisarmFirst), ok],
        ),
        (
            "Pa",
            [Err(DisarmFirst), Err(DisarmFirst), Err(DisarmFirst), ok],
        ),
        (
            "Pn",
            [Err(DisarmFirst), Err(DisarmFirst), Err(DisarmFirst), ok],
        ),
        (
            "T",
            [Err(DisarmFirst), Err(DisarmFirst), Err(DisarmFirst), ok],
        ),
    ];
    for (state, (name, row)) in AlarmState::ALL.into_iter().zip(table) {
        assert_eq!(short(state), name);
        for (command, expected) in commands.into_iter().zip(row) {
            assert_eq!(
                check_command(state, command),
                expected,
                "{name} {command:?}"
            );
        }
    }
}

#[test]
fn words_round_trip() {
    for state in AlarmState::ALL {
        assert_eq!(
            AlarmState::from_word(state.word(), state.mode()),
            Some(state)
        );
    }
    assert_eq!(AlarmState::from_word("arming", None), None);
    assert_eq!(AlarmState::from_word("sleeping", None), None);
    for mode in ArmMode::ALL {
        assert_eq!(ArmMode::from_word(mode.word()), Some(mode));
    }
}

#[test]
fn reports_and_actors_read_as_the_ingest_schema_says() {
    let report: Report = serde_json::from_str(r#"{"report":"exit_delay","mode":"away"}"#).unwrap();
    assert_eq!(
        report,
        Report::ExitDelay {
            mode: ArmMode::Away
        }
    );
    let actor: Actor = serde_json::from_str(r#"{"kind":"keypad","user":"2"}"#).unwrap();
    assert_eq!(actor.word(), "keypad");
    assert!(serde_json::from_str::<Report>(r#"{"report":"exploded"}"#).is_err());
}

#[test]
fn a_state_confirms_the_command_that_leads_to_it() {
    let away = Command::Arm {
        mode: ArmMode::Away,
    };
    assert_eq!(
        Command::confirmed_by(AlarmState::Arming(ArmMode::Away)),
        Some(away)
    );
    assert_eq!(
        Command::confirmed_by(AlarmState::Armed(ArmMode::Away)),
        Some(away)
    );
    assert_eq!(
        Command::confirmed_by(AlarmState::Disarmed),
        Some(Command::Disarm)
    );
    assert_eq!(Command::confirmed_by(AlarmState::Triggered), None);
    assert_eq!(
        Command::confirmed_by(AlarmState::Pending(ArmMode::Home)),
        None
    );
    assert_eq!((away.word(), away.mode()), ("arm", Some(ArmMode::Away)));
}
