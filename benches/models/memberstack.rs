//! Memberstack the way a user models it with serde: one `#[serde(tag = "event")]` enum (the
//! documented alias `member.plan.created` as a serde alias), owned strings, `Value` for
//! free-form maps, unknown members ignored. Lossy on purpose: this is what
//! `hookspec::memberstack` is measured against.
#![allow(dead_code)]

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(tag = "event")]
pub enum Event {
    #[serde(rename = "member.created")]
    MemberCreated(Delivery<Member>),
    #[serde(rename = "member.updated")]
    MemberUpdated(Delivery<Member>),
    #[serde(rename = "member.deleted")]
    MemberDeleted(Delivery<MemberId>),
    #[serde(rename = "member.plan.added", alias = "member.plan.created")]
    MemberPlanAdded(Delivery<MemberPlanConnection>),
    #[serde(rename = "member.plan.updated")]
    MemberPlanUpdated(Delivery<MemberPlanConnection>),
    #[serde(rename = "member.plan.replaced")]
    MemberPlanReplaced(Delivery<MemberPlanReplaced>),
    #[serde(rename = "member.plan.canceled")]
    MemberPlanCanceled(Delivery<MemberPlanCanceled>),
    #[serde(rename = "payment.failed")]
    PaymentFailed(Delivery<MemberPlanConnection>),
    #[serde(rename = "payment.succeeded")]
    PaymentSucceeded(Delivery<MemberPlanConnection>),
}

#[derive(Debug, Deserialize)]
pub struct Delivery<P> {
    /// Epoch milliseconds.
    pub timestamp: i64,
    pub payload: P,
    pub reason: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub id: String,
    pub auth: Auth,
    pub meta_data: HashMap<String, Value>,
    pub custom_fields: HashMap<String, Value>,
    pub verified: Option<bool>,
    pub profile_image: Option<String>,
    pub stripe_customer_id: Option<String>,
    pub plan_connections: Option<Vec<PlanConnection>>,
}

#[derive(Debug, Deserialize)]
pub struct Auth {
    pub email: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanConnection {
    pub id: String,
    pub active: bool,
    pub status: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub plan_id: String,
    pub member_id: String,
}

#[derive(Debug, Deserialize)]
pub struct MemberId {
    pub id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberPlanConnection {
    pub id: String,
    pub plan_connection: PlanConnection,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberPlanReplaced {
    pub id: String,
    pub prev_plan: String,
    pub plan_connection: PlanConnection,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberPlanCanceled {
    pub id: String,
    pub plan_connection_id: String,
}
