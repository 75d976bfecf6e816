//! Three GitHub events the way a user models them with serde (octocrab-style structs: owned
//! strings, nested structs, `Option` where GitHub sends `null`, unknown members ignored),
//! dispatched on the `X-GitHub-Event` header with a `match`. GitHub's bodies carry no tag, so
//! there is no `#[serde(tag)]` enum to write; the `action` is a plain string member. Lossy on
//! purpose: this is what `hookspec::github` is measured against.
#![allow(dead_code)]

use serde::Deserialize;

// Unboxed variants, as users write them (and as serde fills them).
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Event {
    Issues(IssuesEvent),
    Push(PushEvent),
    PullRequest(PullRequestEvent),
    /// Not modelled: a user's handler ignores it (and reads nothing).
    Other(String),
}

/// Dispatches on the `X-GitHub-Event` header's value.
pub fn parse(name: &str, body: &[u8]) -> serde_json::Result<Event> {
    Ok(match name {
        "issues" => Event::Issues(serde_json::from_slice(body)?),
        "push" => Event::Push(serde_json::from_slice(body)?),
        "pull_request" => Event::PullRequest(serde_json::from_slice(body)?),
        other => Event::Other(other.to_owned()),
    })
}

#[derive(Debug, Deserialize)]
pub struct IssuesEvent {
    pub action: String,
    pub issue: Issue,
    pub repository: Repository,
    pub sender: User,
    pub installation: Option<Installation>,
    pub organization: Option<Organization>,
}

#[derive(Debug, Deserialize)]
pub struct PushEvent {
    #[serde(rename = "ref")]
    pub git_ref: String,
    pub before: String,
    pub after: String,
    pub created: bool,
    pub deleted: bool,
    pub forced: bool,
    pub base_ref: Option<String>,
    pub compare: String,
    pub commits: Vec<Commit>,
    pub head_commit: Option<Commit>,
    pub repository: Repository,
    pub pusher: CommitUser,
    pub sender: User,
    pub installation: Option<Installation>,
    pub organization: Option<Organization>,
}

#[derive(Debug, Deserialize)]
pub struct PullRequestEvent {
    pub action: String,
    pub number: i64,
    pub pull_request: PullRequest,
    pub repository: Repository,
    pub sender: User,
    pub installation: Option<Installation>,
    pub organization: Option<Organization>,
}

#[derive(Debug, Deserialize)]
pub struct User {
    pub login: String,
    pub id: i64,
    pub node_id: String,
    pub avatar_url: String,
    pub html_url: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub site_admin: bool,
}

#[derive(Debug, Deserialize)]
pub struct Installation {
    pub id: i64,
    pub node_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Organization {
    pub login: String,
    pub id: i64,
    pub node_id: String,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Repository {
    pub id: i64,
    pub node_id: String,
    pub name: String,
    pub full_name: String,
    pub private: bool,
    pub owner: User,
    pub html_url: String,
    pub description: Option<String>,
    pub fork: bool,
    pub url: String,
    pub homepage: Option<String>,
    pub language: Option<String>,
    pub stargazers_count: i64,
    pub watchers_count: i64,
    pub forks_count: i64,
    pub open_issues_count: i64,
    pub archived: bool,
    pub disabled: Option<bool>,
    pub default_branch: String,
    pub topics: Option<Vec<String>>,
    pub visibility: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Label {
    pub id: i64,
    pub node_id: String,
    pub url: String,
    pub name: String,
    pub color: String,
    pub default: bool,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Milestone {
    pub id: i64,
    pub node_id: String,
    pub number: i64,
    pub title: String,
    pub description: Option<String>,
    pub creator: Option<User>,
    pub open_issues: i64,
    pub closed_issues: i64,
    pub state: String,
    pub created_at: String,
    pub updated_at: String,
    pub due_on: Option<String>,
    pub closed_at: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Issue {
    pub id: i64,
    pub node_id: String,
    pub number: i64,
    pub title: String,
    pub user: User,
    pub labels: Vec<Label>,
    pub state: String,
    pub locked: bool,
    pub assignee: Option<User>,
    pub assignees: Vec<User>,
    pub milestone: Option<Milestone>,
    pub comments: i64,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
    pub author_association: String,
    pub body: Option<String>,
    pub html_url: String,
}

#[derive(Debug, Deserialize)]
pub struct Commit {
    pub id: String,
    pub tree_id: String,
    pub distinct: bool,
    pub message: String,
    pub timestamp: String,
    pub url: String,
    pub author: CommitUser,
    pub committer: CommitUser,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub modified: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct CommitUser {
    pub name: String,
    pub email: Option<String>,
    pub username: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PullRequest {
    pub id: i64,
    pub node_id: String,
    pub number: i64,
    pub html_url: String,
    pub state: String,
    pub locked: bool,
    pub title: String,
    pub user: User,
    pub body: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
    pub merged_at: Option<String>,
    pub merge_commit_sha: Option<String>,
    pub assignee: Option<User>,
    pub assignees: Vec<User>,
    pub requested_reviewers: Vec<User>,
    pub labels: Vec<Label>,
    pub milestone: Option<Milestone>,
    pub head: Branch,
    pub base: Branch,
    pub author_association: String,
    pub draft: Option<bool>,
    pub merged: bool,
    pub mergeable: Option<bool>,
    pub mergeable_state: String,
    pub merged_by: Option<User>,
    pub comments: i64,
    pub review_comments: i64,
    pub commits: i64,
    pub additions: i64,
    pub deletions: i64,
    pub changed_files: i64,
}

#[derive(Debug, Deserialize)]
pub struct Branch {
    pub label: String,
    #[serde(rename = "ref")]
    pub git_ref: String,
    pub sha: String,
    pub user: User,
    pub repo: Option<Repository>,
}
