//! MOIM the way a user models it with serde: one `#[serde(tag = "type")]` enum (the `module`
//! half of the name is always `MOIM` and nobody checks it), owned strings, unknown members
//! ignored. Lossy on purpose: this is what `hookspec::moim` is measured against.
#![allow(dead_code)]

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(tag = "type")]
pub enum Event {
    #[serde(rename = "member.joined")]
    MemberJoined(Delivery<Id>),
    #[serde(rename = "member.updated")]
    MemberUpdated(Delivery<Id>),
    #[serde(rename = "member.activated")]
    MemberActivated(Delivery<MemberActivated>),
    #[serde(rename = "product.created")]
    ProductCreated(Delivery<Id>),
    #[serde(rename = "product.updated")]
    ProductUpdated(Delivery<Id>),
    #[serde(rename = "product.voted")]
    ProductVoted(Delivery<ProductVoted>),
    #[serde(rename = "payment.paid")]
    PaymentPaid(Delivery<PaymentPaid>),
    #[serde(rename = "payment.cancelled")]
    PaymentCancelled(Delivery<Id>),
    #[serde(rename = "payment.purchaseItemConfirmed")]
    PaymentPurchaseItemConfirmed(Delivery<Id>),
    #[serde(rename = "subscription.subscribed")]
    SubscriptionSubscribed(Delivery<SubscriptionSubscribed>),
    #[serde(rename = "subscription.expired")]
    SubscriptionExpired(Delivery<SubscriptionExpired>),
    #[serde(rename = "message.created")]
    MessageCreated(Delivery<MessageCreated>),
    #[serde(rename = "content.created")]
    ContentCreated(Delivery<ContentCreated>),
}

#[derive(Debug, Deserialize)]
pub struct Delivery<P> {
    pub module: String,
    pub context: Context,
    pub payload: P,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Context {
    pub origin_community_id: String,
    pub user_id: String,
    pub community_id: String,
}

#[derive(Debug, Deserialize)]
pub struct Id {
    pub id: String,
}

#[derive(Debug, Deserialize)]
pub struct MemberActivated {
    pub id: String,
    pub inviter: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ProductVoted {
    pub id: String,
    pub voted: bool,
}

#[derive(Debug, Deserialize)]
pub struct PaymentPaid {
    pub id: String,
    pub purchases: Vec<Purchase>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Purchase {
    pub id: String,
    pub purchase_items: Vec<PurchaseItem>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseItem {
    pub id: String,
    pub product_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionSubscribed {
    pub id: String,
    pub payment: Option<String>,
    pub product_id: String,
    pub is_renewal: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionExpired {
    pub id: String,
    pub product_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageCreated {
    pub id: String,
    pub conversation_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentCreated {
    pub content_id: String,
}
