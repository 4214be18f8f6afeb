//! Bundle (R4 `Bundle`): a container for resources, the form of every file the record
//! imports and of the IPS document it shares.

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::{Decimal, Identifier, Meta};
use crate::fhir::macros::fhir_struct;
use crate::fhir::resources::Resource;

/// What a Bundle is for (R4 value set `bundle-type`, a required binding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BundleType {
    /// A document: a Composition first, then what it refers to.
    Document,
    /// A message.
    Message,
    /// A transaction for a server.
    Transaction,
    /// A server's answer to a transaction.
    TransactionResponse,
    /// A batch for a server.
    Batch,
    /// A server's answer to a batch.
    BatchResponse,
    /// Versions of resources.
    History,
    /// Search results.
    Searchset,
    /// A set of resources with no further meaning.
    #[default]
    Collection,
}

impl BundleType {
    /// The FHIR code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Document => "document",
            Self::Message => "message",
            Self::Transaction => "transaction",
            Self::TransactionResponse => "transaction-response",
            Self::Batch => "batch",
            Self::BatchResponse => "batch-response",
            Self::History => "history",
            Self::Searchset => "searchset",
            Self::Collection => "collection",
        }
    }
}

fhir_struct! {
    /// A container for resources (R4 `Bundle`). `implicitRules`, `language` and
    /// `signature` stay in `extra`.
    pub struct Bundle {
        /// Logical id (`id`).
        opt id: String,
        /// Metadata (`meta`).
        opt meta: Meta,
        /// A persistent identifier; a document must have one (R4 bdl-9).
        opt identifier: Identifier,
        /// What the Bundle is for.
        req type_: BundleType,
        /// When it was assembled (a FHIR instant); a document must have one (bdl-10).
        opt timestamp: String,
        /// The number of search matches (search sets and histories only).
        opt total: u32,
        /// Links to this Bundle and to other pages.
        list link: BundleLink,
        /// The resources.
        list entry: BundleEntry,
    }
}

fhir_struct! {
    /// A link to this Bundle or another page of results (`Bundle.link`).
    pub struct BundleLink {
        /// self | next | previous | ... (IANA link relations).
        req relation: String,
        /// The URL.
        req url: String,
    }
}

fhir_struct! {
    /// One entry (`Bundle.entry`); `response` stays in `extra`.
    pub struct BundleEntry {
        /// Links about this entry.
        list link: BundleLink,
        /// The resource's absolute URL or `urn:uuid:`, which references resolve to.
        opt full_url: String,
        /// The resource.
        opt resource: Resource,
        /// Why it is in a search set.
        opt search: BundleEntrySearch,
        /// What a transaction or batch does with it.
        opt request: BundleEntryRequest,
    }
}

fhir_struct! {
    /// Search information for an entry (`Bundle.entry.search`).
    pub struct BundleEntrySearch {
        /// match | include | outcome.
        opt mode: String,
        /// The search's ranking (0 to 1).
        opt score: Decimal,
    }
}

fhir_struct! {
    /// The request for an entry in a transaction or batch (`Bundle.entry.request`).
    pub struct BundleEntryRequest {
        /// GET | HEAD | POST | PUT | DELETE | PATCH.
        req method: String,
        /// The URL relative to the server's base, e.g. `Patient`.
        req url: String,
        /// Conditional create (`ifNoneExist`).
        opt if_none_exist: String,
    }
}
