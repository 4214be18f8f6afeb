//! Mailboxes, messages and receipts (PostgreSQL).

use tokio_postgres::Transaction;

use super::pool::Pool;
use crate::error::StoreError;
use crate::secrets::SaltedHash;
use crate::store::{Message, NewMessage, Receipt, StoreResult};

pub(super) async fn create_mailbox(
    pool: &Pool,
    id: &str,
    token: &SaltedHash,
    at: i64,
) -> StoreResult<()> {
    let client = pool.get().await?;
    client
        .execute(
            "INSERT INTO mailboxes (id, token_salt, token_hash, created_at) VALUES ($1, $2, $3, $4)",
            &[&id, &token.salt, &token.hash, &at],
        )
        .await?;
    Ok(())
}

pub(super) async fn mailbox(pool: &Pool, id: &str) -> StoreResult<Option<SaltedHash>> {
    let mut client = pool.get().await?;
    let stmt = client
        .cached("SELECT token_salt, token_hash FROM mailboxes WHERE id = $1")
        .await?;
    let row = client.query_opt(&stmt, &[&id]).await?;
    match row {
        Some(r) => Ok(Some(SaltedHash {
            salt: r.try_get(0)?,
            hash: r.try_get(1)?,
        })),
        None => Ok(None),
    }
}

pub(super) async fn post_message(pool: &Pool, m: &NewMessage) -> StoreResult<Option<i64>> {
    let client = pool.get().await?;
    // One statement: the recipient's counter and the message move together; no row
    // comes back when the recipient does not exist.
    let row = client
        .query_opt(
            "WITH s AS (UPDATE mailboxes SET message_seq = message_seq + 1 WHERE id = $1
                        RETURNING message_seq)
             INSERT INTO messages (mailbox_id, seq, message_id, sender_id, body, received_at)
             SELECT $1, message_seq, $2, $3, $4, $5 FROM s
             RETURNING seq",
            &[&m.to, &m.message_id, &m.from, &m.body, &m.at],
        )
        .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

async fn add_receipt(
    tx: &Transaction<'_>,
    sender: &str,
    message_id: &str,
    kind: &str,
    at: i64,
) -> StoreResult<()> {
    let n = tx
        .execute(
            "WITH s AS (UPDATE mailboxes SET receipt_seq = receipt_seq + 1 WHERE id = $1
                        RETURNING receipt_seq)
             INSERT INTO receipts (sender_id, seq, message_id, kind, at)
             SELECT $1, receipt_seq, $2, $3, $4 FROM s",
            &[&sender, &message_id, &kind, &at],
        )
        .await?;
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::Corrupt(
            "a receipt for a sender that does not exist".into(),
        ))
    }
}

async fn deliver(
    tx: &Transaction<'_>,
    mailbox: &str,
    message_id: &str,
    sender: &str,
    now: i64,
) -> StoreResult<()> {
    let changed = tx
        .execute(
            "UPDATE messages SET delivered_at = $3
             WHERE mailbox_id = $1 AND message_id = $2 AND delivered_at IS NULL",
            &[&mailbox, &message_id, &now],
        )
        .await?;
    if changed == 1 {
        add_receipt(tx, sender, message_id, "delivered", now).await?;
    }
    Ok(())
}

pub(super) async fn take_messages(
    pool: &Pool,
    mailbox: &str,
    after: i64,
    limit: i64,
    now: i64,
) -> StoreResult<Vec<Message>> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let rows = tx
        .query(
            "SELECT seq, message_id, sender_id, body, received_at FROM messages
             WHERE mailbox_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[&mailbox, &after, &limit],
        )
        .await?;
    let mut messages = Vec::with_capacity(rows.len());
    for r in &rows {
        messages.push(Message {
            seq: r.try_get(0)?,
            message_id: r.try_get(1)?,
            from: r.try_get(2)?,
            body: r.try_get(3)?,
            received_at: r.try_get(4)?,
        });
    }
    for m in &messages {
        deliver(&tx, mailbox, &m.message_id, &m.from, now).await?;
    }
    tx.commit().await?;
    Ok(messages)
}

pub(super) async fn mark_read(
    pool: &Pool,
    mailbox: &str,
    message_id: &str,
    now: i64,
) -> StoreResult<bool> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "SELECT sender_id, read_at FROM messages
             WHERE mailbox_id = $1 AND message_id = $2 FOR UPDATE",
            &[&mailbox, &message_id],
        )
        .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let sender: String = row.try_get(0)?;
    let read_at: Option<i64> = row.try_get(1)?;
    if read_at.is_none() {
        deliver(&tx, mailbox, message_id, &sender, now).await?;
        tx.execute(
            "UPDATE messages SET read_at = $3 WHERE mailbox_id = $1 AND message_id = $2",
            &[&mailbox, &message_id, &now],
        )
        .await?;
        add_receipt(&tx, &sender, message_id, "read", now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn receipts(
    pool: &Pool,
    sender: &str,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<Receipt>> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT seq, message_id, kind, at FROM receipts
             WHERE sender_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[&sender, &after, &limit],
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(Receipt {
            seq: r.try_get(0)?,
            message_id: r.try_get(1)?,
            kind: r.try_get(2)?,
            at: r.try_get(3)?,
        });
    }
    Ok(out)
}
