//! Gately the way a user models it with serde: one `#[serde(tag = "event")]` enum, owned
//! strings (timestamps too), `serde_json::Value` for free-form JSON, unknown members ignored.
//! Lossy on purpose: this is what `hookspec::gately` is measured against.
#![allow(dead_code)]

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(tag = "event")]
pub enum Event {
    #[serde(rename = "member.created")]
    MemberCreated(Delivery<MemberCreated>),
    #[serde(rename = "member.updated")]
    MemberUpdated(Delivery<MemberUpdated>),
    #[serde(rename = "member.deleted")]
    MemberDeleted(Delivery<MemberDeleted>),
    #[serde(rename = "member.login")]
    MemberLogin(Delivery<MemberLogin>),
    #[serde(rename = "member.plan_changed")]
    MemberPlanChanged(Delivery<MemberPlanChanged>),
    #[serde(rename = "form.submitted")]
    FormSubmitted(Delivery<FormSubmitted>),
    #[serde(rename = "form.created")]
    FormCreated(Delivery<FormCreated>),
    #[serde(rename = "subscription.created")]
    SubscriptionCreated(Delivery<SubscriptionCreated>),
    #[serde(rename = "subscription.cancelled")]
    SubscriptionCancelled(Delivery<SubscriptionCancelled>),
    #[serde(rename = "payment.succeeded")]
    PaymentSucceeded(Delivery<PaymentSucceeded>),
    #[serde(rename = "payment.failed")]
    PaymentFailed(Delivery<PaymentFailed>),
    #[serde(rename = "ticket.created")]
    TicketCreated(Delivery<TicketCreated>),
    #[serde(rename = "ticket.replied")]
    TicketReplied(Delivery<TicketReplied>),
    #[serde(rename = "testimonial.submitted")]
    TestimonialSubmitted(Delivery<TestimonialSubmitted>),
    #[serde(rename = "testimonial.approved")]
    TestimonialApproved(Delivery<TestimonialApproved>),
}

#[derive(Debug, Deserialize)]
pub struct Delivery<D> {
    pub id: String,
    pub created_at: String,
    pub project_id: String,
    pub data: D,
}

#[derive(Debug, Deserialize)]
pub struct MemberCreated {
    pub id: String,
    pub email: String,
    pub full_name: String,
    pub avatar_url: Option<String>,
    pub plan_id: String,
    pub status: String,
    pub metadata: Value,
    pub created_at: String,
}

#[derive(Debug, Deserialize)]
pub struct MemberUpdated {
    pub id: String,
    pub email: String,
    pub full_name: String,
    pub changes: HashMap<String, FieldChange>,
}

#[derive(Debug, Deserialize)]
pub struct FieldChange {
    pub old: Value,
    pub new: Value,
}

#[derive(Debug, Deserialize)]
pub struct MemberDeleted {
    pub id: String,
    pub email: String,
    pub deleted_at: String,
}

#[derive(Debug, Deserialize)]
pub struct MemberLogin {
    pub id: String,
    pub email: String,
    pub ip_address: String,
    pub user_agent: String,
    pub login_method: String,
}

#[derive(Debug, Deserialize)]
pub struct MemberPlanChanged {
    pub id: String,
    pub email: String,
    pub previous_plan: String,
    pub new_plan: String,
    pub changed_at: String,
}

#[derive(Debug, Deserialize)]
pub struct FormSubmitted {
    pub form_id: String,
    pub form_name: String,
    pub submission_id: String,
    pub fields: HashMap<String, String>,
    pub files: Vec<Value>,
    pub submitted_at: String,
    pub ip_address: String,
}

#[derive(Debug, Deserialize)]
pub struct FormCreated {
    pub id: String,
    pub name: String,
    pub status: String,
    pub created_by: String,
    pub created_at: String,
}

#[derive(Debug, Deserialize)]
pub struct SubscriptionCreated {
    pub id: String,
    pub member_id: String,
    pub plan_id: String,
    pub status: String,
    pub current_period_start: String,
    pub current_period_end: String,
    pub stripe_subscription_id: String,
}

#[derive(Debug, Deserialize)]
pub struct SubscriptionCancelled {
    pub id: String,
    pub member_id: String,
    pub plan_id: String,
    pub cancel_at_period_end: bool,
    pub cancelled_at: String,
    pub effective_date: String,
}

#[derive(Debug, Deserialize)]
pub struct PaymentSucceeded {
    pub id: String,
    pub member_id: String,
    pub amount: i64,
    pub currency: String,
    pub description: String,
    pub stripe_payment_intent_id: String,
    pub paid_at: String,
}

#[derive(Debug, Deserialize)]
pub struct PaymentFailed {
    pub id: String,
    pub member_id: String,
    pub amount: i64,
    pub currency: String,
    pub error_code: String,
    pub error_message: String,
    pub failed_at: String,
}

#[derive(Debug, Deserialize)]
pub struct TicketCreated {
    pub id: String,
    pub subject: String,
    pub status: String,
    pub priority: String,
    pub customer_email: String,
    pub customer_name: String,
    pub created_at: String,
}

#[derive(Debug, Deserialize)]
pub struct TicketReplied {
    pub ticket_id: String,
    pub reply_id: String,
    pub author_type: String,
    pub author_email: String,
    pub message: String,
    pub created_at: String,
}

#[derive(Debug, Deserialize)]
pub struct TestimonialSubmitted {
    pub id: String,
    pub name: String,
    pub email: String,
    pub company: String,
    pub rating: i64,
    pub content: String,
    pub status: String,
    pub submitted_at: String,
}

#[derive(Debug, Deserialize)]
pub struct TestimonialApproved {
    pub id: String,
    pub name: String,
    pub approved_by: String,
    pub approved_at: String,
}
