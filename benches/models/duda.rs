//! Duda the way a user models it with serde: one `#[serde(tag = "event_type")]` enum (the tag
//! comes last in Duda's bodies, so serde buffers everything before it), owned strings (money and
//! timestamps too), `i64`/`f64`, `Value` for free-form JSON, unknown members ignored. Lossy on
//! purpose: this is what `hookspec::duda` is measured against.
#![allow(dead_code)]

use serde::Deserialize;
use serde_json::Value;

// Unboxed variants, as users write them (and as serde fills them).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Deserialize)]
#[serde(tag = "event_type")]
pub enum Event {
    #[serde(rename = "PUBLISH")]
    Publish(Delivery<Publish>),
    #[serde(rename = "UNPUBLISH")]
    Unpublish(Delivery<i64>),
    #[serde(rename = "CONTACT_FORM_SENT_V2")]
    ContactFormSentV2(Delivery<ContactForm>),
    #[serde(rename = "SITE_CREATED")]
    SiteCreated(SiteDelivery),
    #[serde(rename = "DOMAIN_UPDATED")]
    DomainUpdated(Delivery<DomainUpdated>),
    #[serde(rename = "BLOG_POST_PUBLISH")]
    BlogPostPublish(Delivery<BlogPostPublish>),
    #[serde(rename = "NEW_CONVERSATION")]
    NewConversation(Delivery<NewConversation>),
    #[serde(rename = "NEW_COMMENT")]
    NewComment(Delivery<ConversationComment>),
    #[serde(rename = "CONVERSATION_UPDATED")]
    ConversationUpdated(Delivery<ConversationUpdated>),
    #[serde(rename = "COMMENT_EDITED")]
    CommentEdited(Delivery<ConversationComment>),
    #[serde(rename = "COMMENT_DELETED")]
    CommentDeleted(Delivery<CommentDeleted>),
    #[serde(rename = "STORE_ORDER_CREATED")]
    StoreOrderCreated(Delivery<StoreOrderEvent>),
    #[serde(rename = "STORE_ORDER_UPDATED")]
    StoreOrderUpdated(Delivery<StoreOrderEvent>),
    #[serde(rename = "STORE_ORDER_DELETED")]
    StoreOrderDeleted(Delivery<StoreOrderEvent>),
    #[serde(rename = "STORE_PRODUCT_CREATED")]
    StoreProductCreated(Delivery<StoreEntityEvent>),
    #[serde(rename = "STORE_PRODUCT_UPDATED")]
    StoreProductUpdated(Delivery<StoreEntityEvent>),
    #[serde(rename = "STORE_PRODUCT_DELETED")]
    StoreProductDeleted(Delivery<StoreEntityEvent>),
    #[serde(rename = "STORE_CATEGORY_CREATED")]
    StoreCategoryCreated(Delivery<StoreEntityEvent>),
    #[serde(rename = "STORE_CATEGORY_UPDATED")]
    StoreCategoryUpdated(Delivery<StoreEntityEvent>),
    #[serde(rename = "STORE_CATEGORY_DELETED")]
    StoreCategoryDeleted(Delivery<StoreEntityEvent>),
    #[serde(rename = "ECOMM_ORDER_CREATED")]
    EcommOrderCreated(Delivery<Order>),
    #[serde(rename = "CATEGORY_CREATED")]
    CategoryCreated(Delivery<Category>),
    #[serde(rename = "CATEGORY_UPDATED")]
    CategoryUpdated(Delivery<Category>),
    #[serde(rename = "MEMBER_CREATED")]
    MemberCreated(Delivery<Member>),
    #[serde(rename = "MEMBER_UPDATED")]
    MemberUpdated(Delivery<Member>),
    #[serde(rename = "MEMBER_DELETED")]
    MemberDeleted(Delivery<Member>),
}

#[derive(Debug, Deserialize)]
pub struct Delivery<D> {
    pub data: D,
    pub resource_data: ResourceData,
    pub source: Option<Source>,
    /// Epoch milliseconds.
    pub event_timestamp: i64,
    pub resource_type: Option<String>,
}

/// `SITE_CREATED` has no `data`.
#[derive(Debug, Deserialize)]
pub struct SiteDelivery {
    pub resource_data: ResourceData,
    pub source: Option<Source>,
    pub event_timestamp: i64,
    pub resource_type: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ResourceData {
    pub site_name: String,
    pub external_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Source {
    #[serde(rename = "type")]
    pub kind: String,
    pub account_name: String,
}

#[derive(Debug, Deserialize)]
pub struct Publish {
    pub republish: bool,
    pub first_publish: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactForm {
    #[serde(rename = "utm_campaign")]
    pub utm_campaign: Option<String>,
    pub fields_data: Vec<FormField>,
    pub recipients: Vec<String>,
    pub email_subject: String,
    pub email_sender: String,
}

#[derive(Debug, Deserialize)]
pub struct FormField {
    pub field_label: String,
    pub field_value: String,
    pub field_type: String,
    pub field_key: String,
    pub field_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DomainUpdated {
    pub domain: Option<String>,
    pub sub_domain: String,
    pub alternate_domains: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct BlogPostPublish {
    pub title: String,
    pub republish: bool,
    pub first_publish: bool,
}

#[derive(Debug, Deserialize)]
pub struct Comment {
    pub text: String,
    pub uuid: String,
}

#[derive(Debug, Deserialize)]
pub struct NewConversation {
    pub comment: Comment,
    pub conversation_context: ConversationContext,
    pub conversation_uuid: String,
}

#[derive(Debug, Deserialize)]
pub struct ConversationContext {
    pub page_uuid: String,
    pub device: String,
    pub conversation_number: i64,
}

#[derive(Debug, Deserialize)]
pub struct ConversationComment {
    pub comment: Comment,
    pub conversation_uuid: String,
}

#[derive(Debug, Deserialize)]
pub struct ConversationUpdated {
    pub conversation_properties: ConversationProperties,
    pub conversation_uuid: String,
}

#[derive(Debug, Deserialize)]
pub struct ConversationProperties {
    pub status: String,
    pub deleted: bool,
}

#[derive(Debug, Deserialize)]
pub struct CommentDeleted {
    pub comment: DeletedComment,
    pub conversation_uuid: String,
}

#[derive(Debug, Deserialize)]
pub struct DeletedComment {
    pub uuid: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreOrderEvent {
    pub site_alias: String,
    pub event_type: String,
    pub event_id: String,
    pub store_id: i64,
    /// Epoch seconds.
    pub event_created: i64,
    pub entity_id: i64,
    pub data: Option<StoreOrderChange>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreOrderChange {
    pub old_payment_status: Option<String>,
    pub new_payment_status: String,
    pub old_fulfillment_status: Option<String>,
    pub new_fulfillment_status: String,
    pub order_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreEntityEvent {
    pub site_alias: String,
    pub event_type: String,
    pub event_id: String,
    pub store_id: i64,
    pub event_created: i64,
    pub entity_id: i64,
    pub data: Option<Value>,
}

#[derive(Debug, Deserialize)]
pub struct Order {
    pub mode: String,
    pub id: String,
    pub status: String,
    pub email: String,
    pub invoice_number: String,
    pub items: Vec<OrderItem>,
    pub billing_address: Address,
    pub shipping_address: Address,
    pub shipping_method: ShippingMethod,
    pub shipping_instructions: Option<String>,
    pub discounts: Vec<Value>,
    pub taxes: Vec<Tax>,
    pub subtotal: String,
    pub total: String,
    pub payment: Payment,
    pub refunds: Vec<Value>,
    pub tracking_url: Option<String>,
    pub tracking_number: Option<String>,
    pub created: String,
    pub user_agent: String,
    pub ip_address: String,
    pub metadata: Value,
}

#[derive(Debug, Deserialize)]
pub struct OrderItem {
    pub id: String,
    pub product_id: String,
    pub variation_id: String,
    pub name: String,
    pub image: Option<String>,
    pub options: Vec<ItemOption>,
    pub quantity: i64,
    pub unit_price: String,
    pub unit_weight: Option<Value>,
    pub unit_dimensions: Option<Value>,
    pub total: String,
    pub combined_weight: f64,
    pub metadata: Value,
}

#[derive(Debug, Deserialize)]
pub struct ItemOption {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Deserialize)]
pub struct Address {
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub full_name: String,
    pub address_1: String,
    pub address_2: String,
    pub street_number: String,
    pub street_name: String,
    pub city: String,
    pub sub_locality: Option<String>,
    pub region: String,
    pub country: String,
    pub postal_code: String,
    pub phone: String,
}

#[derive(Debug, Deserialize)]
pub struct ShippingMethod {
    pub name: String,
    pub cost: String,
}

#[derive(Debug, Deserialize)]
pub struct Tax {
    pub name: String,
    pub amount: String,
    pub rate: f64,
}

#[derive(Debug, Deserialize)]
pub struct Payment {
    pub transaction_id: String,
    pub status: String,
    pub currency: String,
    pub method: String,
    pub card_brand: String,
    pub card_last_4: String,
}

#[derive(Debug, Deserialize)]
pub struct Category {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub parent_id: Option<String>,
    pub image: Option<CategoryImage>,
    pub seo: Option<Value>,
    pub subcategories: Vec<Subcategory>,
    pub products: Vec<CategoryProduct>,
}

#[derive(Debug, Deserialize)]
pub struct CategoryImage {
    pub alt: Option<String>,
    pub url: String,
}

#[derive(Debug, Deserialize)]
pub struct Subcategory {
    pub id: String,
    pub title: String,
    pub order: i64,
}

#[derive(Debug, Deserialize)]
pub struct CategoryProduct {
    pub id: String,
    pub name: String,
    pub order: i64,
}

#[derive(Debug, Deserialize)]
pub struct Member {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub status: String,
    /// Epoch milliseconds.
    pub signup_timestamp: i64,
}
