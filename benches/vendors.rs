//! Reading the documented examples of every body-named vendor six ways, over the same bytes:
//!
//! - `parse`: the vendor module's `parse` (typed, lossless dispatch on the name member);
//! - `known`: `serde_json::from_slice` into the event's own type, the name being known in
//!   advance (the floor for any dispatch: what is left is finding the name);
//! - `serde_tag`: a hand-written `#[derive(Deserialize)] #[serde(tag = "...")]` enum with owned
//!   strings that ignores what it does not model (`benches/models/<vendor>.rs`): what users
//!   write instead;
//! - `value`: `serde_json::Value`;
//! - `ignored`: `serde::de::IgnoredAny`, the cost of scanning the JSON at all;
//! - `floor`: the floor of any owned typed parse (`benches/models/floor.rs`): the JSON walked, every
//!   string value owned, nothing built.
//!
//! Each benched body is a group `<vendor>/<event>` with the functions above (per vendor: the
//! smallest and the largest example and a few chosen ones); `<vendor>/all` reads every example
//! of the vendor per iteration (its parameter is the number of examples, so a report divides
//! by it to get a time per delivery). Throughput is in bytes.
//!
//! `cargo bench --bench vendors`; `scripts/bench` runs it with the GitHub corpus bench and
//! writes `docs/benchmarks.md`. Before anything is timed every example is checked to parse into
//! its own event with `parse`, with the known type and with the hand-written model, so a model
//! or a table entry that does not fit fails loudly.

use std::error::Error;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hookspec::EventInfo;
use serde::de::IgnoredAny;
use serde_json::Value;

#[path = "models/duda.rs"]
mod duda_model;
#[path = "models/floor.rs"]
mod floor;
#[path = "models/gately.rs"]
mod gately_model;
#[path = "models/memberstack.rs"]
mod memberstack_model;
#[path = "models/moim.rs"]
mod moim_model;

/// Reads one body, dropping what it built (inside the timed loop, as a handler would).
type Reader = fn(&[u8]) -> Result<(), Box<dyn Error>>;

/// Deserializes a body into `$ty`.
macro_rules! read_as {
    ($ty:ty) => {
        |body: &[u8]| -> Result<(), Box<dyn Error>> {
            let value: $ty = serde_json::from_slice(body)?;
            black_box(value);
            Ok(())
        }
    };
}

/// The known type of an event: what `serde_json` reads the body into when the name is known.
struct Known {
    name: &'static str,
    type_name: fn() -> &'static str,
    read: Reader,
}

macro_rules! known {
    ($($name:literal => $ty:ty),* $(,)?) => {
        &[$(Known { name: $name, type_name: std::any::type_name::<$ty>, read: read_as!($ty) }),*]
    };
}

/// One vendor: its events, its `parse`, its hand-written model, the known type of each event.
struct VendorBench {
    id: &'static str,
    events: &'static [EventInfo],
    parse: Reader,
    serde_tag: Reader,
    known: &'static [Known],
    /// Events benched besides the smallest and the largest example.
    also: &'static [&'static str],
}

fn vendors() -> Vec<VendorBench> {
    use hookspec::{duda, gately, memberstack, moim};
    vec![
        VendorBench {
            id: "moim",
            events: moim::EVENTS,
            parse: |body| {
                black_box(moim::parse(body)?);
                Ok(())
            },
            serde_tag: read_as!(moim_model::Event),
            known: known! {
                "member.joined" => moim::Envelope<moim::MemberJoined>,
                "member.updated" => moim::Envelope<moim::MemberUpdated>,
                "member.activated" => moim::Envelope<moim::MemberActivated>,
                "product.created" => moim::Envelope<moim::ProductCreated>,
                "product.updated" => moim::Envelope<moim::ProductUpdated>,
                "product.voted" => moim::Envelope<moim::ProductVoted>,
                "payment.paid" => moim::Envelope<moim::PaymentPaid>,
                "payment.cancelled" => moim::Envelope<moim::PaymentCancelled>,
                "payment.purchaseItemConfirmed" => moim::Envelope<moim::PaymentPurchaseItemConfirmed>,
                "subscription.subscribed" => moim::Envelope<moim::SubscriptionSubscribed>,
                "subscription.expired" => moim::Envelope<moim::SubscriptionExpired>,
                "message.created" => moim::Envelope<moim::MessageCreated>,
                "content.created" => moim::Envelope<moim::ContentCreated>,
            },
            also: &["subscription.subscribed"],
        },
        VendorBench {
            id: "gately",
            events: gately::EVENTS,
            parse: |body| {
                black_box(gately::parse(body)?);
                Ok(())
            },
            serde_tag: read_as!(gately_model::Event),
            known: known! {
                "member.created" => gately::Envelope<gately::MemberCreated>,
                "member.updated" => gately::Envelope<gately::MemberUpdated>,
                "member.deleted" => gately::Envelope<gately::MemberDeleted>,
                "member.login" => gately::Envelope<gately::MemberLogin>,
                "member.plan_changed" => gately::Envelope<gately::MemberPlanChanged>,
                "form.submitted" => gately::Envelope<gately::FormSubmitted>,
                "form.created" => gately::Envelope<gately::FormCreated>,
                "subscription.created" => gately::Envelope<gately::SubscriptionCreated>,
                "subscription.cancelled" => gately::Envelope<gately::SubscriptionCancelled>,
                "payment.succeeded" => gately::Envelope<gately::PaymentSucceeded>,
                "payment.failed" => gately::Envelope<gately::PaymentFailed>,
                "ticket.created" => gately::Envelope<gately::TicketCreated>,
                "ticket.replied" => gately::Envelope<gately::TicketReplied>,
                "testimonial.submitted" => gately::Envelope<gately::TestimonialSubmitted>,
                "testimonial.approved" => gately::Envelope<gately::TestimonialApproved>,
            },
            also: &["payment.failed"],
        },
        VendorBench {
            id: "memberstack",
            events: memberstack::EVENTS,
            parse: |body| {
                black_box(memberstack::parse(body)?);
                Ok(())
            },
            serde_tag: read_as!(memberstack_model::Event),
            known: known! {
                "member.created" => memberstack::Envelope<memberstack::Member>,
                "member.updated" => memberstack::Envelope<memberstack::Member>,
                "member.deleted" => memberstack::Envelope<memberstack::MemberDeleted>,
                "member.plan.added" => memberstack::Envelope<memberstack::MemberPlanConnection>,
                "member.plan.updated" => memberstack::Envelope<memberstack::MemberPlanConnection>,
                "member.plan.replaced" => memberstack::Envelope<memberstack::MemberPlanReplaced>,
                "member.plan.canceled" => memberstack::Envelope<memberstack::MemberPlanCanceled>,
                "payment.failed" => memberstack::Envelope<memberstack::MemberPlanConnection>,
                "payment.succeeded" => memberstack::Envelope<memberstack::MemberPlanConnection>,
            },
            also: &["member.created"],
        },
        VendorBench {
            id: "duda",
            events: duda::EVENTS,
            parse: |body| {
                black_box(duda::parse(body)?);
                Ok(())
            },
            serde_tag: read_as!(duda_model::Event),
            known: known! {
                "PUBLISH" => duda::Envelope<duda::Publish>,
                "UNPUBLISH" => duda::Envelope<hookspec::EpochMillis>,
                "CONTACT_FORM_SENT_V2" => duda::Envelope<duda::ContactFormSentV2>,
                "SITE_CREATED" => duda::Envelope<hookspec::UndocumentedPayload>,
                "DOMAIN_UPDATED" => duda::Envelope<duda::DomainUpdated>,
                "BLOG_POST_PUBLISH" => duda::Envelope<duda::BlogPostPublish>,
                "NEW_CONVERSATION" => duda::Envelope<duda::NewConversation>,
                "NEW_COMMENT" => duda::Envelope<duda::ConversationComment>,
                "CONVERSATION_UPDATED" => duda::Envelope<duda::ConversationUpdated>,
                "COMMENT_EDITED" => duda::Envelope<duda::ConversationComment>,
                "COMMENT_DELETED" => duda::Envelope<duda::CommentDeleted>,
                "STORE_ORDER_CREATED" => duda::Envelope<duda::StoreOrderEvent>,
                "STORE_ORDER_UPDATED" => duda::Envelope<duda::StoreOrderEvent>,
                "STORE_ORDER_DELETED" => duda::Envelope<duda::StoreOrderEvent>,
                "STORE_PRODUCT_CREATED" => duda::Envelope<duda::StoreEntityEvent>,
                "STORE_PRODUCT_UPDATED" => duda::Envelope<duda::StoreEntityEvent>,
                "STORE_PRODUCT_DELETED" => duda::Envelope<duda::StoreEntityEvent>,
                "STORE_CATEGORY_CREATED" => duda::Envelope<duda::StoreEntityEvent>,
                "STORE_CATEGORY_UPDATED" => duda::Envelope<duda::StoreEntityEvent>,
                "STORE_CATEGORY_DELETED" => duda::Envelope<duda::StoreEntityEvent>,
                "ECOMM_ORDER_CREATED" => duda::Envelope<duda::Order>,
                "CATEGORY_CREATED" => duda::Envelope<duda::Category>,
                "CATEGORY_UPDATED" => duda::Envelope<duda::Category>,
                "MEMBER_CREATED" => duda::Envelope<duda::Member>,
                "MEMBER_UPDATED" => duda::Envelope<duda::Member>,
                "MEMBER_DELETED" => duda::Envelope<duda::Member>,
            },
            // The 2.7 KB order, whose name comes last, is also the largest example today.
            also: &["CONTACT_FORM_SENT_V2", "ECOMM_ORDER_CREATED"],
        },
    ]
}

/// A documented example and the known type of its event.
struct Example {
    name: &'static str,
    body: &'static [u8],
    known: Reader,
}

/// A type's name without its module paths: the spec says `hookspec::EpochMillis` where
/// `type_name` says `hookspec::scalars::EpochMillis`; both are `EpochMillis`.
fn without_paths(type_name: &str) -> String {
    let (mut out, mut ident) = (String::new(), String::new());
    let mut rest = type_name;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("::") {
            ident.clear();
            rest = after;
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            ident.push(c);
        } else {
            out.push_str(&ident);
            ident.clear();
            if !c.is_whitespace() {
                out.push(c);
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    out + &ident
}

/// Every example of `vendor`, each checked: `parse` reads it as its own (known) event, the known
/// type and the hand-written model read it, and the known table matches the spec's types. What
/// does not fit goes to `problems`.
fn examples(vendor: &VendorBench, problems: &mut Vec<String>) -> Vec<Example> {
    let registry = hookspec::vendor(vendor.id)
        .unwrap_or_else(|| panic!("vendor `{}` is not compiled in", vendor.id));
    let mut examples = Vec::new();
    for known in vendor.known {
        if EventInfo::find(vendor.events, known.name).is_none() {
            problems.push(format!(
                "{}: the table names `{}`, not in the spec",
                vendor.id, known.name
            ));
        }
    }
    for info in vendor.events {
        let Some(example) = info.example else {
            continue;
        };
        let at = format!("{} `{}`", vendor.id, info.name);
        let Some(known) = vendor.known.iter().find(|known| known.name == info.name) else {
            problems.push(format!("{at}: no known type in the bench's table: add it"));
            continue;
        };
        let (spec_type, bench_type) = (
            without_paths(info.rust_type),
            without_paths((known.type_name)()),
        );
        if spec_type != bench_type {
            problems.push(format!(
                "{at}: the spec's type is `{}`, the table has `{}`",
                info.rust_type,
                (known.type_name)()
            ));
        }
        let body = example.as_bytes();
        match registry.parse(body) {
            Ok(event) if event.info().is_some_and(|parsed| parsed.name == info.name) => {}
            Ok(event) => problems.push(format!("{at}: `parse` read `{}`", event.name())),
            Err(error) => problems.push(format!("{at}: `parse` failed: {error}")),
        }
        for (what, read) in [
            ("parse", vendor.parse),
            ("known", known.read),
            ("serde_tag", vendor.serde_tag),
        ] {
            if let Err(error) = read(body) {
                problems.push(format!("{at}: `{what}` failed: {error}"));
            }
        }
        examples.push(Example {
            name: info.name,
            body,
            known: known.read,
        });
    }
    if examples.is_empty() {
        problems.push(format!("{} has no documented example", vendor.id));
    }
    examples
}

/// The examples to bench one by one: the smallest, the largest and `also`, by size.
fn chosen<'e>(vendor: &VendorBench, examples: &'e [Example]) -> Vec<&'e Example> {
    let by_size = |example: &&Example| example.body.len();
    let smallest = examples.iter().min_by_key(by_size).expect("examples");
    let largest = examples.iter().max_by_key(by_size).expect("examples");
    let mut chosen = vec![smallest, largest];
    for name in vendor.also {
        let example = examples
            .iter()
            .find(|example| example.name == *name)
            .unwrap_or_else(|| panic!("{}: `{name}` has no example to bench", vendor.id));
        chosen.push(example);
    }
    chosen.sort_by_key(|example| (example.body.len(), example.name));
    chosen.dedup_by_key(|example| example.name);
    chosen
}

fn value(body: &[u8]) -> Result<(), Box<dyn Error>> {
    black_box(serde_json::from_slice::<Value>(body)?);
    Ok(())
}

fn ignored(body: &[u8]) -> Result<(), Box<dyn Error>> {
    black_box(serde_json::from_slice::<IgnoredAny>(body)?);
    Ok(())
}

fn floor(body: &[u8]) -> Result<(), Box<dyn Error>> {
    black_box(serde_json::from_slice::<floor::Owned>(body)?);
    Ok(())
}

/// Which reader a benchmark function uses for an example.
type Pick = fn(&VendorBench, &Example) -> Reader;

/// The benchmark functions, by the names the report reads.
const FUNCTIONS: [(&str, Pick); 6] = [
    ("parse", |vendor, _| vendor.parse),
    ("known", |_, example| example.known),
    ("serde_tag", |vendor, _| vendor.serde_tag),
    ("value", |_, _| value),
    ("ignored", |_, _| ignored),
    ("floor", |_, _| floor),
];

fn bench(c: &mut Criterion) {
    // Everything is checked before anything is timed.
    let mut problems = Vec::new();
    let vendors: Vec<(VendorBench, Vec<Example>)> = vendors()
        .into_iter()
        .map(|vendor| {
            let examples = examples(&vendor, &mut problems);
            (vendor, examples)
        })
        .collect();
    assert!(
        problems.is_empty(),
        "the vendors bench does not fit the specs:\n  {}",
        problems.join("\n  ")
    );
    for (vendor, examples) in vendors {
        for example in chosen(&vendor, &examples) {
            let mut group = c.benchmark_group(format!("{}/{}", vendor.id, example.name));
            group.throughput(Throughput::BytesDecimal(example.body.len() as u64));
            for (function, pick) in FUNCTIONS {
                let read = pick(&vendor, example);
                group.bench_function(function, |b| b.iter(|| read(black_box(example.body))));
            }
            group.finish();
        }

        // Every example per iteration; the parameter is how many.
        let mut group = c.benchmark_group(format!("{}/all", vendor.id));
        let bytes: usize = examples.iter().map(|example| example.body.len()).sum();
        group.throughput(Throughput::BytesDecimal(bytes as u64));
        for (function, pick) in FUNCTIONS {
            let reads: Vec<(Reader, &[u8])> = examples
                .iter()
                .map(|example| (pick(&vendor, example), example.body))
                .collect();
            group.bench_function(BenchmarkId::new(function, reads.len()), |b| {
                b.iter(|| {
                    for (read, body) in &reads {
                        black_box(read(black_box(body))).expect("checked before timing");
                    }
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
