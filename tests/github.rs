//! GitHub through the generated API, without the corpus: header-named dispatch, compound
//! names, what the spec does not list, and errors deep in a payload. (`tests/github_corpus.rs`
//! runs every real delivery of the shared corpus; `tests/receiver.rs` the axum extractor.)
#![cfg(feature = "github")]

mod common;

use hookspec::github::{self, Event, IssuesEvent};
use hookspec::{ParseError, SubName};
use serde_json::{Value, json};

fn parse(name: &str, body: &Value) -> Result<Event, ParseError> {
    github::parse_request(
        [("X-GitHub-Event", name.as_bytes())],
        body.to_string().as_bytes(),
    )
}

fn ping() -> Value {
    serde_json::from_str(common::GITHUB_PING).unwrap()
}

#[test]
fn a_ping_parses_typed_and_round_trips() {
    let event = parse("ping", &ping()).unwrap();
    let Event::Ping(ping_event) = &event else {
        panic!("not a ping: {event:?}");
    };
    assert_eq!(ping_event.zen, "Keep it logically awesome.");
    assert_eq!(ping_event.hook.events, vec![json!("issues"), json!("push")]);
    assert_eq!(ping_event.hook.created_at.as_str(), "2026-11-30T09:15:00Z");
    assert_eq!(event.name(), "ping");
    let info = event.info().unwrap();
    assert_eq!((info.base_name, info.sub_name), ("ping", SubName::None));
    assert_eq!(serde_json::to_value(&event).unwrap(), ping());
}

#[test]
fn header_names_match_case_insensitively_and_parse_named_skips_headers() {
    let body = common::GITHUB_PING.as_bytes();
    let lower = github::parse_request([("x-github-event", b"ping".as_slice())], body).unwrap();
    let named = github::parse_named("ping", body).unwrap();
    assert_eq!(lower, named);
    assert!(matches!(named, Event::Ping(_)));
}

#[test]
fn an_action_the_spec_does_not_list_is_kept_under_its_known_event() {
    let body = json!({
        "action": "teleported",
        "issue": {"number": 7, "brand_new": true},
        "repository": {"full_name": "octo-org/hello"}
    });
    let event = parse("issues", &body).unwrap();
    let Event::Issues(IssuesEvent::Unknown(unknown)) = &event else {
        panic!("not an unlisted `issues` action: {event:?}");
    };
    assert_eq!(unknown.name(), "issues.teleported");
    assert_eq!(unknown.json(), &body);
    // Known event name, unknown sub-name: distinct from an unknown event.
    assert!(!matches!(event, Event::Unknown(_)));
    assert_eq!(event.name(), "issues.teleported");
    assert!(event.info().is_none());
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
}

#[test]
fn an_event_the_spec_does_not_know_is_kept_whole() {
    let body = json!({"action": "beamed", "teleport": {"id": 1}, "sender": {"login": "octocat"}});
    let event = parse("teleport", &body).unwrap();
    let Event::Unknown(unknown) = &event else {
        panic!("not unknown: {event:?}");
    };
    assert_eq!(unknown.name(), "teleport.beamed");
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
    // Without a sub-name member the name is the header's alone.
    let event = parse("teleport", &json!({"id": 1})).unwrap();
    assert_eq!(event.name(), "teleport");
}

#[test]
fn an_unknown_member_deep_in_a_payload_is_kept() {
    let mut body = ping();
    body["hook"]["config"]["delivery_region"] = json!({"primary": "eu-west", "weights": [1, 2]});
    body["hook"]["last_response"]["retry_after"] = json!(null);
    let event = parse("ping", &body).unwrap();
    let Event::Ping(ping_event) = &event else {
        panic!("not a ping: {event:?}");
    };
    assert_eq!(
        ping_event.hook.config.extra["delivery_region"],
        json!({"primary": "eu-west", "weights": [1, 2]})
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
}

#[test]
fn a_wrong_type_deep_in_a_payload_names_its_path() {
    let mut body = ping();
    body["hook"]["config"]["url"] = json!(5);
    let error = parse("ping", &body).unwrap_err().to_string();
    assert!(error.starts_with("hook.config.url: "), "{error}");

    let mut body = ping();
    body["hook"]["events"] = json!("push");
    let error = parse("ping", &body).unwrap_err().to_string();
    assert!(error.starts_with("hook.events: "), "{error}");

    // A required member missing deep down is drift (the spec is `presence: tolerant`): the
    // delivery parses, says so, and serializes back without the member.
    let mut body = ping();
    body["hook"].as_object_mut().unwrap().remove("ping_url");
    let event = parse("ping", &body).unwrap();
    assert_eq!(
        hookspec::VendorEvent::drift(&event),
        [hookspec::Drift {
            path: "hook.ping_url".to_owned(),
            kind: hookspec::DriftKind::Absent
        }]
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
}

#[test]
fn a_missing_or_repeated_event_header_is_an_error() {
    let body = common::GITHUB_PING.as_bytes();
    let none: [(&str, &[u8]); 0] = [];
    let error = github::parse_request(none, body).unwrap_err().to_string();
    assert!(error.contains("X-GitHub-Event"), "{error}");
    let twice = [
        ("X-GitHub-Event", b"ping".as_slice()),
        ("x-github-event", b"ping".as_slice()),
    ];
    assert!(github::parse_request(twice, body).is_err());
}

#[test]
fn common_members_are_reached_without_matching_the_event() {
    let mut body = ping();
    body["sender"] = json!({
        "login": "octocat", "id": 1, "node_id": "MDQ6VXNlcjE=",
        "avatar_url": "https://github.com/images/error/octocat_happy.gif",
        "gravatar_id": "", "url": "https://api.github.com/users/octocat",
        "html_url": "https://github.com/octocat",
        "followers_url": "https://api.github.com/users/octocat/followers",
        "following_url": "https://api.github.com/users/octocat/following{/other_user}",
        "gists_url": "https://api.github.com/users/octocat/gists{/gist_id}",
        "starred_url": "https://api.github.com/users/octocat/starred{/owner}{/repo}",
        "subscriptions_url": "https://api.github.com/users/octocat/subscriptions",
        "organizations_url": "https://api.github.com/users/octocat/orgs",
        "repos_url": "https://api.github.com/users/octocat/repos",
        "events_url": "https://api.github.com/users/octocat/events{/privacy}",
        "received_events_url": "https://api.github.com/users/octocat/received_events",
        "type": "User", "site_admin": false
    });
    let event = parse("ping", &body).unwrap();
    assert_eq!(
        event.sender().map(|user| user.login.as_str()),
        Some("octocat")
    );
    assert!(event.repository().is_none());
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
    // An unknown event has no typed common members.
    assert!(parse("teleport", &body).unwrap().sender().is_none());
}
