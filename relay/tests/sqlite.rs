//! The relay suite on SQLite.

mod common;
#[macro_use]
mod suite;

async fn backend() -> Option<common::Backend> {
    Some(common::Backend::sqlite())
}

relay_suite!(backend());
