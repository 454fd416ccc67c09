use time::macros::datetime;

use super::*;

const NOW: OffsetDateTime = datetime!(2026-11-27 15:00 UTC);

fn one(event: &str) -> Result<Vec<DeviceEvent>, IngestRefusal> {
    parse_batch(format!(r#"{{"events":[{event}]}}"#).as_bytes(), NOW)
}

#[test]
fn a_batch_of_each_type_is_read() {
    let body = r#"{"events":[
        {"seq":1,"at":"2026-11-27T14:59:00Z","type":"exit_delay","mode":"away","by":{"kind":"keypad","user":"Camille"}},
        {"seq":2,"at":"2026-11-27T14:59:30Z","type":"armed","mode":"away"},
        {"seq":3,"at":"2026-11-27T15:00:00+01:00","type":"opened","device":"door-1"},
        {"seq":4,"at":"2026-11-27T15:00:00Z","type":"temperature","device":"temp-1","value":195},
        {"seq":5,"at":"2026-11-27T15:00:00Z","type":"heartbeat"}
    ]}"#;
    let events = parse_batch(body.as_bytes(), NOW).unwrap();
    assert_eq!(events.len(), 5);
    assert_eq!(
        events[0].kind,
        EventKind::State {
            report: Report::ExitDelay {
                mode: ArmMode::Away
            },
            by: Actor::Keypad {
                user: "Camille".into()
            }
        }
    );
    assert_eq!(
        events[1].kind,
        EventKind::State {
            report: Report::Armed {
                mode: ArmMode::Away
            },
            by: Actor::Panel
        }
    );
    assert_eq!(events[2].at, datetime!(2026-11-27 14:00 UTC));
    assert_eq!(events[2].device.as_deref(), Some("door-1"));
    assert_eq!(events[3].kind, EventKind::Temperature(195));
    assert_eq!(events[4].kind, EventKind::Heartbeat(None));
    assert_eq!(events[3].kind.word(), "temperature");
}

#[test]
fn each_refusal_has_its_code() {
    let cases = [
        ("{", "malformed_json"),
        (r#"{"events":[]}"#, "batch_size"),
        (r#"{"events":{}}"#, "invalid_event"),
        (r#"{"events":[{"seq":1}]}"#, "invalid_event"),
        (r#"{"events":[],"extra":1}"#, "invalid_event"),
    ];
    for (body, code) in cases {
        let refusal = parse_batch(body.as_bytes(), NOW).unwrap_err();
        assert_eq!(refusal.code(), code, "{body}");
    }
    let at = r#""at":"2026-11-27T15:00:00Z""#;
    let cases = [
        (
            format!(r#"{{"seq":1,{at},"type":"exploded"}}"#),
            "unknown_event_type",
        ),
        (
            format!(r#"{{"seq":0,{at},"type":"motion","device":"m"}}"#),
            "invalid_event",
        ),
        (
            format!(r#"{{"seq":1,{at},"type":"motion"}}"#),
            "invalid_event",
        ),
        (
            format!(r#"{{"seq":1,{at},"type":"armed"}}"#),
            "invalid_event",
        ),
        (
            format!(r#"{{"seq":1,{at},"type":"armed","mode":"party"}}"#),
            "invalid_event",
        ),
        (
            format!(r#"{{"seq":1,{at},"type":"battery","device":"m","value":101}}"#),
            "invalid_event",
        ),
        (
            format!(r#"{{"seq":1,{at},"type":"motion","device":"a b"}}"#),
            "invalid_event",
        ),
        (
            format!(r#"{{"seq":1,{at},"type":"motion","device":"m","colour":"red"}}"#),
            "invalid_event",
        ),
        (
            r#"{"seq":7,"at":"2026-11-27T15:05:01Z","type":"heartbeat"}"#.to_owned(),
            "timestamp_in_future",
        ),
        (
            r#"{"seq":1,"at":"yesterday","type":"heartbeat"}"#.to_owned(),
            "invalid_event",
        ),
    ];
    for (event, code) in cases {
        assert_eq!(one(&event).unwrap_err().code(), code, "{event}");
    }
    assert!(one(r#"{"seq":7,"at":"2026-11-27T15:05:00Z","type":"heartbeat"}"#).is_ok());
    let many = vec![r#"{"seq":1,"at":"2026-11-27T15:00:00Z","type":"heartbeat"}"#; MAX_EVENTS + 1];
    let body = format!(r#"{{"events":[{}]}}"#, many.join(","));
    assert_eq!(
        parse_batch(body.as_bytes(), NOW).unwrap_err(),
        IngestRefusal::BatchSize
    );
}

#[test]
fn one_bad_event_refuses_the_whole_batch() {
    let body = r#"{"events":[
        {"seq":1,"at":"2026-11-27T14:59:00Z","type":"motion","device":"m"},
        {"seq":2,"at":"2026-11-27T14:59:00Z","type":"nope"}
    ]}"#;
    assert_eq!(
        parse_batch(body.as_bytes(), NOW).unwrap_err(),
        IngestRefusal::UnknownEventType("nope".into())
    );
}

#[test]
fn the_lists_name_every_type_and_actor() {
    for word in EVENT_TYPES {
        let event = format!(
            r#"{{"seq":1,"at":"2026-11-27T15:00:00Z","type":"{word}","mode":"away","device":"d","value":5}}"#
        );
        assert_eq!(one(&event).unwrap()[0].kind.word(), word);
    }
    for word in ACTOR_KINDS {
        let actor: Actor =
            serde_json::from_str(&format!(r#"{{"kind":"{word}","user":"u"}}"#)).unwrap();
        assert_eq!(actor.word(), word);
    }
}
